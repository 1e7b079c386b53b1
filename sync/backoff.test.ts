import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay } from './backoff.js';

describe('backoff', () => {
  it('doubles up to the ceiling and keeps each delay within [d/2, d]', () => {
    const lo = { minMs: 100, maxMs: 1000, random: () => 0 };
    const hi = { minMs: 100, maxMs: 1000, random: () => 0.999999 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, lo))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, hi))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('spreads delays with jitter and starts over after reset', () => {
    let i = 0;
    const seq = [0.1, 0.9, 0.5];
    const b = new Backoff({ minMs: 1000, maxMs: 60_000, random: () => seq[i++ % seq.length]! });
    const a = b.next();
    const c = b.next();
    expect(a).toBe(550);
    expect(c).toBe(1900);
    expect(b.attempts).toBe(2);
    b.reset();
    expect(b.next()).toBe(750);
  });

  it('refuses nonsense bounds', () => {
    expect(() => new Backoff({ minMs: 0, maxMs: 10 })).toThrow(RangeError);
    expect(() => new Backoff({ minMs: 100, maxMs: 10 })).toThrow(RangeError);
  });
});
