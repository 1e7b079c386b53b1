/**
 * The robot body over Firmata: joints are servos, lights are outputs, presence and the emergency stop are inputs,
 * gestures are keyframes played through rate-limited, interpolated motion.
 *
 * Safety rules, in the order they are checked: the emergency stop halts every joint at once (the interpolated
 * motion simply stops where it is) and refuses play/moveJoint with ESTOP_ENGAGED until the button has been
 * released for `estop.releaseMs`; until the first report of the e-stop pin, it counts as engaged. Every angle is
 * clamped to its joint's limits and no joint moves faster than its maxDegPerS. Noise on the line cannot move
 * anything: motion is only ever commanded by this class, and input reports from a chunk holding garbage are dropped
 * by the board. On close the body goes to its rest pose first (unless the e-stop is engaged).
 */
import { EventEmitter } from 'node:events';
import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { BodyError, estopError } from './body-errors.js';
import type { BackoffOptions } from './firmata/backoff.js';
import { FirmataBoard } from './firmata/board.js';
import { PIN_MODE } from './firmata/protocol.js';
import { parseFirmataBodyConfig, type FirmataBodyConfig, type FirmataBodyConfigInput, type JointConfig } from './firmata-config.js';
import type { Gesture } from './gestures.js';
import { clampAngle, speedFor, stepToward } from './motion.js';
import { PresenceFilter, voltsToCm } from './presence.js';
import type { BodyDriver, BodyEvents, BodyState, GestureName, GesturePlay } from './types.js';

export interface FirmataBodyOptions {
  config?: FirmataBodyConfigInput;
  /** Serialport binding (the simulated board's, in tests); default the platform's. */
  binding?: BindingInterface;
  reconnect?: BackoffOptions | false;
  /** If the board cannot be reached at open(): false (default) rejects; true resolves, reports the problem through
   * `connection` and keeps trying in the background. */
  startDisconnected?: boolean;
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

interface JointState {
  cfg: JointConfig;
  current: number;
  target: number;
  speed: number;
  written: number;
  waiters: Waiter[];
}

interface GestureRun {
  play: GesturePlay;
  cancelled: boolean;
  cancel: () => void;
  whenCancelled: Promise<void>;
}

/** Longest the rest pose may take on close, ms. */
const REST_ON_CLOSE_MS = 4_000;
const PRESENCE_TICK_MS = 100;

export class FirmataBody extends EventEmitter<BodyEvents> implements BodyDriver {
  readonly kind = 'firmata';
  readonly config: FirmataBodyConfig;
  readonly board: FirmataBoard;
  private readonly joints = new Map<string, JointState>();
  private readonly lights: Record<string, number> = {};
  private readonly presence: PresenceFilter;
  private distanceCm: number | undefined;
  private estop: boolean;
  private estopAnnounced = false;
  private releaseTimer: NodeJS.Timeout | undefined;
  private motionTimer: NodeJS.Timeout | undefined;
  private presenceTimer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private gesture: GestureRun | undefined;
  private lastGesture: GesturePlay | undefined;
  private gesturesPlayed = 0;
  private closed = false;

  constructor(private readonly options: FirmataBodyOptions = {}) {
    super();
    this.config = parseFirmataBodyConfig(options.config);
    const c = this.config;
    this.board = new FirmataBoard({
      path: c.port,
      baudRate: c.baudRate,
      handshakeTimeoutMs: c.handshakeTimeoutMs,
      ...(options.binding ? { binding: options.binding } : {}),
      ...(options.reconnect !== undefined ? { reconnect: options.reconnect } : {}),
    });
    for (const [name, cfg] of Object.entries(c.joints)) {
      this.joints.set(name, { cfg, current: cfg.rest, target: cfg.rest, speed: cfg.maxDegPerS, written: cfg.rest, waiters: [] });
    }
    for (const name of Object.keys(c.lights)) this.lights[name] = 0;
    this.presence = new PresenceFilter(c.presence);
    this.estop = c.estop.pin !== null;
  }

