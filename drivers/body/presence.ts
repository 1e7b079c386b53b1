/**
 * Presence from a PIR and/or a distance sensor, clock-free: feed readings with their time, get a debounced
 * present/absent decision. Hysteresis on distance (arrive nearer than `nearCm`, leave farther than `farCm`),
 * debounce on time (arrival must hold `arriveMs`, absence must hold `leaveMs`).
 */
export interface PresenceOptions {
  nearCm: number;
  farCm: number;
  arriveMs: number;
  leaveMs: number;
}

export interface PresenceReading {
  pir?: boolean;
  distanceCm?: number;
}

export class PresenceFilter {
  private stable = false;
  private rawSince: number | undefined;
  private raw = false;
  private reading: PresenceReading = {};

  constructor(private readonly options: PresenceOptions) {
    if (options.farCm < options.nearCm) throw new RangeError(`presence farCm (${options.farCm}) must be >= nearCm (${options.nearCm})`);
  }

  get present(): boolean {
    return this.stable;
  }

  /** Folds in a reading (either field may be absent) at time `nowMs`; returns the new state if it changed. */
  update(nowMs: number, reading: PresenceReading = {}): boolean | undefined {
    this.reading = { ...this.reading, ...reading };
    const { pir, distanceCm } = this.reading;
    // Distance with hysteresis: what counts as "near" depends on whether someone is already there.
    const near = distanceCm !== undefined && distanceCm < (this.stable ? this.options.farCm : this.options.nearCm);
    const raw = pir === true || near;
    if (raw !== this.raw || this.rawSince === undefined) {
      this.raw = raw;
      this.rawSince = nowMs;
    }
    if (raw !== this.stable && nowMs - this.rawSince >= (raw ? this.options.arriveMs : this.options.leaveMs)) {
      this.stable = raw;
      return raw;
    }
    return undefined;
  }

  /** An announced-to-be arrival that a fresh reading did not confirm: back to absent, with `reading` folded in. */
  retract(nowMs: number, reading: PresenceReading = {}): void {
    this.stable = false;
    this.rawSince = undefined;
    this.update(nowMs, reading);
  }
}

/** Sharp GP2Y0A21-style IR distance sensor: volts -> cm (cm = a * V^b), clamped to the sensor's range. */
export function voltsToCm(volts: number, a = 29.988, b = -1.173, minCm = 10, maxCm = 150): number {
  if (volts <= 0.05) return maxCm;
  return Math.max(minCm, Math.min(maxCm, a * volts ** b));
}
