/**
 * The simulated body: joints and lights held in memory, gestures played as timed keyframes. It lets the whole product
 * run with no hardware; it obeys the same rules as a real body (limits, emergency stop, rest pose on close). Its
 * joint limits are the configured ones (body.firmata.joints, default the Uno pin map's), so a twin refuses the
 * same angles the real body would.
 */
import { EventEmitter } from 'node:events';
import { DEFAULT_FIRMATA_BODY_CONFIG } from './firmata-config.js';
import type { BodyDriver, BodyEvents, BodyLayout, BodyState, GestureName, GesturePlay } from './types.js';

export type JointLimits = Record<string, { min: number; max: number; rest: number }>;

export const DEFAULT_JOINT_LIMITS: JointLimits = Object.fromEntries(
  Object.entries(DEFAULT_FIRMATA_BODY_CONFIG.joints).map(([name, j]) => [name, { min: j.min, max: j.max, rest: j.rest }]),
);

export class BodyStoppedError extends Error {
  readonly code = 'body_estop';
  constructor() {
    super('The emergency stop is engaged: no motion until it is released.');
  }
}

type Keyframe = { atMs: number; joints?: Record<string, number>; lights?: Record<string, number> };

/** Simple keyframes per gesture; times are offsets from the start, in ms. */
const GESTURES: Record<string, Keyframe[]> = {
  greet: [
    { atMs: 0, joints: { headTilt: 100, arm: 120 }, lights: { status: 1 } },
    { atMs: 250, joints: { arm: 150 } },
    { atMs: 500, joints: { arm: 110 } },
    { atMs: 750, joints: { arm: 150 } },
    { atMs: 1000, joints: { arm: 0, headTilt: 90 } },
  ],
  nod: [
    { atMs: 0, joints: { headTilt: 110 } },
    { atMs: 200, joints: { headTilt: 75 } },
    { atMs: 400, joints: { headTilt: 90 } },
  ],
  shake: [
    { atMs: 0, joints: { headPan: 70 } },
    { atMs: 200, joints: { headPan: 110 } },
    { atMs: 400, joints: { headPan: 90 } },
  ],
  look: [{ atMs: 0, joints: { headPan: 90, headTilt: 95 } }],
  thinking: [{ atMs: 0, joints: { headTilt: 80, headPan: 100 }, lights: { status: 0.5 } }],
  idle: [{ atMs: 0, joints: { headPan: 90, headTilt: 90 }, lights: { status: 0.2 } }],
  farewell: [
    { atMs: 0, joints: { arm: 140 } },
    { atMs: 300, joints: { arm: 110 } },
    { atMs: 600, joints: { arm: 0 } },
  ],
  rest: [{ atMs: 0, joints: {}, lights: { status: 0 } }], // joints: each one's configured rest angle, at play time
};

export class SimulatedBody extends EventEmitter<BodyEvents> implements BodyDriver {
  readonly kind = 'simulated';
  private readonly joints: Record<string, number>;
  private readonly limits: JointLimits;
  private readonly lights: Record<string, number> = { status: 0 };
  private readonly sensors: BodyState['sensors'] = { presence: false };
  private estop = false;
  /** The e-stop button itself (the truth a re-query reads), apart from what reports said. */
  private estopPressed = false;
  private releaseTimer: NodeJS.Timeout | undefined;
  /** How long a "released" report must stand before the button is read again to confirm it, ms. */
  estopReleaseMs = 0;
  private connected = false;
  private lastGesture: GesturePlay | undefined;
  private gesturesPlayed = 0;
  private current: AbortController | null = null;

  /**
   * @param timeScale multiplies keyframe times (0 plays gestures instantly, for tests).
   * @param limits joint limits and rest angles, degrees (default: the Uno pin map's joints).
   */
  constructor(
    private readonly timeScale = 1,
    limits: JointLimits = DEFAULT_JOINT_LIMITS,
  ) {
    super();
    this.limits = structuredClone(limits);
    this.joints = Object.fromEntries(Object.entries(this.limits).map(([name, l]) => [name, l.rest]));
  }

  private clamp(joint: string, degrees: number): number {
    const l = this.limits[joint];
    const d = Number.isFinite(degrees) ? degrees : (l?.rest ?? 90);
    return l ? Math.max(l.min, Math.min(l.max, d)) : Math.max(0, Math.min(180, d));
  }

  private restPose(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.limits).map(([name, l]) => [name, l.rest]));
  }

  private setJoints(target: Record<string, number>): void {
    for (const [joint, degrees] of Object.entries(target)) if (joint in this.joints) this.joints[joint] = this.clamp(joint, degrees);
  }

  async open(): Promise<void> {
    this.connected = true;
    this.emit('connection', true);
  }

  async close(): Promise<void> {
    this.current?.abort();
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    if (!this.estop) this.setJoints(this.restPose());
    this.lights.status = 0;
    this.connected = false;
    this.emit('connection', false);
  }

  async play(name: GestureName, signal?: AbortSignal): Promise<GesturePlay> {
    if (this.estop) throw new BodyStoppedError();
    const frames = GESTURES[name];
    if (!frames) throw new Error(`Unknown gesture "${name}". Known: ${Object.keys(GESTURES).join(', ')}.`);
    this.current?.abort(); // a new gesture interrupts the old
    const ctl = new AbortController();
    this.current = ctl;
    const play: GesturePlay = { name, startedAt: Date.now() };
    this.lastGesture = play;
    this.gesturesPlayed++;
    let elapsed = 0;
    for (const f of frames) {
      const wait = (f.atMs - elapsed) * this.timeScale;
      elapsed = f.atMs;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (ctl.signal.aborted || signal?.aborted || this.estop) {
        play.interrupted = true;
        break;
      }
      if (f.joints) this.setJoints(name === 'rest' ? this.restPose() : f.joints);
      if (f.lights) Object.assign(this.lights, f.lights);
    }
    play.endedAt = Date.now();
    if (this.current === ctl) this.current = null;
    this.emit('gesture', play);
    return play;
  }

  async moveJoint(joint: string, degrees: number): Promise<void> {
    if (this.estop) throw new BodyStoppedError();
    if (!(joint in this.joints)) throw new Error(`Unknown joint "${joint}". Known: ${Object.keys(this.joints).join(', ')}.`);
    this.joints[joint] = this.clamp(joint, degrees);
  }

  async setLight(light: string, level: number): Promise<void> {
    this.lights[light] = Math.max(0, Math.min(1, level));
  }

  /** Twin-only: what a sensor would report. */
  simulatePresence(present: boolean): void {
    this.sensors.presence = present;
    this.emit('presence', present);
  }

  /** The button is pressed or released (and the board reports it). */
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
      this.current?.abort();
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
      lights: Object.fromEntries(Object.keys(this.lights).map((name) => [name, { pwm: true }])),
      gestures: Object.keys(GESTURES),
    };
  }

  state(): BodyState {
    return {
      driver: this.kind,
      connected: this.connected,
      joints: { ...this.joints },
      lights: { ...this.lights },
      sensors: { ...this.sensors },
      estop: this.estop,
      gesturesPlayed: this.gesturesPlayed,
      ...(this.lastGesture ? { lastGesture: { ...this.lastGesture } } : {}),
    };
  }
}