  async open(): Promise<void> {
    if (this.closed) throw new BodyError('CLOSED', 'this body driver was closed; create a new one');
    this.configurePins();
    this.board.on('digital', (port, value) => this.onDigital(port, value));
    this.board.on('analog', (channel, value) => this.onAnalog(channel, value));
    this.board.on('connection', (connected, problem) => {
      if (!connected) this.halt(new BodyError('NOT_CONNECTED', `the body is not connected: ${problem ?? 'port lost'}`));
      this.emit('connection', connected, problem);
    });
    this.presenceTimer = setInterval(() => this.updatePresence({}), PRESENCE_TICK_MS);
    this.presenceTimer.unref();
    try {
      await this.board.open();
    } catch (error) {
      if (!this.options.startDisconnected) {
        this.stopTimers();
        throw error;
      }
      const problem = error instanceof Error ? error.message : String(error);
      this.emit('connection', false, problem);
      this.board.startReconnecting(problem);
    }
  }

  /** Pin setup is remembered by the board and (re)sent on every connection. */
  private configurePins(): void {
    const { board, config: c } = this;
    board.setSamplingInterval(c.samplingIntervalMs);
    for (const joint of this.joints.values()) {
      board.servoConfig(joint.cfg.pin, joint.cfg.minPulseUs, joint.cfg.maxPulseUs);
      board.servoWrite(joint.cfg.pin, joint.current);
    }
    for (const light of Object.values(c.lights)) {
      board.setPinMode(light.pin, light.pwm ? PIN_MODE.PWM : PIN_MODE.OUTPUT);
      if (light.pwm) board.analogWrite(light.pin, 0);
      else board.digitalWrite(light.pin, false);
    }
    if (c.presence.pirPin !== null) {
      board.setPinMode(c.presence.pirPin, PIN_MODE.INPUT);
      board.reportDigitalPin(c.presence.pirPin, true);
    }
    if (c.presence.distanceChannel !== null) board.reportAnalog(c.presence.distanceChannel, true);
    if (c.estop.pin !== null) {
      board.setPinMode(c.estop.pin, c.estop.pullUp ? PIN_MODE.INPUT_PULLUP : PIN_MODE.INPUT);
      board.reportDigitalPin(c.estop.pin, true);
    }
  }

  // ---- inputs ----

  private onDigital(port: number, value: number): void {
    const level = (pin: number | null): boolean | undefined => (pin !== null && pin >> 3 === port ? (value & (1 << (pin & 7))) !== 0 : undefined);
    const estopLevel = level(this.config.estop.pin);
    if (estopLevel !== undefined) this.onEstopLevel(estopLevel);
    const pir = level(this.config.presence.pirPin);
    if (pir !== undefined) this.updatePresence({ pir });
  }

  private onAnalog(channel: number, value: number): void {
    const p = this.config.presence;
    if (channel !== p.distanceChannel) return;
    this.distanceCm = Math.round(voltsToCm((value / 1023) * 5, p.distanceA, p.distanceB));
    this.updatePresence({ distanceCm: this.distanceCm });
  }

  private updatePresence(reading: { pir?: boolean; distanceCm?: number }): void {
    const changed = this.presence.update(Date.now(), reading);
    if (changed !== undefined) this.emit('presence', changed);
  }

