import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleTimer } from './idle.js';

describe('IdleTimer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(warnMs = 0) {
    const target = new EventTarget();
    const log: string[] = [];
    const timer = new IdleTimer({
      timeoutMs: 60_000,
      warnMs,
      target,
      onIdle: () => log.push('idle'),
      onWarn: () => log.push('warn'),
      onResume: () => log.push('resume'),
    });
    timer.start();
    return { target, log, timer };
  }

  it('fires once after the timeout without activity', () => {
    const { log } = setup();
    vi.advanceTimersByTime(59_999);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['idle']);
    vi.advanceTimersByTime(120_000);
    expect(log).toEqual(['idle']);
  });

  it('restarts the wait on every touch or key', () => {
    const { target, log } = setup();
    vi.advanceTimersByTime(50_000);
    target.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(50_000);
    target.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(59_000);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(log).toEqual(['idle']);
  });

  it('warns before going idle, and resumes when touched in time', () => {
    const { target, log } = setup(15_000);
    vi.advanceTimersByTime(45_000);
    expect(log).toEqual(['warn']);
    target.dispatchEvent(new Event('pointerdown'));
    expect(log).toEqual(['warn', 'resume']);
    vi.advanceTimersByTime(60_000);
    expect(log).toEqual(['warn', 'resume', 'warn', 'idle']);
  });

  it('stops listening once stopped', () => {
    const { target, log, timer } = setup();
    timer.stop();
    target.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(120_000);
    expect(log).toEqual([]);
  });
});
