/**
 * A token bucket per key (e.g. per client address): `capacity` actions at once, then one more every `refillMs`.
 * Clock injectable; keys idle long enough to be full again are forgotten so the map stays small.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly refillMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `key`; returns 0 when allowed, else the ms until the next token. */
  take(key: string): number {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    const refilled = Math.min(this.capacity, b.tokens + (now - b.at) / this.refillMs);
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, at: now });
      return Math.ceil((1 - refilled) * this.refillMs);
    }
    this.buckets.set(key, { tokens: refilled - 1, at: now });
    if (this.buckets.size > 1000) this.forgetFull(now);
    return 0;
  }

  private forgetFull(now: number): void {
    for (const [k, b] of this.buckets) if (b.tokens + (now - b.at) / this.refillMs >= this.capacity) this.buckets.delete(k);
  }
}
