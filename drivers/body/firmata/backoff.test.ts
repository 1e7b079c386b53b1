import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('reconnect backoff', () => {
  const policy = { initialMs: 250, maxMs: 10_000, factor: 2, jitter: 0.1 };

  it('doubles from the first delay up to the ceiling', () => {
    const noJitter = (): number => 0;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, policy, noJitter))).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('adds at most the jitter fraction on top', () => {
    expect(backoffDelay(2, policy, () => 1)).toBe(1100);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(1050);
  });
});
