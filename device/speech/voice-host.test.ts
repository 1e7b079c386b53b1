import { describe, expect, it } from 'vitest';
import type { SpeechHealth } from '../http/contract.js';
import { hearsWakeWord } from './voice-host.js';

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
