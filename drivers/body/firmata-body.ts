/**
 * The robot body over Firmata: joints are servos, lights are outputs, presence and the emergency stop are inputs,
 * gestures are keyframes played through rate-limited, interpolated motion (joint-motion.ts, gesture-player.ts).
 *
 * Safety rules: the emergency stop halts every joint at once (the interpolated motion stops where it is) and
 * refuses play/moveJoint with estop_engaged until the button has been released for `estop.releaseMs` AND a fresh
 * reading asked of the board at the end of that wait confirms it (so one stray "released" report, which Firmata would
 * never correct since it reports only changes, releases nothing); until the board has reported the e-stop pin (at
 * start and after every reconnect) it counts as engaged. A PIR arrival is confirmed the same way before presence is
 * announced (a stray report opens no visit). The e-stop must also cut servo power in hardware: a pin read by
 * software is not a safety function (drivers/body/README.md). Every angle is
 * clamped to its joint's limits and no joint moves faster than its maxDegPerS. Noise on the line cannot move
 * anything: motion is only ever commanded here, and input reports from a chunk holding garbage are dropped by the
 * board. On close the body goes to its rest pose first (unless the e-stop is engaged or the board is gone).
 *
 * Events: connection(connected, problem?), estop(engaged), presence(present), gesture(play) at start and at end.
 */
import { EventEmitter } from 'node:events';
import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { BodyError, estopError } from './body-errors.js';
import type { BackoffOptions } from './firmata/backoff.js';
import { FirmataBoard } from './firmata/board.js';
import { PIN_MODE } from './firmata/protocol.js';
import { parseFirmataBodyConfig, type FirmataBodyConfig, type FirmataBodyConfigInput } from './firmata-config.js';
import { GestureRun } from './gesture-player.js';
import { JointMotion } from './joint-motion.js';
import { PresenceFilter, voltsToCm } from './presence.js';
import type { BodyDriver, BodyEvents, BodyLayout, BodyState, GestureName, GesturePlay } from './types.js';

export interface FirmataBodyOptions {
  config?: FirmataBodyConfigInput;
  /** Serialport binding (the simulated board's, in tests); default the platform's. */
  binding?: BindingInterface;
  reconnect?: BackoffOptions | false;
  /** If the board cannot be reached at open(): false (default) rejects; true resolves, reports the problem through
   * `connection` and keeps trying in the background. */
  startDisconnected?: boolean;
}

/** Longest the rest pose may take on close, ms. */
const REST_ON_CLOSE_MS = 4_000;
/** Presence debounce is re-evaluated this often even without new readings, ms. */
const PRESENCE_TICK_MS = 100;

/** How long a re-query of an input may take before it counts as unanswered, ms. */
const FRESH_READ_TIMEOUT_MS = 500;

