/**
 * The simulated body: joints and lights held in memory. It lets the whole product run with no hardware, and it keeps
 * the Firmata body's contract (drivers/body/body-contract.test.ts runs the same suite against both): the same layout
 * from the same config (joints and limits, lights, the gestures of gestures.ts), the same coded errors (estop_engaged,
 * unknown_joint, unknown_light, unknown_gesture, not_connected, closed), gestures played by the same GestureRun and
 * announced at start and end, the rest pose on close. Motion is instant; keyframe times scale by `timeScale`.
 */
import { EventEmitter } from 'node:events';
import { BodyError, estopError } from './body-errors.js';
import { DEFAULT_FIRMATA_BODY_CONFIG, type FirmataBodyConfig } from './firmata-config.js';
import { GestureRun } from './gesture-player.js';
import type { Gesture, GestureSet } from './gestures.js';
import type { BodyDriver, BodyEvents, BodyLayout, BodyState, GestureName, GesturePlay } from './types.js';

export type JointLimits = Record<string, { min: number; max: number; rest: number }>;

export const DEFAULT_JOINT_LIMITS: JointLimits = Object.fromEntries(
  Object.entries(DEFAULT_FIRMATA_BODY_CONFIG.joints).map(([name, j]) => [name, { min: j.min, max: j.max, rest: j.rest }]),
);

export interface SimulatedBodyOptions {
  /** Gestures by name (default: the Firmata body's, gestures.ts). */
  gestures?: GestureSet;
  /** Lights and whether they dim (default: the Uno pin map's status and glow). */
  lights?: Record<string, { pwm: boolean }>;
}

/** Keyframe and hold times times `scale` (0: a gesture plays at once, for tests). */
function scaled(gesture: Gesture, scale: number): Gesture {
  if (scale === 1) return gesture;
  return { ...gesture, keyframes: gesture.keyframes.map((k) => ({ ...k, ms: Math.round(k.ms * scale), holdMs: Math.round(k.holdMs * scale) })) };
}

export class SimulatedBody extends EventEmitter<BodyEvents> implements BodyDriver {
  readonly kind = 'simulated';
  private readonly joints: Record<string, number>;
  private readonly limits: JointLimits;
  private readonly lightKinds: Record<string, { pwm: boolean }>;
  private readonly lights: Record<string, number>;
  private readonly gestures: GestureSet;
  private readonly sensors: BodyState['sensors'] = { presence: false };
  private estop = false;
  /** The e-stop button itself (the truth a re-query reads), apart from what reports said. */
  private estopPressed = false;
  private releaseTimer: NodeJS.Timeout | undefined;
  /** How long a "released" report must stand before the button is read again to confirm it, ms. */
  estopReleaseMs = 0;
  private connected = false;
  private closed = false;
  private lastGesture: GesturePlay | undefined;
  private gesturesPlayed = 0;
  private current: GestureRun | undefined;

  /** The twin of a Firmata body with this config: its joints, lights and gestures. */
  static fromConfig(config: FirmataBodyConfig, timeScale = 1): SimulatedBody {
    const limits = Object.fromEntries(Object.entries(config.joints).map(([name, j]) => [name, { min: j.min, max: j.max, rest: j.rest }]));
    const lights = Object.fromEntries(Object.entries(config.lights).map(([name, l]) => [name, { pwm: l.pwm }]));
    return new SimulatedBody(timeScale, limits, { gestures: config.gestures, lights });
  }

  /**
   * @param timeScale multiplies keyframe times (0 plays gestures at once, for tests).
   * @param limits joint limits and rest angles, degrees (default: the Uno pin map's joints).
   */
  constructor(
    private readonly timeScale = 1,
    limits: JointLimits = DEFAULT_JOINT_LIMITS,
    options: SimulatedBodyOptions = {},
  ) {
    super();
    this.limits = structuredClone(limits);
    this.joints = Object.fromEntries(Object.entries(this.limits).map(([name, l]) => [name, l.rest]));
    this.gestures = options.gestures ?? DEFAULT_FIRMATA_BODY_CONFIG.gestures;
    this.lightKinds = structuredClone(
      options.lights ?? Object.fromEntries(Object.entries(DEFAULT_FIRMATA_BODY_CONFIG.lights).map(([name, l]) => [name, { pwm: l.pwm }])),
    );
    this.lights = Object.fromEntries(Object.keys(this.lightKinds).map((name) => [name, 0]));
  }

  private clamp(joint: string, degrees: number): number {
    const l = this.limits[joint]!;
    const d = Number.isFinite(degrees) ? degrees : l.rest;
    return Math.max(l.min, Math.min(l.max, d));
  }

