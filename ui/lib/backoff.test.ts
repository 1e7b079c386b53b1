import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, backoffDelayMs } from './backoff.js';

describe('backoffDelayMs', () => {
  it('doubles from 500 ms and stops growing at the cap', () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3].map((n) => backoffDelayMs(n, noJitter))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelayMs(30, noJitter)).toBe(BACKOFF_MAX_MS);
  });

  it('jitters downwards by at most a fifth', () => {
    expect(backoffDelayMs(1, () => 1)).toBe(800);
    expect(backoffDelayMs(1, () => 0.5)).toBe(900);
  });
});