  private onEstopLevel(level: boolean): void {
    const engaged = this.config.estop.activeLow ? !level : level;
    if (engaged) {
      if (this.releaseTimer) clearTimeout(this.releaseTimer);
      this.releaseTimer = undefined;
      this.estop = true;
      this.halt(estopError());
      if (!this.estopAnnounced) {
        this.estopAnnounced = true;
        this.emit('estop', true);
      }
      return;
    }
    if (!this.estop || this.releaseTimer) return;
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = undefined;
      this.estop = false;
      if (this.estopAnnounced) {
        this.estopAnnounced = false;
        this.emit('estop', false);
      }
    }, this.config.estop.releaseMs);
  }

  // ---- motion ----

  /** Stops every joint where it is, fails pending moves with `reason`, interrupts the gesture. */
  private halt(reason: Error): void {
    for (const joint of this.joints.values()) {
      joint.target = joint.current;
      const waiters = joint.waiters;
      joint.waiters = [];
      for (const w of waiters) w.reject(reason);
    }
    this.gesture?.cancel();
    if (this.motionTimer) clearInterval(this.motionTimer);
    this.motionTimer = undefined;
  }

  private refuseMotion(): void {
    if (this.closed) throw new BodyError('CLOSED', 'the body is closed');
    if (this.estop) throw estopError();
    if (!this.board.connected) throw new BodyError('NOT_CONNECTED', `the body is not connected: ${this.board.lastProblem ?? 'not opened yet'}`);
  }

  private jointNamed(name: string): JointState {
    const joint = this.joints.get(name);
    if (!joint) throw new BodyError('UNKNOWN_JOINT', `no joint named "${name}"; configured joints: ${[...this.joints.keys()].join(', ')}`);
    return joint;
  }

  /** Sets a joint's target; the promise settles when it gets there (or is superseded, halted, disconnected). */
  private aim(joint: JointState, degrees: number, speed: number): Promise<void> {
    for (const w of joint.waiters.splice(0)) w.resolve(); // superseded
    joint.target = clampAngle(degrees, joint.cfg.min, joint.cfg.max);
    joint.speed = Math.min(speed, joint.cfg.maxDegPerS);
    if (joint.target === joint.current) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => joint.waiters.push({ resolve, reject }));
    this.startMotion();
    return done;
  }

  private startMotion(): void {
    if (this.motionTimer) return;
    this.lastTick = performance.now();
    this.motionTimer = setInterval(() => this.tick(), this.config.motionStepMs);
  }

  private tick(): void {
    const now = performance.now();
    // Never jump more than a few steps' worth after a stall (GC, busy CPU).
    const dt = Math.min(now - this.lastTick, this.config.motionStepMs * 3);
    this.lastTick = now;
    let moving = false;
    for (const joint of this.joints.values()) {
      if (joint.current === joint.target) continue;
      joint.current = stepToward(joint.current, joint.target, joint.speed, dt);
      const rounded = Math.round(joint.current);
      if (rounded !== joint.written) {
        joint.written = rounded;
        this.board.servoWrite(joint.cfg.pin, rounded);
      }
      if (joint.current === joint.target) {
        for (const w of joint.waiters.splice(0)) w.resolve();
      } else moving = true;
    }
    if (!moving && this.motionTimer) {
      clearInterval(this.motionTimer);
      this.motionTimer = undefined;
    }
  }

  async moveJoint(joint: string, degrees: number): Promise<void> {
    const state = this.jointNamed(joint);
    this.refuseMotion();
    await this.aim(state, degrees, state.cfg.maxDegPerS);
  }

  async setLight(light: string, level: number): Promise<void> {
    const cfg = this.config.lights[light];
    if (!cfg) throw new BodyError('UNKNOWN_LIGHT', `no light named "${light}"; configured lights: ${Object.keys(this.config.lights).join(', ')}`);
    const clamped = Math.max(0, Math.min(1, Number.isFinite(level) ? level : 0));
    this.lights[light] = cfg.pwm ? clamped : clamped >= 0.5 ? 1 : 0;
    if (cfg.pwm) this.board.analogWrite(cfg.pin, Math.round(clamped * 255));
    else this.board.digitalWrite(cfg.pin, clamped >= 0.5);
  }

  // ---- gestures ----

  async play(name: GestureName, signal?: AbortSignal): Promise<GesturePlay> {
    const gesture = this.config.gestures[name];
    if (!gesture) throw new BodyError('UNKNOWN_GESTURE', `no gesture named "${name}"; known: ${Object.keys(this.config.gestures).join(', ')}`);
    this.refuseMotion();
    this.gesture?.cancel();
    let cancel = (): void => undefined;
    const whenCancelled = new Promise<void>((resolve) => (cancel = resolve));
    const run: GestureRun = { play: { name, startedAt: Date.now() }, cancelled: false, cancel: () => undefined, whenCancelled };
    run.cancel = () => {
      run.cancelled = true;
      cancel();
    };
    this.gesture = run;
    const onAbort = (): void => run.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) run.cancel();
    this.emit('gesture', { ...run.play });
    try {
      await this.perform(gesture, run);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (this.gesture === run) this.gesture = undefined;
    }
    run.play.endedAt = Date.now();
    if (run.cancelled) run.play.interrupted = true;
    this.gesturesPlayed += 1;
    this.lastGesture = run.play;
    this.emit('gesture', { ...run.play });
    return run.play;
  }

  private async perform(gesture: Gesture, run: GestureRun): Promise<void> {
    for (let round = 0; round < gesture.repeat; round++) {
      for (const frame of gesture.keyframes) {
        if (run.cancelled) return;
        for (const [light, level] of Object.entries(frame.lights ?? {})) {
          if (this.config.lights[light]) await this.setLight(light, level);
        }
        const moves: Promise<void>[] = [];
        for (const [name, degrees] of Object.entries(frame.joints)) {
          const joint = this.joints.get(name);
          if (!joint) continue; // a gesture may name joints this robot lacks
          const target = clampAngle(degrees, joint.cfg.min, joint.cfg.max);
          moves.push(this.aim(joint, target, speedFor(joint.current, target, frame.ms, joint.cfg.maxDegPerS)));
        }
        // Keyframes without motion still take their time.
        const paced = moves.length > 0 ? Promise.all(moves) : sleep(frame.ms);
        try {
          await Promise.race([paced, run.whenCancelled]);
        } catch {
          return; // halted (e-stop, disconnect): the gesture counts as interrupted
        } finally {
          paced.catch(() => undefined);
        }
        if (run.cancelled) return;
        if (frame.holdMs > 0) await Promise.race([sleep(frame.holdMs), run.whenCancelled]);
      }
    }
  }

  // ---- lifecycle ----

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.board.connected && !this.estop && this.config.gestures.rest) {
        await Promise.race([this.play('rest').catch(() => undefined), sleep(REST_ON_CLOSE_MS)]);
      }
      if (this.board.connected) for (const name of Object.keys(this.config.lights)) await this.setLight(name, 0);
    } finally {
      this.closed = true;
      this.halt(new BodyError('CLOSED', 'the body was closed'));
      this.stopTimers();
      await this.board.close();
    }
  }

  private stopTimers(): void {
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    if (this.motionTimer) clearInterval(this.motionTimer);
    this.presenceTimer = this.releaseTimer = this.motionTimer = undefined;
  }

  state(): BodyState {
    const joints: Record<string, number> = {};
    for (const [name, j] of this.joints) joints[name] = Math.round(j.current * 10) / 10;
    const problem = this.board.connected ? (this.estop ? estopError().message : undefined) : (this.board.lastProblem ?? 'not connected');
    return {
      driver: this.kind,
      connected: this.board.connected,
      ...(problem ? { problem } : {}),
      ...(this.board.firmware ? { firmware: { ...this.board.firmware } } : {}),
      joints,
      lights: { ...this.lights },
      sensors: {
        ...(this.config.presence.pirPin !== null || this.config.presence.distanceChannel !== null ? { presence: this.presence.present } : {}),
        ...(this.distanceCm !== undefined ? { distanceCm: this.distanceCm } : {}),
      },
      estop: this.estop,
      ...(this.lastGesture ? { lastGesture: { ...this.lastGesture } } : {}),
      gesturesPlayed: this.gesturesPlayed,
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
