import { describe, expect, it } from 'vitest';
import { checkVoice } from './doctor.js';

describe('checkVoice', () => {
  it('reports each engine and the audio devices, with advice when something is missing', async () => {
    const checks = await checkVoice();
    const by = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(Object.keys(by)).toEqual(['tts flite', 'tts festival', 'stt pocketsphinx', 'stt denoise', 'audio microphone', 'audio speaker']);
    expect(by['tts flite']?.ok).toBe(true);
    expect(by['tts festival']?.ok).toBe(true);
    expect(by['stt pocketsphinx']?.ok).toBe(true);
    expect(by['stt denoise']?.ok).toBe(true);
    for (const c of checks) if (!c.ok) expect(c.detail.length).toBeGreaterThan(10);
    const bad = await checkVoice({ festivalVoice: 'no_such_voice' });
    expect(bad.find((c) => c.name === 'tts festival')).toMatchObject({ ok: false, detail: expect.stringMatching(/not installed/) });
  });
});
