/**
 * Exponential backoff with jitter, for reconnects and resends. Clock-free: it only computes delays, the caller owns
 * the timers. "Equal jitter": each delay is uniformly random in [d/2, d] where d = min(max, min * 2^attempt), so a
 * fleet that lost its broker at the same moment does not come back in lockstep, yet no delay is near zero.
 */
export interface BackoffOptions {
  minMs: number;
  maxMs: number;
  /** Uniform [0, 1); injectable for tests. */
  random?: () => number;
}

export function backoffDelay(attempt: number, opts: BackoffOptions): number {
  const random = opts.random ?? Math.random;
  const ceiling = Math.min(opts.maxMs, opts.minMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** A backoff that counts its own attempts: `next()` after each failure, `reset()` after a success. */
export class Backoff {
  private attempt = 0;
  constructor(private readonly opts: BackoffOptions) {
    if (!(opts.minMs > 0) || !(opts.maxMs >= opts.minMs)) throw new RangeError(`backoff needs 0 < minMs <= maxMs, got ${opts.minMs} and ${opts.maxMs}`);
  }
  next(): number {
    return backoffDelay(this.attempt++, this.opts);
  }
  reset(): void {
    this.attempt = 0;
  }
  get attempts(): number {
    return this.attempt;
  }
}
