import { describe, expect, it } from 'vitest';
import { NOISE_LEAD_MS, NOISE_TRAIL_MS, withNoise } from './noise.js';

/** A 440 Hz tone, as a stand-in for speech. */
function tone(ms: number, amp = 8000): Int16Array {
  return Int16Array.from({ length: ms * 16 }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * 440 * i) / 16000)));
}
const power = (s: Int16Array, from = 0, to = s.length) => {
  let p = 0;
  for (let i = from; i < to; i++) p += s[i]! * s[i]!;
  return p / (to - from);
};

describe('room noise for simulated visits', () => {
  it('pads the speech and mixes noise at the SNR asked, repeatably', () => {
    const speech = tone(1000);
    const out = withNoise(speech, { snrDb: 15, seed: 7 });
    expect(out.length).toBe(speech.length + (NOISE_LEAD_MS + NOISE_TRAIL_MS) * 16);
    const noiseOnly = power(out, 0, NOISE_LEAD_MS * 16);
    const snr = 10 * Math.log10(power(speech) / noiseOnly);
    expect(Math.abs(snr - 15)).toBeLessThan(1.5);
    expect(withNoise(speech, { snrDb: 15, seed: 7 })).toEqual(out);
    expect(withNoise(speech, { snrDb: 15, seed: 8 })).not.toEqual(out);
  });

  it('is louder at a lower SNR, and refuses a non-number', () => {
    const speech = tone(500);
    const lead = NOISE_LEAD_MS * 16;
    expect(power(withNoise(speech, { snrDb: 5, seed: 1 }), 0, lead)).toBeGreaterThan(power(withNoise(speech, { snrDb: 20, seed: 1 }), 0, lead));
    expect(() => withNoise(speech, { snrDb: Number.NaN, seed: 1 })).toThrow(/snrDb/);
  });
});

describe("a persona's words as people say them", () => {
  it('says providers and spelled letters as people do, and leaves the rest', async () => {
    const { asPeopleSay } = await import('./audio-run.js');
    expect(asPeopleSay('it is mary at gmail dot com')).toBe('it is mary at gee mail dot com');
    expect(asPeopleSay('a n n a at icloud dot com')).toBe('ay n n ay at eye cloud dot com');
    expect(asPeopleSay('I want a haircut')).toBe('I want a haircut');
  });
});
