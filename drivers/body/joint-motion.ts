/**
 * Joint motion: every joint has a commanded position and a target; a tick every `stepMs` moves each joint toward
 * its target by at most its speed, and writes the new whole-degree angle through `write`. Targets are clamped to
 * the joint's limits and speeds to its maxDegPerS. `halt` freezes every joint where it is.
 */
import { clampAngle, speedFor, stepToward } from './motion.js';

export interface JointLimits {
  pin: number;
  min: number;
  max: number;
  rest: number;
  maxDegPerS: number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

interface Joint {
  limits: JointLimits;
  current: number;
  target: number;
  speed: number;
  written: number;
  waiters: Waiter[];
}

export class JointMotion {
  private readonly joints = new Map<string, Joint>();
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;

  /**
   * @param write sends one joint's angle (whole degrees) to the hardware
   * @param stepMs motion tick period, ms
   */
  constructor(
    limits: Record<string, JointLimits>,
    private readonly write: (pin: number, degrees: number) => void,
    private readonly stepMs: number,
  ) {
    for (const [name, l] of Object.entries(limits)) {
      this.joints.set(name, { limits: l, current: l.rest, target: l.rest, speed: l.maxDegPerS, written: l.rest, waiters: [] });
    }
  }

  names(): string[] {
    return [...this.joints.keys()];
  }

  has(name: string): boolean {
    return this.joints.has(name);
  }

  /** Commanded positions, degrees, one decimal. */
  positions(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, j] of this.joints) out[name] = Math.round(j.current * 10) / 10;
    return out;
  }

  /** Present position of every joint, for (re)sending to hardware. */
  current(): Array<{ pin: number; degrees: number }> {
    return [...this.joints.values()].map((j) => ({ pin: j.limits.pin, degrees: Math.round(j.current) }));
  }

  /**
   * Sends joint `name` toward `degrees` (clamped), at most at its speed limit, or so as to arrive in `ms` if given.
   * Settles when it arrives (or is superseded by a newer target); rejects if halted.
   */
  aim(name: string, degrees: number, ms?: number): Promise<void> {
    const joint = this.joints.get(name);
    if (!joint) return Promise.reject(new RangeError(`no joint named ${name}`));
    for (const w of joint.waiters.splice(0)) w.resolve(); // superseded
    const { min, max, maxDegPerS } = joint.limits;
    joint.target = clampAngle(degrees, min, max);
    joint.speed = ms === undefined ? maxDegPerS : speedFor(joint.current, joint.target, ms, maxDegPerS);
    if (joint.target === joint.current) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => joint.waiters.push({ resolve, reject }));
    this.start();
    return done;
  }

  /** Stops every joint where it is; pending aims reject with `reason`. */
  halt(reason: Error): void {
    for (const joint of this.joints.values()) {
      joint.target = joint.current;
      for (const w of joint.waiters.splice(0)) w.reject(reason);
    }
    this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private start(): void {
    if (this.timer) return;
    this.lastTick = performance.now();
    this.timer = setInterval(() => this.tick(), this.stepMs);
  }

  private tick(): void {
    const now = performance.now();
    // Never jump more than a few steps' worth after a stall (GC, busy CPU).
    const dt = Math.min(now - this.lastTick, this.stepMs * 3);
    this.lastTick = now;
    let moving = false;
    for (const joint of this.joints.values()) {
      if (joint.current === joint.target) continue;
      joint.current = stepToward(joint.current, joint.target, joint.speed, dt);
      const rounded = Math.round(joint.current);
      if (rounded !== joint.written) {
        joint.written = rounded;
        this.write(joint.limits.pin, rounded);
      }
      if (joint.current === joint.target) {
        for (const w of joint.waiters.splice(0)) w.resolve();
      } else moving = true;
    }
    if (!moving) this.stop();
  }
}
