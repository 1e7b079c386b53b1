/**
 * `frontdesk start` with speech.mode 'audio' on a machine without a sound card (this one, CI): the process starts,
 * says in its output and in /healthz that voice is off, why and how to fix it, and the kiosk still takes a lead by
 * touch and syncs it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactView, Health, KioskConfig, StaffSettings, SubmitResult, VisitView } from '../../device/http/contract.js';
import { checkSoundDevice } from '../../drivers/audio/soundcard.js';
import { bearer, loginAsStaff, loginAsTechnician, TEST_STAFF_PIN } from '../support/login.js';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.js';

const noSoundCard = !(await checkSoundDevice('capture')).ok && !(await checkSoundDevice('playback')).ok;
const dir = mkdtempSync(join(tmpdir(), 'fd-nosound-'));
let runtime: RuntimeProcess;

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const r = await fetch(runtime.url + path, {
    method,
    headers: { origin: runtime.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, body: (await r.json()) as T };
}

beforeAll(async () => {
  if (!noSoundCard) return;
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ speech: { mode: 'audio' }, staff: { pin: TEST_STAFF_PIN } }));
  runtime = await startRuntimeProcess(['--data-dir', join(dir, 'data'), '--config', config], { FRONTDESK_LOG_LEVEL: 'error' });
});

afterAll(async () => {
  if (runtime) expect(await runtime.stop()).toBe(0);
});

describe.skipIf(!noSoundCard)('speech mode audio without a sound card', () => {
  it('starts, reports voice off with the reason and the fix, and still stores and syncs a touch lead', async () => {
    // Voice comes up in the background; the device check settles within a few seconds.
    const technician = bearer(await loginAsTechnician(runtime.url)); // /healthz details need a technician
    let health: Health | undefined;
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      health = (await call<Health>('GET', '/healthz', undefined, technician)).body;
      if (health.parts.speech.state !== 'starting') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const speech = health!.parts.speech;
    expect(health!.status).toBe('degraded');
    expect(speech).toMatchObject({ ok: false, mode: 'audio', state: 'off', listening: false, dialog: null });
    expect(speech.detail).toMatch(/^voice is off: No microphone: .*no sound card.*; the touchscreen keeps working$/);
    expect(speech.devices).toMatchObject({ input: { kind: 'microphone', ok: false }, output: { kind: 'speaker', ok: false } });
    expect(speech.engines).toMatchObject({ wake: { kind: 'openwakeword', phrase: 'hey jarvis' }, vad: 'silero', stt: 'pocketsphinx', denoise: 'rnnoise' });
    expect(speech.lastError?.code).toBe('audio_no_sound_card');
    expect(speech.fix).toMatch(/sound card.*speech\.input\.device.*speech\.mode/s);
    // Nobody can wake a robot without a microphone: the attract screen does not invite visitors to try.
    expect((await call<KioskConfig>('GET', '/api/kiosk')).body.wakePhrase).toBeNull();
    for (const end = Date.now() + 3000; !/Voice: /.test(runtime.output()) && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
    expect(runtime.output()).toMatch(/Voice: +voice is off: No microphone/);
    expect(runtime.output()).toMatch(/"code":"audio_no_sound_card"/); // the error in the log

    // The kiosk by touch, exactly as the form does it.
    const visit = (await call<VisitView>('POST', '/api/visits', { trigger: 'touch' })).body;
    expect((await call<VisitView>('PATCH', `/api/visits/${visit.id}/fields`, { values: { name: 'Noor Haddad' } })).status).toBe(200);
    const submitted = await call<SubmitResult>('POST', `/api/visits/${visit.id}/submit`, {
      values: { name: 'Noor Haddad', phone: '415 555 0142', email: 'noor@example.com', reason: 'haircut', consent: true },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.firstName).toBe('Noor');

    const auth = bearer(await loginAsStaff(runtime.url));
    let stored: ContactView | undefined;
    const synced = Date.now() + 10_000;
    while (Date.now() < synced) {
      stored = (await call<ContactView[]>('GET', '/api/staff/contacts', undefined, auth)).body.find((c) => c.id === submitted.body.contactId);
      if (stored?.sync.state === 'delivered') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(stored).toMatchObject({ name: 'Noor Haddad', phone: '+14155550142', source: 'kiosk-touch' });
    expect(stored?.sync.state).toBe('delivered');
    expect((await call<StaffSettings>('GET', '/api/staff/settings', undefined, auth)).body.voice.mode).toBe('audio');
    expect(runtime.child.exitCode).toBeNull(); // still running
  });
});
