/**
 * The support bundle leaves no secret behind: secrets put into every place a config can hold one, and into log
 * lines, must be absent from the serialized bundle, while the rest of the config stays readable.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { makeTestPki } from '../../test/support/certs.js';
import { parseConfig } from '../config/load.js';
import { createLogger, LogRing } from '../log.js';
import { startRuntime, type Runtime } from '../runtime.js';
import { REDACTED } from './redact.js';
import { buildSupportBundle } from './support-bundle.js';

const dir = mkdtempSync(join(tmpdir(), 'fd-bundle-'));
const device = makeTestPki().client('device-secret');
const CERT = device.cert;
const SECRETS = {
  staffPin: '719384',
  technicianPin: '52817306',
  password: 'hunter2-sync-pw',
  tlsKey: device.key,
  // A line of the private key itself: the bundle names no key path, let alone the key.
  tlsKeyContent: readFileSync(device.key, 'utf8').split('\n')[5]!,
  accessKey: 'PICOVOICE-AKEY-0xC0FFEE',
};

let rt: Runtime;

beforeAll(async () => {
  const ring = new LogRing();
  const log = createLogger({ ring, destination: new Writable({ write: (_c, _e, cb) => cb() }) });
  rt = await startRuntime({
    config: parseConfig({
      http: { port: 0 },
      staff: { pin: SECRETS.staffPin },
      technician: { pin: SECRETS.technicianPin },
      // A broker nobody listens on: sync keeps retrying in the background, which is fine here.
      sync: {
        broker: `mqtts://frontdesk:${SECRETS.password}@127.0.0.1:9`,
        username: 'frontdesk',
        password: SECRETS.password,
        tls: { key: SECRETS.tlsKey, cert: CERT },
      },
      speech: { wake: { engine: 'porcupine', accessKey: SECRETS.accessKey, keyword: 'jarvis' } },
    }),
    dataDir: join(dir, 'data'),
    log,
    logRing: ring,
    http: false,
    body: new SimulatedBody(0),
  });
  // Secrets where a careless log line might put them: nested past pino's redaction paths, and in a message.
  log.warn({ attempt: { options: { auth: { password: SECRETS.password } } } }, `retrying with key ${SECRETS.accessKey}`);
  log.info({ pin: SECRETS.technicianPin }, 'technician logged in');
});
afterAll(() => rt?.stop());

describe('support bundle', () => {
  it('holds config, logs, versions, state and doctor output, and not one secret', async () => {
    const bundle = await buildSupportBundle(rt, {
      doctor: async () => [
        { id: 'broker', ok: false, severity: 'error', detail: `cannot connect to mqtts://frontdesk:${SECRETS.password}@127.0.0.1:9`, fix: 'check it' },
      ],
    });
    const text = JSON.stringify(bundle);
    for (const [name, secret] of Object.entries(SECRETS)) expect(text, name).not.toContain(secret);

    const config = bundle.config as {
      staff: { pin: string };
      technician: { pin: string };
      sync: { password: string; username: string; tls: { key: string; cert: string } };
      speech: { wake: { accessKey: string } };
      business: { name: string };
    };
    expect(config.staff.pin).toBe(REDACTED);
    expect(config.technician.pin).toBe(REDACTED);
    expect(config.sync.password).toBe(REDACTED);
    expect(config.sync.tls).toEqual({ key: REDACTED, cert: CERT, rejectUnauthorized: true });
    expect(config.speech.wake.accessKey).toBe(REDACTED);
    expect(config.sync.username).toBe('frontdesk');
    expect(config.business.name).toBe('Luna Salon');

    expect(bundle.format).toBe('frontdesk-support-bundle');
    expect(bundle.versions.node).toBe(process.versions.node);
    expect(bundle.versions.packages.fastify).toMatch(/^\d+\./);
    expect(bundle.doctor.checks[0]!.detail).toContain(`${REDACTED}@127.0.0.1:9`);
    expect(bundle.logs.some((l) => l.msg === `retrying with key ${REDACTED}`)).toBe(true);
    expect(bundle.body.layout.joints.headTilt).toEqual({ min: 60, max: 120, rest: 90 });
    expect(bundle.sync.outbox.pending).toBe(0);
  });

  it('runs the real doctor in process', async () => {
    const bundle = await buildSupportBundle(rt);
    const ids = bundle.doctor.checks.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['store', 'broker', 'outbox', 'serial', 'microphone', 'speaker', 'models', 'technician-pin']));
    expect(JSON.stringify(bundle)).not.toContain(SECRETS.password);
  });
});