export class FirmataBody extends EventEmitter<BodyEvents> implements BodyDriver {
  readonly kind = 'firmata';
  readonly config: FirmataBodyConfig;
  readonly board: FirmataBoard;
  private readonly motion: JointMotion;
  private readonly lights: Record<string, number> = {};
  private readonly presence: PresenceFilter;
  private distanceCm: number | undefined;
  private estop: boolean;
  private estopAnnounced = false;
  private releaseTimer: NodeJS.Timeout | undefined;
  /** Bumped on every engaged report: a confirmation started before it is void. */
  private estopGeneration = 0;
  private confirmingPresence = false;
  private presenceTimer: NodeJS.Timeout | undefined;
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
    this.motion = new JointMotion(c.joints, (pin, degrees) => this.board.servoWrite(pin, degrees), c.motionStepMs);
    for (const name of Object.keys(c.lights)) this.lights[name] = 0;
    this.presence = new PresenceFilter(c.presence);
    this.estop = c.estop.pin !== null;
  }

  async open(): Promise<void> {
    if (this.closed) throw new BodyError('closed', 'this body driver was closed; create a new one');
    this.configurePins();
    this.board.on('digital', (port, value) => this.onDigital(port, value));
    this.board.on('analog', (channel, value) => this.onAnalog(channel, value));
    this.board.on('connection', (connected, problem) => {
      if (!connected) this.halt(new BodyError('not_connected', `the body is not connected: ${problem ?? 'port lost'}`));
      // A (re)connected board has not reported its e-stop yet: hold motion (silently) until it does.
      else if (this.config.estop.pin !== null) this.estop = true;
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
    for (const joint of Object.values(c.joints)) {
      board.servoConfig(joint.pin, joint.minPulseUs, joint.maxPulseUs);
      board.servoWrite(joint.pin, joint.rest);
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
    if (this.confirmingPresence) return;
    const changed = this.presence.update(Date.now(), reading);
    if (changed === undefined) return;
    const pir = this.config.presence.pirPin;
    if (changed && pir !== null && this.board.digitalRead(pir) === true) {
      // Arrival resting on the PIR's last report: Firmata reports only changes, so a stray "high" would stand for
      // ever. Ask the board again before announcing anyone.
      this.confirmingPresence = true;
      void this.freshLevel(pir).then((fresh) => {
        this.confirmingPresence = false;
        const near = this.distanceCm !== undefined && this.distanceCm < this.config.presence.nearCm;
        if (fresh === true || near) return void this.emit('presence', true);
        this.presence.retract(Date.now(), { pir: false });
      });
      return;
    }
    this.emit('presence', changed);
  }

  private onEstopLevel(level: boolean): void {
    const engaged = this.config.estop.activeLow ? !level : level;
    if (engaged) {
      this.estopGeneration++;
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
    const generation = ++this.estopGeneration;
    this.releaseTimer = setTimeout(() => {
      // Re-query at the end of the wait: only a fresh reading that still says "released" releases.
      void this.freshLevel(this.config.estop.pin!).then((fresh) => {
        this.releaseTimer = undefined;
        if (generation !== this.estopGeneration || this.closed) return; // engaged again meanwhile
        const released = fresh !== undefined && (this.config.estop.activeLow ? fresh : !fresh);
        if (!released) {
          // No answer: try again while the last report says released; an engaged answer already re-engaged.
          if (fresh === undefined && this.board.connected) this.onEstopLevel(this.board.digitalRead(this.config.estop.pin!) ?? !this.config.estop.activeLow);
          return;
        }
        this.estop = false;
        if (this.estopAnnounced) {
          this.estopAnnounced = false;
          this.emit('estop', false);
        }
      });
    }, this.config.estop.releaseMs);
  }

  /**
   * Asks the board for the pin's port again (StandardFirmata answers a report-digital request with the port's
   * current value) and resolves with the pin's level from the next report of that port, or undefined on timeout.
   */
  private freshLevel(pin: number, timeoutMs = FRESH_READ_TIMEOUT_MS): Promise<boolean | undefined> {
    return new Promise((resolve) => {
      const port = pin >> 3;
      const onDigital = (p: number, value: number): void => {
        if (p !== port) return;
        done((value & (1 << (pin & 7))) !== 0);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const done = (level: boolean | undefined): void => {
        clearTimeout(timer);
        this.board.off('digital', onDigital);
        resolve(level);
      };
      this.board.on('digital', onDigital);
      this.board.reportDigitalPin(pin, true);
    });
  }

  // ---- outputs ----

  /** Stops every joint where it is, fails pending moves with `reason`, interrupts the gesture. */
  private halt(reason: Error): void {
    this.motion.halt(reason);
    this.gesture?.cancel();
  }

  private refuseMotion(): void {
    if (this.closed) throw new BodyError('closed', 'the body is closed');
    if (this.estop) throw estopError();
    if (!this.board.connected) throw new BodyError('not_connected', `the body is not connected: ${this.board.lastProblem ?? 'not opened yet'}`);
  }

  async moveJoint(joint: string, degrees: number): Promise<void> {
    if (!this.motion.has(joint)) throw new BodyError('unknown_joint', `no joint named "${joint}"; configured joints: ${this.motion.names().join(', ')}`);
    this.refuseMotion();
    await this.motion.aim(joint, degrees);
  }

  async setLight(light: string, level: number): Promise<void> {
    const cfg = this.config.lights[light];
    if (!cfg) throw new BodyError('unknown_light', `no light named "${light}"; configured lights: ${Object.keys(this.config.lights).join(', ')}`);
    const clamped = Math.max(0, Math.min(1, Number.isFinite(level) ? level : 0));
    this.lights[light] = cfg.pwm ? clamped : clamped >= 0.5 ? 1 : 0;
    if (cfg.pwm) this.board.analogWrite(cfg.pin, Math.round(clamped * 255));
    else this.board.digitalWrite(cfg.pin, clamped >= 0.5);
  }

  async play(name: GestureName, signal?: AbortSignal): Promise<GesturePlay> {
    const gesture = this.config.gestures[name];
    if (!gesture) throw new BodyError('unknown_gesture', `no gesture named "${name}"; known: ${Object.keys(this.config.gestures).join(', ')}`);
    this.refuseMotion();
    this.gesture?.cancel();
    const run = new GestureRun(name);
    this.gesture = run;
    const onAbort = (): void => run.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) run.cancel();
    this.emit('gesture', { ...run.play });
    let play: GesturePlay;
    try {
      play = await run.perform(gesture, {
        aim: (joint, degrees, ms) => (this.motion.has(joint) ? this.motion.aim(joint, degrees, ms) : undefined),
        light: async (light, level) => {
          if (this.config.lights[light]) await this.setLight(light, level);
        },
      });
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (this.gesture === run) this.gesture = undefined;
    }
    this.gesturesPlayed += 1;
    this.lastGesture = play;
    this.emit('gesture', { ...play });
    return play;
  }

  // ---- lifecycle ----

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.board.connected && !this.estop && this.config.gestures.rest) {
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, REST_ON_CLOSE_MS)));
        await Promise.race([this.play('rest').catch(() => undefined), limit]);
        clearTimeout(timer);
      }
      if (this.board.connected) for (const name of Object.keys(this.config.lights)) await this.setLight(name, 0);
    } finally {
      this.closed = true;
      this.halt(new BodyError('closed', 'the body was closed'));
      this.stopTimers();
      await this.board.close();
    }
  }

  private stopTimers(): void {
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.motion.stop();
    this.presenceTimer = this.releaseTimer = undefined;
  }

  layout(): BodyLayout {
    const c = this.config;
    return {
      joints: Object.fromEntries(Object.entries(c.joints).map(([name, j]) => [name, { min: j.min, max: j.max, rest: j.rest }])),
      lights: Object.fromEntries(Object.entries(c.lights).map(([name, l]) => [name, { pwm: l.pwm }])),
      gestures: Object.keys(c.gestures),
    };
  }

  state(): BodyState {
    const problem = this.board.connected ? (this.estop ? estopError().message : undefined) : (this.board.lastProblem ?? 'not connected');
    const p = this.config.presence;
    return {
      driver: this.kind,
      connected: this.board.connected,
      ...(problem ? { problem } : {}),
      ...(this.board.firmware ? { firmware: { ...this.board.firmware } } : {}),
      joints: this.motion.positions(),
      lights: { ...this.lights },
      sensors: {
        ...(p.pirPin !== null || p.distanceChannel !== null ? { presence: this.presence.present } : {}),
        ...(this.distanceCm !== undefined ? { distanceCm: this.distanceCm } : {}),
      },
      estop: this.estop,
      ...(this.lastGesture ? { lastGesture: { ...this.lastGesture } } : {}),
      gesturesPlayed: this.gesturesPlayed,
    };
  }
}
