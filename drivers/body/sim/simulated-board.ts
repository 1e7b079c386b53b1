/**
 * A simulated Arduino Uno running real StandardFirmata, reachable as a serial port, with hands on its pins:
 * inject sensor inputs, read servo angles and light levels, pull the cable out and put it back.
 *
 * Two ways in: `binding` (an in-process serialport binding: open `path` with it; no external tools), or, with
 * `pty: true`, a socat pseudo-terminal at `path` that any program (avrdude, the CLI, the real serialport binding) can open.
 */
import { SimulatedBinding, type SimulatedPort } from './binding.js';
import { SimulatedUno } from './avr-uno.js';
import { loadFirmwareImage } from './firmware.js';
import { startPtyBridge, type PtyBridge } from './pty-bridge.js';
import { Stk500Bootloader } from './stk500-bootloader.js';
import { FirmataDecoder } from '../firmata/decode.js';

export interface SimulatedBoardOptions {
  /** Firmware hex file; default: avrgirl-arduino's StandardFirmata for the Uno. */
  hexPath?: string;
  /** Port path; default a unique `/dev/ttySIM-<n>` (in-process) or `/tmp/frontdesk-sim-<pid>-<n>` (pty). */
  path?: string;
  /** Expose the board on a socat pty instead of (as well as) the in-process binding. */
  pty?: boolean;
  /** Reset the firmware when the host opens the port, like an Uno whose DTR line resets it. Default false. */
  resetOnOpen?: boolean;
  /**
   * Answer `avrdude -c arduino` like an Uno's Optiboot: a STK500 sync (0x30 0x20) between Firmata frames enters the
   * bootloader; leaving programming mode boots the new image. Default false.
   */
  bootloader?: boolean;
  /** Device signature the simulated bootloader reports (default ATmega328P 1E 95 0F): to play a wrong board. */
  bootloaderSignature?: number[];
  /** Initial digital input levels, by pin. Default: D3 high (an active-low e-stop, released). */
  digitalInputs?: Record<number, boolean>;
  /** Initial analog voltages by channel (A0 = 0), volts. */
  analogVolts?: Record<number, number>;
}

export interface SimulatedBoard {
  /** Path to open (with `binding` in-process, or directly when `pty`). */
  readonly path: string;
  readonly binding: SimulatedBinding;
  readonly pty: boolean;
  /** Drives a digital input pin high (true/1) or low. */
  setDigitalInput(pin: number, level: boolean | 0 | 1): void;
  /** Sets the voltage (0-5 V) on analog channel `channel` (A0 = 0). */
  setAnalogInput(channel: number, volts: number): void;
  /** Servo angle decoded from the pin's pulse train, or null when the pin sends no pulses. */
  servoAngle(pin: number, minUs?: number, maxUs?: number): number | null;
  /** Output level of a pin, or null if the pin is an input. */
  pinLevel(pin: number): boolean | null;
  /** PWM duty 0-1 of a pin (0/1 for a plain output), or null if the pin is an input. */
  pwmDuty(pin: number): number | null;
  /** Sends bytes toward the host as if the line were noisy. */
  injectNoise(bytes: Uint8Array): void;
  /** Bytes the host has written since start. */
  hostBytes(): number;
  /** Times a program was flashed through the simulated bootloader. */
  flashes(): number;
  /** Pulls the cable: the port vanishes, the board loses power. */
  unplug(): Promise<void>;
  /** Puts the cable back: the board boots again and the port reappears. */
  replug(): Promise<void>;
  stop(): Promise<void>;
}

let counter = 0;
/** Simulated time allowed for StandardFirmata's boot (it blinks its version on D13 for about 2.2 s). */
const BOOT_LIMIT_MS = 5_000;

