/**
 * An Arduino Uno (ATmega328P at 16 MHz) in avr8js, running a real firmware image.
 *
 * The clock is paced to wall time (one simulated second per real second) so the firmware's timing (sampling
 * interval, servo frames, baud rate) means what it says; `fastForward` runs unpaced, for the boot blink.
 * Pins use Arduino numbering: D0-D7 = PORTD, D8-D13 = PORTB, A0-A5 = D14-D19 = PORTC.
 */
import {
  AVRADC,
  AVRClock,
  AVRIOPort,
  AVRTimer,
  AVRUSART,
  CPU,
  PinState,
  adcConfig,
  avrInstruction,
  clockConfig,
  portBConfig,
  portCConfig,
  portDConfig,
  timer0Config,
  timer1Config,
  timer2Config,
  usart0Config,
} from 'avr8js';
import { CodedError } from '../../../base/errors.js';

export const UNO_HZ = 16_000_000;
/** Servo library defaults (Servo.h MIN_PULSE_WIDTH / MAX_PULSE_WIDTH), used when no SERVO_CONFIG was sent. */
export const SERVO_MIN_US = 544;
export const SERVO_MAX_US = 2400;
/** A servo pulse older than this is stale: the servo is detached or the firmware stopped. */
const SERVO_STALE_CYCLES = UNO_HZ / 10;
/** Most simulated time one pacing step may run, so the event loop keeps breathing (ms). */
const MAX_STEP_MS = 8;
/** Lag beyond which the simulation stops trying to catch up and slips instead (ms). */
const MAX_LAG_MS = 100;

/** Output-compare registers behind the Uno's PWM pins: [OCR address, TCCRxA address, COM bit 1 mask]. */
const PWM_REGISTERS: Record<number, [number, number, number]> = {
  3: [0xb4, 0xb0, 0x20], // OC2B
  5: [0x48, 0x44, 0x20], // OC0B
  6: [0x47, 0x44, 0x80], // OC0A
  9: [0x88, 0x80, 0x80], // OC1A (8-bit phase-correct in analogWrite)
  10: [0x8a, 0x80, 0x20], // OC1B
  11: [0xb3, 0xb0, 0x80], // OC2A
};

export class SimulatedUnoError extends CodedError<'sim_uno'> {
  constructor(message: string) {
    super('sim_uno', message);
  }
}

interface ServoTrace {
  riseAt: number;
  widthUs?: number;
  fallAt: number;
}

export class SimulatedUno {
  readonly cpu: CPU;
  readonly usart: AVRUSART;
  readonly adc: AVRADC;
  private readonly ports: AVRIOPort[];
  private readonly servo = new Map<number, ServoTrace>();
  private readonly rxQueue: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private anchorWall = 0;
  private anchorCycles = 0;
  /** Called with every byte the firmware transmits. */
  onTransmit: (byte: number) => void = () => undefined;

  /** @param image flash contents from address 0 (a sketch without bootloader). A power cycle is a new instance. */
  constructor(image: Uint8Array) {
    if (image.length > 0x8000) throw new SimulatedUnoError(`firmware image is ${image.length} bytes; an ATmega328P holds 32768`);
    const flash = new Uint8Array(0x8000);
    flash.set(image);
    this.cpu = new CPU(new Uint16Array(flash.buffer));
    new AVRTimer(this.cpu, timer0Config);
    new AVRTimer(this.cpu, timer1Config);
    new AVRTimer(this.cpu, timer2Config);
    new AVRClock(this.cpu, UNO_HZ, clockConfig);
    this.usart = new AVRUSART(this.cpu, usart0Config, UNO_HZ);
    this.adc = new AVRADC(this.cpu, adcConfig);
    this.ports = [new AVRIOPort(this.cpu, portDConfig), new AVRIOPort(this.cpu, portBConfig), new AVRIOPort(this.cpu, portCConfig)];
    this.usart.onByteTransmit = (b) => this.onTransmit(b);
    this.usart.onRxComplete = () => this.feedRx();
    this.ports.forEach((port, index) => port.addListener((value, old) => this.watchServos(index, value, old)));
  }

  private locate(pin: number): [AVRIOPort, number] {
    if (!Number.isInteger(pin) || pin < 0 || pin > 19) throw new SimulatedUnoError(`Uno pin ${pin} does not exist (D0-D19)`);
    const port = this.ports[pin < 8 ? 0 : pin < 14 ? 1 : 2] as AVRIOPort;
    return [port, pin < 8 ? pin : pin < 14 ? pin - 8 : pin - 14];
  }

  private watchServos(portIndex: number, value: number, old: number): void {
    const changed = value ^ old;
    if (!changed) return;
    const first = portIndex === 0 ? 0 : portIndex === 1 ? 8 : 14;
    for (let bit = 0; bit < 8; bit++) {
      if (!(changed & (1 << bit))) continue;
      const pin = first + bit;
      const high = (value & (1 << bit)) !== 0;
      const trace = this.servo.get(pin) ?? { riseAt: -1, fallAt: -1 };
      if (high) trace.riseAt = this.cpu.cycles;
      else if (trace.riseAt >= 0) {
        trace.widthUs = (this.cpu.cycles - trace.riseAt) / (UNO_HZ / 1e6);
        trace.fallAt = this.cpu.cycles;
      }
      this.servo.set(pin, trace);
    }
  }

