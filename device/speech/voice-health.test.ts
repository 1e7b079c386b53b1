import { describe, expect, it } from 'vitest';
import type { SpeechHealth } from '../http/contract.js';
import { parseConfig } from '../config/load.js';
import { fixFor, firstSentence, hearsWakeWord, voiceHealth } from './voice-health.js';

const mic = (ok: boolean | null) => ({ input: { kind: 'microphone', ok, detail: '' }, output: { kind: 'speaker', ok, detail: '' } });
const health = (h: Partial<SpeechHealth>): SpeechHealth => ({ ok: true, detail: '', mode: 'audio', ...h });

describe('hearsWakeWord (whether the kiosk invites visitors to say the wake phrase)', () => {
  it('is true while listening, and while first starting with a microphone not yet tried', () => {
    expect(hearsWakeWord(health({ state: 'listening', devices: mic(true) }))).toBe(true);
    expect(hearsWakeWord(health({ state: 'starting', devices: mic(null) }))).toBe(true);
  });

  it('is false in text mode, when voice is off or stopped, and while retrying a microphone that failed', () => {
    expect(hearsWakeWord({ ok: true, detail: 'speech mode: text', mode: 'text' })).toBe(false);
    expect(hearsWakeWord(health({ state: 'off', devices: mic(false) }))).toBe(false);
    expect(hearsWakeWord(health({ state: 'stopped', devices: mic(true) }))).toBe(false);
    expect(hearsWakeWord(health({ state: 'starting', devices: mic(false) }))).toBe(false); // the 30 s retry
  });
});

describe('voiceHealth (what /healthz says about the live voice)', () => {
  const config = parseConfig({ speech: { mode: 'audio' } }).speech;
  const device = (kind: string, ok: boolean | null, detail: string) => ({ kind, ok, detail });
  const base = {
    config,
    engines: null,
    input: device('microphone', true, 'open'),
    output: device('speaker', true, 'open'),
    problem: null,
    lastError: null,
    dialog: null,
  };

  it('listening: ok, names the wake phrase and engine, and whether a visitor is talking', () => {
    const idle = voiceHealth({ ...base, state: 'listening' });
    expect(idle).toMatchObject({ ok: true, listening: true, state: 'listening', engines: { wake: { kind: 'openwakeword', phrase: 'hey jarvis' } } });
    expect(idle.detail).toBe('listening for "hey jarvis" (openwakeword); no visit by voice now');
    expect(idle.fix).toBeUndefined();
    const talking = voiceHealth({ ...base, state: 'listening', dialog: { visitId: 'v1', since: Date.UTC(2026, 0, 2, 3, 4, 5) } });
    expect(talking.detail).toMatch(/talking with a visitor$/);
    expect(talking.dialog).toEqual({ visitId: 'v1', since: '2026-01-02T03:04:05.000Z' });
  });

  it('off without a sound card: not ok, says what is wrong, and the fix names the device setting and text mode', () => {
    const problem = { code: 'audio_no_sound_card', message: 'No microphone: no sound card', at: '2026-01-01T00:00:00.000Z' };
    const h = voiceHealth({ ...base, state: 'off', input: device('microphone', false, 'No microphone: no sound card'), problem, lastError: problem });
    expect(h).toMatchObject({ ok: false, listening: false, lastError: problem });
    expect(h.detail).toBe('voice is off: No microphone: no sound card; the touchscreen keeps working');
    expect(h.fix).toMatch(/arecord -l.*speech\.input\.device.*every 30 s.*speech\.mode to "text"/s);
  });

  it('sends a wake word problem to the wake settings, anything else to the doctor', () => {
    expect(fixFor({ code: 'wake_unknown_phrase', message: 'x', at: '' }, config)).toMatch(/speech\.wake/);
    expect(fixFor({ code: 'porcupine_access_key_missing', message: 'x', at: '' }, config)).toMatch(/speech\.wake/);
    expect(fixFor({ code: 'stt_failed', message: 'x', at: '' }, config)).toMatch(/frontdesk doctor/);
  });

  it('firstSentence keeps what is wrong and leaves the advice (even with a period in parentheses)', () => {
    expect(firstSentence('No microphone (arecord -l lists none. really). Plug one in.')).toBe('No microphone (arecord -l lists none. really)');
    expect(firstSentence('Speaker failed.')).toBe('Speaker failed');
  });
});
