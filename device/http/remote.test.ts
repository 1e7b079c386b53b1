/**
 * Remote access only on purpose: a non-loopback host is refused at start unless remote access is on with TLS; then
 * the kiosk API is served over HTTPS only, with the same Host and Origin rules.
 */
import { readFileSync, mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { ensureUiBuilt } from '../../test/support/build-ui.js';
import { makeTestPki, type TestPki } from '../../test/support/certs.js';
import { ConfigError, parseConfig } from '../config/load.js';
import { silentLogger } from '../log.js';
import { startRuntime, type Runtime } from '../runtime.js';

function problems(input: unknown): string {
  try {
    parseConfig(input);
    return 'accepted';
  } catch (err) {
    return err instanceof ConfigError ? err.message : String(err);
  }
}

describe('remote access config', () => {
  it('refuses a non-loopback host without remote access and TLS, naming the field and the way to allow it', () => {
    expect(problems({ http: { host: '0.0.0.0' } })).toMatch(/http\.host.*not loopback.*http\.remote/s);
    expect(problems({ http: { host: '192.168.1.20', remote: { enabled: true } } })).toMatch(/http\.remote\.tls.*needs TLS/s);
    expect(problems({ http: { host: '0.0.0.0', remote: { enabled: true, tls: { cert: 'c.pem', key: 'k.pem' } } } })).toMatch(/http\.remote\.hostnames/);
    expect(problems({ http: { host: '192.168.1.20', remote: { enabled: true, tls: { cert: 'c.pem', key: 'k.pem' } } } })).toBe('accepted');
    expect(problems({ http: { host: '127.0.0.1' } })).toBe('accepted');
    expect(problems({ http: { host: '::1' } })).toBe('accepted');
  });
});

let pki: TestPki;
let rt: Runtime;
let port: number;

beforeAll(async () => {
  ensureUiBuilt();
  pki = makeTestPki();
  rt = await startRuntime({
    config: parseConfig({
      http: { host: '0.0.0.0', port: 0, remote: { enabled: true, tls: { cert: pki.serverCert, key: pki.serverKey }, hostnames: ['localhost'] } },
    }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-remote-')),
    log: silentLogger(),
    body: new SimulatedBody(0),
  });
  port = rt.http!.port;
});
afterAll(() => rt?.stop());

function get(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, ca: readFileSync(pki.ca), servername: 'localhost' }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('remote access over HTTPS', () => {
  it('serves HTTPS with a verified certificate, and nothing over plain HTTP', async () => {
    expect(rt.http!.url).toBe(`https://localhost:${port}`);
    const r = await get('/healthz', { host: `localhost:${port}` });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ parts: { store: { ok: true } } });
    const plain = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (x) => `HTTP ${x.status}`,
      () => 'refused',
    );
    expect(plain).not.toBe('HTTP 200');
  });

  it('applies the same Host and Origin rules remotely', async () => {
    expect((await get('/api/kiosk', { host: `evil.example:${port}` })).status).toBe(421);
    const json = { 'content-type': 'application/json' };
    const foreign = await get('/api/visits', { host: `localhost:${port}`, origin: `http://localhost:${port}`, ...json }, 'POST', '{}');
    expect(foreign.status).toBe(403); // http:// is not this device's origin: only https://
    const own = await get('/api/visits', { host: `localhost:${port}`, origin: `https://localhost:${port}`, ...json }, 'POST', '{}');
    expect(own.status).toBe(200);
    const page = await get('/', { host: `localhost:${port}` });
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Secure/);
  });
});
