/**
 * A board running Firmata (StandardFirmata or compatible) on a serial port.
 *
 * Lifecycle: open() opens the port and waits for the firmware's name (the handshake); after that, pin setup and
 * writes go out at once and are also remembered, so that when the port is lost (cable pulled, board reset) the
 * board reconnects with exponential backoff and replays the setup (sampling interval, pin modes, servo configs,
 * outputs, reporting) before emitting `ready` again. Writes while disconnected are remembered, not sent.
 *
 * Events, in order on a good start: connection(true), ready(firmware); then digital/analog as the board reports.
 * On loss: connection(false, problem), then on recovery connection(true), ready(firmware).
 */
import { EventEmitter } from 'node:events';
import { SerialPortStream } from '@serialport/stream';
import { SerialPort } from 'serialport';
import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff.js';
import { FirmataDecoder } from './decode.js';
import { encode } from './encode.js';
import { BoardError, classifyOpenError } from './errors.js';
import { PinSetup, analogWriteMessage, type Supports } from './pin-setup.js';
import { PIN_MODE, type FirmataMessage } from './protocol.js';

export interface FirmwareInfo {
  name: string;
  /** "major.minor" of the firmware. */
  version: string;
}

export interface FirmataBoardOptions {
  path: string;
  /** StandardFirmata's rate. */
  baudRate?: number;
  /** Serialport binding; default the platform's (node-serialport autodetect). Tests pass a simulated one. */
  binding?: BindingInterface;
  /** How long to wait for the firmware to answer after the port opens, ms. An Uno reboots on open (~2 s). */
  handshakeTimeoutMs?: number;
  /** How often to repeat the firmware query during the handshake, ms. */
  handshakeRetryMs?: number;
  /** Reconnect policy after a lost port; false to stay down. */
  reconnect?: BackoffOptions | false;
  /**
   * Liveness check period, ms (a version query); two unanswered in a row count as a lost port. Catches links the
   * OS does not report (a pty whose far end vanished, a board that hung or browned out). false disables.
   */
  heartbeatMs?: number | false;
}

export interface BoardEvents {
  /** Every decoded message from the board. */
  message: [msg: FirmataMessage];
  /** An input port's levels as the board reported them (bit i = pin port*8+i). */
  digital: [port: number, value: number];
  /** An analog channel's reading, 0-1023 (A0 = channel 0). */
  analog: [channel: number, value: number];
  /** Bytes from the board that were not valid Firmata and were dropped. */
  garbage: [bytes: number];
  connection: [connected: boolean, problem?: string];
  /** Handshake done and setup replayed; after every reconnect too. */
  ready: [firmware: FirmwareInfo];
}

export interface BoardStats {
  messages: number;
  garbageBytes: number;
  reconnects: number;
}