  /** The same refusals, in the same order, as the Firmata body. */
  private refuseMotion(): void {
    if (this.closed) throw new BodyError('closed', 'the body is closed');
    if (this.estop) throw estopError();
    if (!this.connected) throw new BodyError('not_connected', 'the body is not connected: not opened yet');
  }

  async open(): Promise<void> {
    this.connected = true;
    this.emit('connection', true);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.current?.cancel();
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    if (this.connected && !this.estop) for (const [name, l] of Object.entries(this.limits)) this.joints[name] = l.rest;
    for (const name of Object.keys(this.lights)) this.lights[name] = 0;
    this.closed = true;
    this.connected = false;
    this.emit('connection', false);
  }

  async play(name: GestureName, signal?: AbortSignal): Promise<GesturePlay> {
    const gesture = this.gestures[name];
    if (!gesture) throw new BodyError('unknown_gesture', `no gesture named "${name}"; known: ${Object.keys(this.gestures).join(', ')}`);
    this.refuseMotion();
    this.current?.cancel(); // a new gesture interrupts the old
    const run = new GestureRun(name);
    this.current = run;
    const onAbort = (): void => run.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) run.cancel();
    this.emit('gesture', { ...run.play });
    let play: GesturePlay;
    try {
      play = await run.perform(scaled(gesture, this.timeScale), {
        aim: (joint, degrees, ms) => {
          if (!(joint in this.joints)) return undefined;
          const wait = ms * this.timeScale;
          return new Promise<void>((resolve) => {
            const arrive = (): void => {
              if (!run.cancelled) this.joints[joint] = this.clamp(joint, degrees);
              resolve();
            };
            if (wait > 0) setTimeout(arrive, wait);
            else arrive();
          });
        },
        light: async (light, level) => {
          if (light in this.lightKinds) await this.setLight(light, level);
        },
      });
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (this.current === run) this.current = undefined;
    }
    this.gesturesPlayed += 1;
    this.lastGesture = play;
    this.emit('gesture', { ...play });
    return play;
  }

  async moveJoint(joint: string, degrees: number): Promise<void> {
    if (!(joint in this.joints)) throw new BodyError('unknown_joint', `no joint named "${joint}"; configured joints: ${Object.keys(this.joints).join(', ')}`);
    this.refuseMotion();
    this.joints[joint] = this.clamp(joint, degrees);
  }

  async setLight(light: string, level: number): Promise<void> {
    const kind = this.lightKinds[light];
    if (!kind) throw new BodyError('unknown_light', `no light named "${light}"; configured lights: ${Object.keys(this.lightKinds).join(', ')}`);
    const clamped = Math.max(0, Math.min(1, Number.isFinite(level) ? level : 0));
    this.lights[light] = kind.pwm ? clamped : clamped >= 0.5 ? 1 : 0;
  }

  /** Twin-only: what a sensor would report. */
  simulatePresence(present: boolean): void {
    this.sensors.presence = present;
    this.emit('presence', present);
  }

  /** Twin-only: the red button pressed (true) or released (false), and the board reports it; pressing interrupts the gesture. */
  simulateEstop(engaged: boolean): void {
    this.estopPressed = engaged;
    this.simulateEstopReport(!engaged);
  }

  /**
   * One report from the line, true or not (a stray "released" while the button is held is noise): engaging takes
   * effect at once; releasing only after `estopReleaseMs` and a fresh read of the button that confirms it.
   */
  simulateEstopReport(released: boolean): void {
    if (!released) {
      if (this.releaseTimer) clearTimeout(this.releaseTimer);
      this.releaseTimer = undefined;
      this.current?.cancel();
      if (!this.estop) {
        this.estop = true;
        this.emit('estop', true);
      }
      return;
    }
    if (!this.estop || this.releaseTimer) return;
    const confirm = (): void => {
      this.releaseTimer = undefined;
      if (this.estopPressed || !this.estop) return; // the fresh reading says pressed: stays engaged
      this.estop = false;
      this.emit('estop', false);
    };
    if (this.estopReleaseMs <= 0) return confirm();
    this.releaseTimer = setTimeout(confirm, this.estopReleaseMs);
  }

  layout(): BodyLayout {
    return {
      joints: structuredClone(this.limits),
      lights: structuredClone(this.lightKinds),
      gestures: Object.keys(this.gestures),
    };
  }

  state(): BodyState {
    return {
      driver: this.kind,
      connected: this.connected,
      ...(this.estop ? { problem: estopError().message } : {}),
      joints: { ...this.joints },
      lights: { ...this.lights },
      sensors: { ...this.sensors },
      estop: this.estop,
      gesturesPlayed: this.gesturesPlayed,
      ...(this.lastGesture ? { lastGesture: { ...this.lastGesture } } : {}),
    };
  }
}
