import { describe, expect, it } from 'vitest';
import { MIN_SCALED_TIMEOUT_MS, scaledTimeoutMs } from './audio-visitor.js';

describe("the robot's wait for an answer in a simulated audio visit", () => {
  it('is the dialog wait at real time, scaled with the speed, and kept long enough for speech to be decoded', () => {
    expect(scaledTimeoutMs(8000, 1, true)).toBe(8000);
    expect(scaledTimeoutMs(8000, 1, false)).toBe(8000);
    expect(scaledTimeoutMs(8000, 2, true)).toBe(4000);
    expect(scaledTimeoutMs(8000, 10, true)).toBe(MIN_SCALED_TIMEOUT_MS); // a busy machine may decode behind the source
    expect(scaledTimeoutMs(8000, 10, false)).toBe(800); // a silent visitor: nothing to decode, the scaled wait alone
  });
});
