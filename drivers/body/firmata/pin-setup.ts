/**
 * What the host has asked of the board's pins (modes, servo ranges, outputs, reporting, sampling interval),
 * remembered so that a rebooted or reconnected board can be brought back to the same state in one go.
 */
import { PIN_MODE, type FirmataMessage } from './protocol.js';

/** Whether the firmware supports a mode on a pin; undefined when unknown. */
export type Supports = (pin: number, mode: number) => boolean | undefined;

export class PinSetup {
  samplingMs: number | undefined;
  readonly modes = new Map<number, number>();
  readonly servoConfigs = new Map<number, [number, number]>();
  /** Output bits per 8-pin port (also pull-up bits for emulated INPUT_PULLUP). */
  readonly portOutputs = new Map<number, number>();
  readonly analogOutputs = new Map<number, number>();
  readonly digitalReports = new Set<number>();
  readonly analogReports = new Set<number>();

  /** Records a bit of a port's output value; returns the port's new value. */
  setPortBit(pin: number, high: boolean): number {
    const port = pin >> 3;
    const bit = 1 << (pin & 7);
    const value = ((this.portOutputs.get(port) ?? 0) & ~bit) | (high ? bit : 0);
    this.portOutputs.set(port, value);
    return value;
  }

  /**
   * Messages that put `pin` in `mode`. INPUT_PULLUP on firmware without it (StandardFirmata before 2.5) is done the
   * classic way: INPUT, then the pin's output bit high, which turns on the AVR's pull-up.
   */
  modeMessages(pin: number, mode: number, supports: Supports): FirmataMessage[] {
    const servo = this.servoConfigs.get(pin);
    if (mode === PIN_MODE.SERVO && servo) return [{ type: 'servo-config', pin, minPulseUs: servo[0], maxPulseUs: servo[1] }];
    if (mode === PIN_MODE.INPUT_PULLUP && supports(pin, mode) === false) {
      return [
        { type: 'set-pin-mode', pin, mode: PIN_MODE.INPUT },
        { type: 'digital', port: pin >> 3, value: this.portOutputs.get(pin >> 3) ?? 0 },
      ];
    }
    return [{ type: 'set-pin-mode', pin, mode }];
  }

  /** Everything, in an order a fresh board accepts: interval, modes, outputs, then reporting. */
  replayMessages(supports: Supports): FirmataMessage[] {
    const out: FirmataMessage[] = [];
    if (this.samplingMs !== undefined) out.push({ type: 'sampling-interval', ms: this.samplingMs });
    for (const [pin, mode] of this.modes) out.push(...this.modeMessages(pin, mode, supports));
    for (const [port, value] of this.portOutputs) out.push({ type: 'digital', port, value });
    for (const [pin, value] of this.analogOutputs) out.push(analogWriteMessage(pin, value));
    for (const port of this.digitalReports) out.push({ type: 'report-digital', port, enable: true });
    for (const channel of this.analogReports) out.push({ type: 'report-analog', channel, enable: true });
    return out;
  }
}

/** ANALOG_MESSAGE for pins 0-15 and 14-bit values, EXTENDED_ANALOG beyond. */
export function analogWriteMessage(pin: number, value: number): FirmataMessage {
  return pin <= 15 && value <= 0x3fff ? { type: 'analog', pin, value } : { type: 'extended-analog', pin, value };
}
