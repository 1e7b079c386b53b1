/**
 * Turns a stream of per-hop scores into detections, clock-free: a detection when the score reaches the threshold,
 * then nothing until both the refractory period has passed and the score has fallen below the threshold again,
 * so one utterance gives one detection however many hops it stays above the threshold.
 */
export const DEFAULT_WAKE_THRESHOLD = 0.5;
export const DEFAULT_REFRACTORY_MS = 2000;

export interface GateOptions {
  threshold?: number; // 0..1, default 0.5
  refractoryMs?: number; // default 2000 ms
}

export class DetectionGate {
  readonly threshold: number;
  readonly refractoryMs: number;
  private lastDetectionMs = Number.NEGATIVE_INFINITY;
  private armed = true;

  constructor(options: GateOptions = {}) {
    this.threshold = options.threshold ?? DEFAULT_WAKE_THRESHOLD;
    this.refractoryMs = options.refractoryMs ?? DEFAULT_REFRACTORY_MS;
    if (!(this.threshold > 0 && this.threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${this.threshold}`);
    if (!(this.refractoryMs >= 0)) throw new RangeError(`refractoryMs must be >= 0, got ${this.refractoryMs}`);
  }

  /** `atMs`: stream time of the score. Returns true when this score is a new detection. */
  update(score: number, atMs: number): boolean {
    const above = score >= this.threshold;
    if (!this.armed) {
      if (!above && atMs - this.lastDetectionMs >= this.refractoryMs) this.armed = true;
      return false;
    }
    if (!above) return false;
    this.armed = false;
    this.lastDetectionMs = atMs;
    return true;
  }

  reset(): void {
    this.lastDetectionMs = Number.NEGATIVE_INFINITY;
    this.armed = true;
  }
}
