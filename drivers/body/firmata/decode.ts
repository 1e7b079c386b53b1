/**
 * Streaming Firmata decoder: feed it chunks as they arrive (frames may be split anywhere), get whole messages back.
 *
 * Garbage is skipped, never guessed at: a data byte with no command before it, a frame cut short by another command
 * byte, an unknown command byte, an over-long sysex, or a known sysex with a malformed body are all dropped and
 * counted in `garbage`. The caller can use that count to resynchronise (ask the board for fresh state).
 */
import { CMD, MAX_SYSEX_BYTES, SYSEX, type FirmataMessage } from './protocol.js';

/** Total frame length (command byte included) of the fixed-size commands, keyed by the command's high nibble
 * (0x90-0xE0) or full byte (0xF4-0xFF). */
const FIXED_LENGTH = new Map<number, number>([
  [CMD.DIGITAL_MESSAGE, 3],
  [CMD.ANALOG_MESSAGE, 3],
  [CMD.REPORT_ANALOG, 2],
  [CMD.REPORT_DIGITAL, 2],
  [CMD.SET_PIN_MODE, 3],
  [CMD.SET_DIGITAL_PIN_VALUE, 3],
  [CMD.REPORT_VERSION, 3],
  [CMD.SYSTEM_RESET, 1],
]);

function commandKey(byte: number): number {
  return byte < 0xf0 ? byte & 0xf0 : byte;
}

export interface DecodeResult {
  messages: FirmataMessage[];
  /** Bytes discarded while decoding this chunk. */
  garbage: number;
}

function u14(lsb: number, msb: number): number {
  return lsb | (msb << 7);
}

function varint7(bytes: number[]): number {
  let value = 0;
  for (let i = bytes.length - 1; i >= 0; i--) value = value * 128 + (bytes[i] ?? 0);
  return value;
}

function text7(bytes: number[]): string | null {
  if (bytes.length % 2 !== 0) return null;
  const chars: number[] = [];
  for (let i = 0; i < bytes.length; i += 2) chars.push(u14(bytes[i] ?? 0, bytes[i + 1] ?? 0) & 0xff);
  return Buffer.from(chars).toString('latin1');
}

/** One sysex body (between the command byte and END_SYSEX) -> a message, or null if the body is malformed. */
export function decodeSysex(command: number, d: number[]): FirmataMessage | null {
  const at = (i: number): number => d[i] ?? 0;
  switch (command) {
    case SYSEX.REPORT_FIRMWARE: {
      if (d.length === 0) return { type: 'query-firmware' };
      if (d.length < 2) return null;
      const name = text7(d.slice(2));
      return name === null ? null : { type: 'firmware', major: at(0), minor: at(1), name };
    }
    case SYSEX.EXTENDED_ANALOG:
      return d.length >= 2 && d.length <= 5 ? { type: 'extended-analog', pin: at(0), value: varint7(d.slice(1)) } : null;
    case SYSEX.SAMPLING_INTERVAL:
      return d.length === 2 ? { type: 'sampling-interval', ms: u14(at(0), at(1)) } : null;
    case SYSEX.SERVO_CONFIG:
      return d.length === 5 ? { type: 'servo-config', pin: at(0), minPulseUs: u14(at(1), at(2)), maxPulseUs: u14(at(3), at(4)) } : null;
    case SYSEX.CAPABILITY_QUERY:
      return d.length === 0 ? { type: 'capability-query' } : null;
    case SYSEX.CAPABILITY_RESPONSE: {
      const pins: Array<Record<number, number>> = [];
      let modes: Record<number, number> = {};
      for (let i = 0; i < d.length;) {
        if (at(i) === 0x7f) {
          pins.push(modes);
          modes = {};
          i += 1;
        } else {
          if (i + 1 >= d.length) return null;
          modes[at(i)] = at(i + 1);
          i += 2;
        }
      }
      return Object.keys(modes).length === 0 ? { type: 'capabilities', pins } : null;
    }
    case SYSEX.ANALOG_MAPPING_QUERY:
      return d.length === 0 ? { type: 'analog-mapping-query' } : null;
    case SYSEX.ANALOG_MAPPING_RESPONSE:
      return { type: 'analog-mapping', channels: d.map((c) => (c === 0x7f ? null : c)) };
    case SYSEX.PIN_STATE_QUERY:
      return d.length === 1 ? { type: 'pin-state-query', pin: at(0) } : null;
    case SYSEX.PIN_STATE_RESPONSE:
      return d.length >= 3 && d.length <= 6 ? { type: 'pin-state', pin: at(0), mode: at(1), state: varint7(d.slice(2)) } : null;
    case SYSEX.STRING_DATA: {
      const text = text7(d);
      return text === null ? null : { type: 'string', text };
    }
    default:
      return { type: 'sysex', command, data: d };
  }
}

