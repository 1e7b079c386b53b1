import { describe, expect, it } from 'vitest';
import { CaptureClock } from './capture-clock.js';

describe('CaptureClock', () => {
  it('dates late frames by when they were captured, and follows a drifting source', () => {
    const c = new CaptureClock(1000);
    expect(c.capturedAt(20, 1020)).toBe(1020); // stream started at epoch 1000
    expect(c.capturedAt(40, 1041)).toBe(1040);
    // A busy event loop: three frames arrive together, 200 ms late.
    expect([60, 80, 100].map((ms) => c.capturedAt(ms, 1300))).toEqual([1060, 1080, 1100]);
    // The source's clock runs 5 ms slow against ours; once the old estimate leaves the window, it is followed.
    expect(c.capturedAt(3000, 4005)).toBe(4005);
  });
});
