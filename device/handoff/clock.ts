/** Time for things that wait (escalations): injectable, so tests move it by hand instead of sleeping. */
export interface Clock {
  now(): Date;
  /** Calls `fn` once after `ms`; the handle cancels it. */
  setTimer(ms: number, fn: () => void): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimer: (ms, fn) => {
    const t = setTimeout(fn, ms);
    t.unref(); // a pending escalation never keeps the process alive on shutdown
    return t;
  },
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};