function decodeFixed(frame: number[]): FirmataMessage | null {
  const [cmd = 0, a = 0, b = 0] = frame;
  switch (commandKey(cmd)) {
    case CMD.DIGITAL_MESSAGE:
      return { type: 'digital', port: cmd & 0x0f, value: u14(a, b) & 0xff };
    case CMD.ANALOG_MESSAGE:
      return { type: 'analog', pin: cmd & 0x0f, value: u14(a, b) };
    case CMD.REPORT_ANALOG:
      return a > 1 ? null : { type: 'report-analog', channel: cmd & 0x0f, enable: a === 1 };
    case CMD.REPORT_DIGITAL:
      return a > 1 ? null : { type: 'report-digital', port: cmd & 0x0f, enable: a === 1 };
    case CMD.SET_PIN_MODE:
      return { type: 'set-pin-mode', pin: a, mode: b };
    case CMD.SET_DIGITAL_PIN_VALUE:
      return b > 1 ? null : { type: 'set-digital-pin', pin: a, value: b === 1 ? 1 : 0 };
    case CMD.REPORT_VERSION:
      return { type: 'version', major: a, minor: b };
    case CMD.SYSTEM_RESET:
      return { type: 'system-reset' };
    default:
      return null;
  }
}

export class FirmataDecoder {
  /** Bytes of the frame being assembled; empty when between frames. frame[0] is its command byte. */
  private frame: number[] = [];
  private inSysex = false;
  /** Total bytes discarded since construction. */
  garbage = 0;
  /** Total messages decoded since construction. */
  decoded = 0;

  constructor(private readonly maxSysexBytes = MAX_SYSEX_BYTES) {
    if (!Number.isInteger(maxSysexBytes) || maxSysexBytes < 8) {
      throw new RangeError(`maxSysexBytes must be an integer >= 8, got ${maxSysexBytes}`);
    }
  }

  /** True between frames (no partly received frame). */
  get idle(): boolean {
    return this.frame.length === 0;
  }

  push(chunk: Uint8Array): DecodeResult {
    const messages: FirmataMessage[] = [];
    const before = this.garbage;
    for (const byte of chunk) this.byte(byte, messages);
    this.decoded += messages.length;
    return { messages, garbage: this.garbage - before };
  }

  /** Forget a partly received frame (after a reconnect, say). It counts as garbage. */
  reset(): void {
    this.drop();
  }

  private drop(): void {
    // A lone REPORT_VERSION (the host's version query) is a whole message, not garbage; see byte().
    this.garbage += this.frame.length;
    this.frame = [];
    this.inSysex = false;
  }

  private byte(byte: number, out: FirmataMessage[]): void {
    if (byte & 0x80) {
      if (this.inSysex && byte === CMD.END_SYSEX) {
        const [, command, ...data] = this.frame;
        const msg = command === undefined ? null : decodeSysex(command, data);
        if (msg) {
          out.push(msg);
          this.frame = [];
          this.inSysex = false;
        } else {
          this.frame.push(byte);
          this.drop();
        }
        return;
      }
      // A command byte while a frame is open: the frame was cut short. The one legal short frame is the host's
      // version query, a REPORT_VERSION with no data.
      if (this.frame.length === 1 && this.frame[0] === CMD.REPORT_VERSION) {
        out.push({ type: 'query-version' });
        this.frame = [];
      } else if (this.frame.length > 0) {
        this.drop();
      }
      if (byte === CMD.START_SYSEX) {
        this.frame = [byte];
        this.inSysex = true;
      } else if (FIXED_LENGTH.has(commandKey(byte))) {
        this.frame = [byte];
        this.complete(out);
      } else {
        this.garbage += 1; // unknown command byte, including a stray END_SYSEX
      }
      return;
    }
    if (this.frame.length === 0) {
      this.garbage += 1; // data byte with no command
      return;
    }
    this.frame.push(byte);
    if (this.inSysex) {
      if (this.frame.length > this.maxSysexBytes) this.drop();
      return;
    }
    this.complete(out);
  }

  private complete(out: FirmataMessage[]): void {
    const first = this.frame[0] ?? 0;
    if (this.frame.length < (FIXED_LENGTH.get(commandKey(first)) ?? 1)) return;
    const msg = decodeFixed(this.frame);
    if (msg) {
      out.push(msg);
      this.frame = [];
    } else {
      this.drop();
    }
  }
}