  /** Bytes the host sent go in one at a time, at the line's pace, as the UART receiver frees up. */
  receive(bytes: Uint8Array): void {
    for (const b of bytes) this.rxQueue.push(b);
    this.feedRx();
  }

  private feedRx(): void {
    const next = this.rxQueue[0];
    if (next === undefined || this.usart.rxBusy || !this.usart.rxEnable) return;
    if (this.usart.writeByte(next)) this.rxQueue.shift();
  }

  /** Runs `cycles` CPU cycles unpaced. */
  runCycles(cycles: number): void {
    const { cpu } = this;
    const end = cpu.cycles + cycles;
    while (cpu.cycles < end) {
      avrInstruction(cpu);
      cpu.tick();
      // The receiver may have been disabled when bytes arrived (firmware still booting).
      if (this.rxQueue.length > 0 && (cpu.cycles & 0x3ff) < 4) this.feedRx();
    }
  }

  /** Runs unpaced until `until()` holds or `maxMs` simulated milliseconds pass; returns whether it held. */
  fastForward(until: () => boolean, maxMs: number): boolean {
    const limit = this.cpu.cycles + (maxMs * UNO_HZ) / 1000;
    while (this.cpu.cycles < limit) {
      this.runCycles(UNO_HZ / 1000);
      if (until()) return true;
    }
    return false;
  }

  /** Starts the wall-clock paced run loop. */
  start(): void {
    if (this.timer) return;
    this.anchorWall = performance.now();
    this.anchorCycles = this.cpu.cycles;
    const step = (): void => {
      const wantCycles = this.anchorCycles + ((performance.now() - this.anchorWall) * UNO_HZ) / 1000;
      let behind = wantCycles - this.cpu.cycles;
      if (behind > (MAX_LAG_MS * UNO_HZ) / 1000) {
        // The host is overloaded: slip rather than burn the CPU catching up.
        this.anchorCycles -= behind - (MAX_STEP_MS * UNO_HZ) / 1000;
        behind = (MAX_STEP_MS * UNO_HZ) / 1000;
      }
      if (behind > 0) this.runCycles(Math.min(behind, (MAX_STEP_MS * UNO_HZ) / 1000));
      this.timer = setTimeout(step, 1);
    };
    this.timer = setTimeout(step, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Drives an input pin from outside (a sensor or a switch). */
  setDigitalInput(pin: number, high: boolean): void {
    const [port, bit] = this.locate(pin);
    port.setPin(bit, high);
  }

  /** Voltage (0-5 V) on analog channel `channel` (A0 = 0). */
  setAnalogVoltage(channel: number, volts: number): void {
    if (!Number.isInteger(channel) || channel < 0 || channel > 5) throw new SimulatedUnoError(`analog channel A${channel} does not exist on an Uno (A0-A5)`);
    this.adc.channelValues[channel] = Math.max(0, Math.min(5, volts));
  }

  /** Level of a pin as the outside world sees it: true/false for an output, null for an input. */
  pinLevel(pin: number): boolean | null {
    const [port, bit] = this.locate(pin);
    const state = port.pinState(bit);
    return state === PinState.High ? true : state === PinState.Low ? false : null;
  }

  /** PWM duty cycle 0-1 of a pin (a plain output reads 0 or 1; an input reads null). */
  pwmDuty(pin: number): number | null {
    const regs = PWM_REGISTERS[pin];
    if (regs) {
      const [ocr, tccr, com] = regs;
      if ((this.cpu.data[tccr] ?? 0) & com) return (this.cpu.data[ocr] ?? 0) / 255;
    }
    const level = this.pinLevel(pin);
    return level === null ? null : level ? 1 : 0;
  }

  /** Last servo pulse width on a pin in microseconds, or null if no fresh pulse. */
  servoPulseUs(pin: number): number | null {
    const trace = this.servo.get(pin);
    if (!trace || trace.widthUs === undefined) return null;
    if (this.cpu.cycles - trace.fallAt > SERVO_STALE_CYCLES) return null;
    return trace.widthUs;
  }

  /** Servo angle decoded from the pulse width, assuming the given calibration (the Servo library's by default). */
  servoAngle(pin: number, minUs = SERVO_MIN_US, maxUs = SERVO_MAX_US): number | null {
    const us = this.servoPulseUs(pin);
    if (us === null) return null;
    return Math.max(0, Math.min(180, ((us - minUs) * 180) / (maxUs - minUs)));
  }

  /** Simulated milliseconds since power on. */
  get millis(): number {
    return (this.cpu.cycles * 1000) / UNO_HZ;
  }
}