export async function startSimulatedBoard(options: SimulatedBoardOptions = {}): Promise<SimulatedBoard> {
  let image = loadFirmwareImage(options.hexPath);
  const n = ++counter;
  const path = options.path ?? (options.pty ? `/tmp/frontdesk-sim-${process.pid}-${n}` : `/dev/ttySIM-${process.pid}-${n}`);
  const inputs: Record<number, boolean> = { 3: true, ...options.digitalInputs };
  const volts: Record<number, number> = { ...options.analogVolts };
  let uno: SimulatedUno | undefined;
  let hostPort: SimulatedPort | undefined;
  let bridge: (PtyBridge & { toHost(bytes: Uint8Array): void }) | undefined;
  let outgoing: number[] = [];
  let flushScheduled = false;
  let written = 0;

  const toHost = (bytes: Uint8Array): void => {
    hostPort?.deviceSent(bytes);
    bridge?.toHost(bytes);
  };
  const flush = (): void => {
    flushScheduled = false;
    const bytes = Uint8Array.from(outgoing);
    outgoing = [];
    if (bytes.length > 0) toHost(bytes);
  };
  let loader: Stk500Bootloader | undefined;
  let flashes = 0;
  let syncPending = false;
  const hostFrames = new FirmataDecoder();
  const toFirmware = (bytes: Uint8Array): void => {
    uno?.receive(bytes);
    hostFrames.push(bytes);
  };
  const enterBootloader = (): Stk500Bootloader => {
    uno?.stop();
    uno = undefined;
    const flash = new Uint8Array(0x8000);
    flash.set(image.subarray(0, 0x8000));
    loader = new Stk500Bootloader(
      flash,
      (reply) => {
        toHost(Uint8Array.from(reply));
        if (loader?.done) {
          if (loader.pagesWritten > 0) {
            flashes += 1;
            image = loader.flash;
          }
          loader = undefined;
          setImmediate(() => (uno = powerOn()));
        }
      },
      options.bootloaderSignature,
    );
    return loader;
  };
  const fromHost = (bytes: Uint8Array): void => {
    written += bytes.length;
    if (!options.bootloader) return toFirmware(bytes);
    for (const b of bytes) {
      if (loader) {
        loader.push(Uint8Array.of(b));
      } else if (syncPending) {
        syncPending = false;
        if (b === 0x20) {
          enterBootloader().push(Uint8Array.of(0x30, 0x20));
        } else toFirmware(Uint8Array.of(0x30, b));
      } else if (b === 0x30 && hostFrames.idle) {
        syncPending = true;
      } else toFirmware(Uint8Array.of(b));
    }
  };

  const powerOn = (): SimulatedUno => {
    const machine = new SimulatedUno(image);
    for (const [pin, level] of Object.entries(inputs)) machine.setDigitalInput(Number(pin), level);
    for (const [ch, v] of Object.entries(volts)) machine.setAnalogVoltage(Number(ch), v);
    // Boot unpaced and unheard (as if it booted before anyone listened), then run at real speed.
    let booted = false;
    machine.onTransmit = (b) => {
      if (b === 0xf7) booted = true;
    };
    machine.fastForward(() => booted, BOOT_LIMIT_MS);
    machine.onTransmit = (b) => {
      outgoing.push(b);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
    };
    machine.start();
    return machine;
  };

  const binding = new SimulatedBinding(options.pty ? `${path}.inproc` : path, {
    hostWrote: fromHost,
    attach(port) {
      hostPort = port;
      if (options.resetOnOpen && uno) {
        uno.stop();
        uno = powerOn();
      }
    },
    detach(port) {
      if (hostPort === port) hostPort = undefined;
    },
  });

  uno = powerOn();
  if (options.pty) bridge = await startPtyBridge(path, fromHost);

  const machine = (): SimulatedUno => {
    if (!uno) throw new Error('the simulated board is unplugged');
    return uno;
  };

  return {
    path,
    binding,
    pty: options.pty === true,
    setDigitalInput(pin, level) {
      inputs[pin] = Boolean(level);
      uno?.setDigitalInput(pin, Boolean(level));
    },
    setAnalogInput(channel, v) {
      volts[channel] = v;
      uno?.setAnalogVoltage(channel, v);
    },
    servoAngle: (pin, minUs, maxUs) => machine().servoAngle(pin, minUs, maxUs),
    pinLevel: (pin) => machine().pinLevel(pin),
    pwmDuty: (pin) => machine().pwmDuty(pin),
    injectNoise: (bytes) => toHost(bytes),
    hostBytes: () => written,
    flashes: () => flashes,
    async unplug() {
      uno?.stop();
      uno = undefined;
      binding.unplug();
      await bridge?.stop();
      bridge = undefined;
    },
    async replug() {
      if (uno) return;
      uno = powerOn();
      binding.replug();
      if (options.pty) bridge = await startPtyBridge(path, fromHost);
    },
    async stop() {
      uno?.stop();
      uno = undefined;
      binding.unplug();
      await bridge?.stop();
      bridge = undefined;
    },
  };
}
