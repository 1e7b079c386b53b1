/**
 * Rate-limited motion, clock-free: given where a joint is, where it should go and how far it may move per second,
 * where is it after `dtMs`? The driver calls this on every motion tick.
 */

/** Position after one tick toward `target`, moving at most `degPerS` degrees per second. */
export function stepToward(current: number, target: number, degPerS: number, dtMs: number): number {
  const maxStep = (degPerS * Math.max(0, dtMs)) / 1000;
  const delta = target - current;
  if (Math.abs(delta) <= maxStep) return target;
  return current + Math.sign(delta) * maxStep;
}

/** Speed (deg/s) that covers `from`->`to` in `ms`, never above `maxDegPerS`. Zero time means as fast as allowed. */
export function speedFor(from: number, to: number, ms: number, maxDegPerS: number): number {
  if (ms <= 0) return maxDegPerS;
  return Math.min(maxDegPerS, Math.max(1, (Math.abs(to - from) * 1000) / ms));
}

/** An angle clamped to a joint's limits. */
export function clampAngle(degrees: number, min: number, max: number): number {
  if (Number.isNaN(degrees)) return min + (max - min) / 2;
  return Math.max(min, Math.min(max, degrees));
}