interface Pending {
  match: (msg: FirmataMessage) => boolean;
  resolve: (msg: FirmataMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

function msgPins(msg: FirmataMessage): Array<Record<number, number>> | undefined {
  return msg.type === 'capabilities' ? msg.pins : undefined;
}

const DEFAULTS = { baudRate: 57_600, handshakeTimeoutMs: 5_000, handshakeRetryMs: 500, heartbeatMs: 2_000 as number | false };
/** How long one heartbeat may wait for its answer, ms, and how many may go unanswered in a row. */
const HEARTBEAT_TIMEOUT_MS = 1_000;
const HEARTBEAT_MISSES = 2;

/** Longest close() waits for the serial binding to release the port. */
const STREAM_CLOSE_WAIT_MS = 2_000;

export class FirmataBoard extends EventEmitter<BoardEvents> {
  readonly path: string;
  private readonly options: Required<Omit<FirmataBoardOptions, 'binding'>> & { binding: BindingInterface };
  private stream: SerialPortStream | undefined;
  private decoder = new FirmataDecoder();
  private pending: Pending[] = [];
  private isConnected = false;
  private closing = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeatMisses = 0;
  private heartbeatInFlight = false;
  private info: FirmwareInfo | undefined;
  private capabilities: Array<Record<number, number>> | undefined;
  private problem: string | undefined;
  readonly stats: BoardStats = { messages: 0, garbageBytes: 0, reconnects: 0 };

  /** Settles when the last stream teardown started has released the port. */
  private streamClosed: Promise<void> = Promise.resolve();
  /** Remembered setup, replayed after a reconnect. */
  private readonly setup = new PinSetup();
  private readonly supportsMode: Supports = (pin, mode) => this.supports(pin, mode);
  // Latest inputs.
  private readonly portInputs = new Map<number, number>();
  private readonly analogInputs = new Map<number, number>();

  constructor(options: FirmataBoardOptions) {
    super();
    if (!options.path) throw new TypeError('FirmataBoard needs a serial port path');
    this.path = options.path;
    this.options = {
      ...DEFAULTS,
      reconnect: DEFAULT_BACKOFF,
      ...options,
      binding: options.binding ?? (SerialPort.binding as BindingInterface),
    };
  }

  get connected(): boolean {
    return this.isConnected;
  }
  get firmware(): FirmwareInfo | undefined {
    return this.info;
  }
  /** Why the board is not connected, if it is not. */
  get lastProblem(): string | undefined {
    return this.problem;
  }

  /** Opens the port and waits for the firmware to answer. One attempt: rejects with a BoardError. */
  async open(): Promise<FirmwareInfo> {
    this.closing = false;
    const info = await this.connectOnce();
    return info;
  }

  /** Keeps trying to connect in the background (backoff), e.g. when the first open failed at start-up. */
  startReconnecting(problem?: string): void {
    this.closing = false;
    if (problem) this.problem = problem;
    this.scheduleReconnect(0);
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    await this.drain();
    this.teardown('board closed');
    this.isConnected = false;
    await this.streamClosed;
  }

  // ---- setup and outputs ----

  /** Sets a pin's mode (INPUT_PULLUP is emulated on firmware without it; see PinSetup.modeMessages). */
  setPinMode(pin: number, mode: number): void {
    this.setup.modes.set(pin, mode);
    this.setup.servoConfigs.delete(pin);
    if (mode === PIN_MODE.INPUT_PULLUP) this.setup.setPortBit(pin, true);
    else if (mode === PIN_MODE.INPUT) this.setup.setPortBit(pin, false);
    for (const msg of this.setup.modeMessages(pin, mode, this.supportsMode)) this.send(msg);
  }

  /** Whether the firmware said it supports `mode` on `pin` (undefined before the capabilities are known). */
  supports(pin: number, mode: number): boolean | undefined {
    return this.capabilities ? this.capabilities[pin]?.[mode] !== undefined : undefined;
  }

  /** Attaches a servo with its pulse range (µs for 0° and 180°); puts the pin in SERVO mode. */
  servoConfig(pin: number, minPulseUs = 544, maxPulseUs = 2400): void {
    this.setup.modes.set(pin, PIN_MODE.SERVO);
    this.setup.servoConfigs.set(pin, [minPulseUs, maxPulseUs]);
    this.send({ type: 'servo-config', pin, minPulseUs, maxPulseUs });
  }

  /** Servo angle in whole degrees, 0-180. */
  servoWrite(pin: number, degrees: number): void {
    this.analogWrite(pin, Math.round(Math.max(0, Math.min(180, degrees))));
  }

  /** PWM duty 0-255 (or a servo angle): ANALOG_MESSAGE, or EXTENDED_ANALOG above pin 15. */
  analogWrite(pin: number, value: number): void {
    this.setup.analogOutputs.set(pin, value);
    this.send(analogWriteMessage(pin, value));
  }

  digitalWrite(pin: number, high: boolean): void {
    const value = this.setup.setPortBit(pin, high);
    this.send({ type: 'digital', port: pin >> 3, value });
  }

  /** Turns reporting of the port holding `pin` on or off (Firmata reports whole 8-pin ports). */
  reportDigitalPin(pin: number, enable: boolean): void {
    const port = pin >> 3;
    if (enable) this.setup.digitalReports.add(port);
    else this.setup.digitalReports.delete(port);
    this.send({ type: 'report-digital', port, enable });
  }

  reportAnalog(channel: number, enable: boolean): void {
    if (enable) this.setup.analogReports.add(channel);
    else this.setup.analogReports.delete(channel);
    this.send({ type: 'report-analog', channel, enable });
  }

  setSamplingInterval(ms: number): void {
    this.setup.samplingMs = ms;
    this.send({ type: 'sampling-interval', ms });
  }

  /** Asks the board to report every enabled digital port again now (the answer comes as `digital` events). */
  refreshDigitalInputs(): void {
    for (const port of this.setup.digitalReports) this.send({ type: 'report-digital', port, enable: true });
  }

  // ---- inputs ----

  /** Last reported level of an input pin, or undefined before the first report. */
  digitalRead(pin: number): boolean | undefined {
    const value = this.portInputs.get(pin >> 3);
    return value === undefined ? undefined : (value & (1 << (pin & 7))) !== 0;
  }

  /** Last reading of an analog channel (0-1023), or undefined before the first report. */
  analogRead(channel: number): number | undefined {
    return this.analogInputs.get(channel);
  }

  // ---- queries (round trips) ----

  async queryFirmware(timeoutMs = 1_000): Promise<FirmwareInfo> {
    const msg = await this.request({ type: 'query-firmware' }, (m) => m.type === 'firmware', timeoutMs);
    return msg.type === 'firmware' ? { name: msg.name, version: `${msg.major}.${msg.minor}` } : (this.info as FirmwareInfo);
  }

  async queryPinState(pin: number, timeoutMs = 1_000): Promise<{ mode: number; state: number }> {
    const msg = await this.request({ type: 'pin-state-query', pin }, (m) => m.type === 'pin-state' && m.pin === pin, timeoutMs);
    return msg.type === 'pin-state' ? { mode: msg.mode, state: msg.state } : { mode: -1, state: -1 };
  }

  async queryCapabilities(timeoutMs = 2_000): Promise<Array<Record<number, number>>> {
    const msg = await this.request({ type: 'capability-query' }, (m) => m.type === 'capabilities', timeoutMs);
    return msg.type === 'capabilities' ? msg.pins : [];
  }

  async queryAnalogMapping(timeoutMs = 2_000): Promise<Array<number | null>> {
    const msg = await this.request({ type: 'analog-mapping-query' }, (m) => m.type === 'analog-mapping', timeoutMs);
    return msg.type === 'analog-mapping' ? msg.channels : [];
  }

  /** Sends one raw message (no bookkeeping); dropped while disconnected. */
  send(msg: FirmataMessage): void {
    const bytes = encode(msg);
    if (this.isConnected && this.stream?.isOpen) this.stream.write(bytes);
  }

  /** Resolves when everything written so far has left for the OS. */
  async drain(): Promise<void> {
    const stream = this.stream;
    if (!stream?.isOpen) return;
    await new Promise<void>((resolve) => stream.drain(() => resolve()));
  }

  // ---- internals ----

  private request(msg: FirmataMessage, match: (m: FirmataMessage) => boolean, timeoutMs: number, always = false): Promise<FirmataMessage> {
    if (!always && !this.isConnected) {
      return Promise.reject(new BoardError('not_connected', `the board on ${this.path} is not connected${this.problem ? ` (${this.problem})` : ''}`));
    }
    return new Promise((resolve, reject) => {
      const entry: Pending = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.pending = this.pending.filter((p) => p !== entry);
          reject(
            new BoardError('query_timeout', `the board on ${this.path} did not answer ${msg.type} within ${timeoutMs} ms: check the cable and the firmware`),
          );
        }, timeoutMs),
      };
      this.pending.push(entry);
      this.stream?.write(encode(msg));
    });
  }

  private onData(chunk: Buffer): void {
    const { messages, garbage } = this.decoder.push(chunk);
    if (garbage > 0) {
      this.stats.garbageBytes += garbage;
      this.emit('garbage', garbage);
    }
    // A chunk that held garbage is not trusted for inputs: a noise burst can contain a well-formed frame. Its
    // input reports are dropped and the board is asked to report again.
    const trusted = garbage === 0;
    if (!trusted && this.isConnected) this.refreshDigitalInputs();
    for (const msg of messages) {
      this.stats.messages += 1;
      const input = msg.type === 'digital' || msg.type === 'analog';
      if (msg.type === 'digital' && trusted) this.portInputs.set(msg.port, msg.value);
      if (msg.type === 'analog' && trusted) this.analogInputs.set(msg.pin, msg.value);
      for (const p of [...this.pending]) {
        if (p.match(msg)) {
          clearTimeout(p.timer);
          this.pending = this.pending.filter((q) => q !== p);
          p.resolve(msg);
        }
      }
      this.emit('message', msg);
      if (input && !trusted) continue;
      if (msg.type === 'digital') this.emit('digital', msg.port, msg.value);
      if (msg.type === 'analog') this.emit('analog', msg.pin, msg.value);
    }
  }

  private async connectOnce(): Promise<FirmwareInfo> {
    this.teardown('reconnecting');
    const stream = new SerialPortStream({ binding: this.options.binding, path: this.path, baudRate: this.options.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => stream.open((err) => (err ? reject(classifyOpenError(this.path, err)) : resolve())));
    this.stream = stream;
    this.decoder = new FirmataDecoder();
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    stream.on('error', (err: Error) => this.lost(stream, err.message));
    stream.on('close', (err: Error | null) => this.lost(stream, err?.message ?? 'port closed'));
    let info: FirmwareInfo;
    try {
      info = await this.handshake();
    } catch (error) {
      this.teardown('handshake failed');
      throw error;
    }
    try {
      this.capabilities = msgPins(await this.request({ type: 'capability-query' }, (m) => m.type === 'capabilities', 2_000, true));
    } catch (error) {
      if (!(error instanceof BoardError && error.code === 'query_timeout')) {
        this.teardown('capability query failed');
        throw error;
      }
      this.capabilities = undefined; // firmware without capability support: assume the pin map is right
    }
    this.info = info;
    this.isConnected = true;
    this.problem = undefined;
    this.replay();
    this.startHeartbeat(stream);
    this.emit('connection', true);
    this.emit('ready', info);
    return info;
  }

  private async handshake(): Promise<FirmwareInfo> {
    const deadline = Date.now() + this.options.handshakeTimeoutMs;
    while (Date.now() < deadline) {
      const wait = Math.min(this.options.handshakeRetryMs, deadline - Date.now());
      try {
        const msg = await this.request({ type: 'query-firmware' }, (m) => m.type === 'firmware', Math.max(1, wait), true);
        if (msg.type === 'firmware') return { name: msg.name, version: `${msg.major}.${msg.minor}` };
      } catch (error) {
        if (!(error instanceof BoardError && error.code === 'query_timeout')) throw error;
      }
    }
    const seconds = Math.round(this.options.handshakeTimeoutMs / 100) / 10;
    throw new BoardError('no_firmata', `no Firmata firmware answered on ${this.path} within ${seconds} s: is StandardFirmata flashed? try \`frontdesk flash\``);
  }

  private startHeartbeat(stream: SerialPortStream): void {
    const period = this.options.heartbeatMs;
    if (period === false) return;
    this.heartbeatMisses = 0;
    this.heartbeatInFlight = false;
    this.heartbeatTimer = setInterval(() => {
      if (this.heartbeatInFlight || stream !== this.stream) return;
      this.heartbeatInFlight = true;
      this.request({ type: 'query-version' }, (m) => m.type === 'version', HEARTBEAT_TIMEOUT_MS).then(
        () => {
          this.heartbeatInFlight = false;
          this.heartbeatMisses = 0;
        },
        (error: unknown) => {
          this.heartbeatInFlight = false;
          if (!(error instanceof BoardError && error.code === 'query_timeout')) return;
          this.heartbeatMisses += 1;
          if (this.heartbeatMisses >= HEARTBEAT_MISSES) this.lost(stream, `no answer to ${HEARTBEAT_MISSES} heartbeats: the board stopped responding`);
        },
      );
    }, period);
    this.heartbeatTimer.unref();
  }

  /** Sends the remembered setup to a freshly (re)connected board. */
  private replay(): void {
    for (const msg of this.setup.replayMessages(this.supportsMode)) this.send(msg);
  }

  private lost(stream: SerialPortStream, problem: string): void {
    if (stream !== this.stream) return;
    const wasConnected = this.isConnected;
    this.teardown(problem);
    this.isConnected = false;
    if (this.closing) return;
    this.problem = `serial port ${this.path} lost: ${problem}`;
    if (wasConnected) this.emit('connection', false, this.problem);
    this.scheduleReconnect(0);
  }

  private scheduleReconnect(attempt: number): void {
    const policy = this.options.reconnect;
    if (policy === false || this.closing || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(
      () => {
        this.reconnectTimer = undefined;
        this.connectOnce().then(
          () => {
            this.stats.reconnects += 1;
          },
          (error: unknown) => {
            this.problem = error instanceof Error ? error.message : String(error);
            this.scheduleReconnect(attempt + 1);
          },
        );
      },
      backoffDelay(attempt, policy),
    );
  }

  private teardown(reason: string): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    for (const p of this.pending) {
      clearTimeout(p.timer);
      p.reject(new BoardError('not_connected', `the board on ${this.path} went away (${reason})`));
    }
    this.pending = [];
    const stream = this.stream;
    this.stream = undefined;
    if (stream) {
      stream.removeAllListeners('data');
      stream.removeAllListeners('close');
      stream.removeAllListeners('error');
      stream.on('error', () => undefined);
      if (stream.isOpen) {
        // Closing releases the port's lock only when the binding calls back: close() waits for it, so a caller
        // (the doctor, a flash) can open the port straight after.
        this.streamClosed = new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, STREAM_CLOSE_WAIT_MS);
          stream.close(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    }
  }
}
