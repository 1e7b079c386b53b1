import { describe, expect, it } from 'vitest';
import { WienerDenoiser } from './denoise.js';

function rms(x: Int16Array, from = 0, to = x.length): number {
  let a = 0;
  for (let i = from; i < to; i++) a += (x[i] as number) ** 2;
  return Math.sqrt(a / Math.max(1, to - from));
}

/** Seeded white-ish noise. */
function noise(n: number, level: number, seed = 1): Int16Array {
  let s = seed;
  return Int16Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return Math.round(((s / 0x7fffffff) * 2 - 1) * level);
  });
}

describe('WienerDenoiser', () => {
  it('keeps the length of the audio, fed in odd-sized pieces, once flushed', () => {
    const d = new WienerDenoiser();
    const input = noise(16_000, 1000);
    let n = 0;
    for (let i = 0; i < input.length; i += 333) n += d.process(input.subarray(i, i + 333)).length;
    n += d.flush().length;
    expect(n).toBe(input.length);
  });

  it('lowers steady noise after learning it from the lead, and keeps a tone that rises above it', () => {
    const d = new WienerDenoiser({ noiseLeadMs: 200 });
    const n = 32_000;
    const bg = noise(n, 800, 7);
    const input = bg.slice();
    for (let i = 16_000; i < n; i++) input[i] = (input[i] as number) + Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / 16_000));
    const out = new Int16Array(n);
    let o = 0;
    for (let i = 0; i < n; i += 320) {
      const y = d.process(input.subarray(i, i + 320));
      out.set(y, o);
      o += y.length;
    }
    out.set(d.flush(), o);
    // Noise alone (after the learning lead), before the tone: at least 10 dB down.
    expect(rms(out, 6000, 15_000)).toBeLessThan(rms(input, 6000, 15_000) / 3);
    // The tone keeps most of its level.
    expect(rms(out, 18_000, 31_000)).toBeGreaterThan(rms(input, 18_000, 31_000) * 0.8);
  });
});
