/**
 * The runtime with a default config (speech.mode 'auto') on this machine, which has no sound card: it starts in
 * touch mode and says why in its log, /healthz, the kiosk config and the staff settings. With a probe that finds
 * everything it decides for voice.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { checkSoundDevice } from '../../drivers/audio/soundcard.js';
import { apiClient } from '../../test/support/api-client.js';
import { bearer, loginAsStaff, loginAsTechnician } from '../../test/support/login.js';
import { parseConfig } from '../config/load.js';
import type { Health, KioskConfig, StaffSettings } from '../http/contract.js';
import { createLogger, silentLogger } from '../log.js';
import { startRuntime, type Runtime } from '../runtime.js';
import { fixedSpeechProbe } from './speech-mode.js';

const noSoundCard = (await checkSoundDevice('capture')).cards.length === 0;
const started: Runtime[] = [];
afterAll(async () => {
  for (const r of started) await r.stop();
});

describe.skipIf(!noSoundCard)('speech mode auto on a machine without a sound card', () => {
  it('starts in touch mode and reports the reason in the log, /healthz, the kiosk and the staff settings', async () => {
    const out = new PassThrough();
    let logged = '';
    out.on('data', (d: Buffer) => (logged += d.toString()));
    const rt = await startRuntime({
      config: parseConfig({ http: { port: 0 } }),
      dataDir: mkdtempSync(join(tmpdir(), 'fd-auto-')),
      log: createLogger({ level: 'info', destination: out }),
      body: new SimulatedBody(0),
    });
    started.push(rt);
    const reason = 'no microphone found (arecord -l lists no sound card); no speaker found (aplay -l lists no sound card): using the touch screen';
    expect(rt.speechMode).toMatchObject({ setting: 'auto', mode: 'text', reason });
    expect(logged).toContain(`"msg":"speech: ${reason}"`);

    const call = apiClient(rt.http!.url);
    const health = (await call<Health>('GET', '/healthz', undefined, bearer(await loginAsTechnician(rt.http!.url)))).body;
    expect(health.parts.speech).toMatchObject({ ok: true, mode: 'text', setting: 'auto', modeReason: reason });
    expect(health.parts.speech.detail).toBe(`speech mode: auto, touch only (${reason})`);
    expect((await call<KioskConfig>('GET', '/api/kiosk')).body).toMatchObject({ voiceEnabled: false, wakePhrase: null });
    const settings = (await call<StaffSettings>('GET', '/api/staff/settings', undefined, bearer(await loginAsStaff(rt.http!.url)))).body;
    expect(settings.voice).toMatchObject({ mode: 'text', setting: 'auto', reason });
  });
});

describe('speech mode auto with a probe', () => {
  it('decides for voice when the probe finds a microphone, a speaker and the models', async () => {
    const ok = { ok: true, detail: 'found' };
    const rt = await startRuntime({
      config: parseConfig({}),
      dataDir: mkdtempSync(join(tmpdir(), 'fd-auto-')),
      log: silentLogger(),
      http: false,
      body: new SimulatedBody(0),
      speechProbe: fixedSpeechProbe({ microphone: ok, speaker: ok, models: ok }),
    });
    started.push(rt);
    expect(rt.speechMode).toMatchObject({ setting: 'auto', mode: 'audio' });
    // Without HTTP this process runs no live voice (the simulator's case): health says so rather than pretending.
    expect(rt.health().parts.speech).toMatchObject({
      mode: 'audio',
      setting: 'auto',
      detail: 'speech mode: audio, but this process runs no live voice (simulator)',
    });
  });
});
