/** Reconnect delays: doubling from BASE_MS up to MAX_MS, with up to 20% jitter so a fleet does not reconnect in step. */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 10_000;

/** Delay before reconnect attempt `attempt` (0 = first retry). `random` is injectable for tests. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const plain = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(plain * (1 - 0.2 * random()));
}
