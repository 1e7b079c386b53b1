/**
 * Firmata encoder: one message -> the bytes on the wire. Pure; throws FirmataEncodeError for values that cannot be
 * represented (a pin out of range, a negative value), so a bug never turns into a half-valid frame on the line.
 */
import { CMD, SYSEX, type FirmataMessage } from './protocol.js';
import { CodedError } from '../../../base/errors.js';

export class FirmataEncodeError extends CodedError<'firmata_encode'> {
  constructor(message: string) {
    super('firmata_encode', message);
  }
}

function check(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new FirmataEncodeError(`${name} must be an integer 0-${max}, got ${value}: fix the caller or the pin map`);
  }
  return value;
}

/** 7-bit LSB/MSB pair of a 14-bit number. */
function u14(value: number): [number, number] {
  return [value & 0x7f, (value >> 7) & 0x7f];
}

/** Each byte of text as two 7-bit bytes (Firmata's string and firmware-name encoding). */
function text7(text: string): number[] {
  const out: number[] = [];
  for (const ch of Buffer.from(text, 'latin1')) out.push(ch & 0x7f, (ch >> 7) & 0x7f);
  return out;
}

function sysex(command: number, data: number[]): Buffer {
  return Buffer.from([CMD.START_SYSEX, command, ...data, CMD.END_SYSEX]);
}

/** Little-endian 7-bit groups, as many as needed (at least one). */
function varint7(value: number): number[] {
  const out = [value & 0x7f];
  let rest = Math.floor(value / 128);
  while (rest > 0) {
    out.push(rest & 0x7f);
    rest = Math.floor(rest / 128);
  }
  return out;
}

export function encode(msg: FirmataMessage): Buffer {
  switch (msg.type) {
    case 'version':
      return Buffer.from([CMD.REPORT_VERSION, check('major', msg.major, 127), check('minor', msg.minor, 127)]);
    case 'query-version':
      return Buffer.from([CMD.REPORT_VERSION]);
    case 'query-firmware':
      return sysex(SYSEX.REPORT_FIRMWARE, []);
    case 'firmware':
      return sysex(SYSEX.REPORT_FIRMWARE, [check('major', msg.major, 127), check('minor', msg.minor, 127), ...text7(msg.name)]);
    case 'digital':
      return Buffer.from([CMD.DIGITAL_MESSAGE | check('port', msg.port, 15), ...u14(check('value', msg.value, 0xff))]);
    case 'analog':
      return Buffer.from([CMD.ANALOG_MESSAGE | check('pin', msg.pin, 15), ...u14(check('value', msg.value, 0x3fff))]);
    case 'extended-analog':
      return sysex(SYSEX.EXTENDED_ANALOG, [check('pin', msg.pin, 127), ...varint7(check('value', msg.value, 2 ** 28 - 1))]);
    case 'set-pin-mode':
      return Buffer.from([CMD.SET_PIN_MODE, check('pin', msg.pin, 127), check('mode', msg.mode, 127)]);
    case 'set-digital-pin':
      return Buffer.from([CMD.SET_DIGITAL_PIN_VALUE, check('pin', msg.pin, 127), msg.value ? 1 : 0]);
    case 'report-digital':
      return Buffer.from([CMD.REPORT_DIGITAL | check('port', msg.port, 15), msg.enable ? 1 : 0]);
    case 'report-analog':
      return Buffer.from([CMD.REPORT_ANALOG | check('channel', msg.channel, 15), msg.enable ? 1 : 0]);
    case 'sampling-interval':
      return sysex(SYSEX.SAMPLING_INTERVAL, u14(check('sampling interval ms', msg.ms, 0x3fff)));
    case 'servo-config':
      return sysex(SYSEX.SERVO_CONFIG, [
        check('pin', msg.pin, 127),
        ...u14(check('minPulseUs', msg.minPulseUs, 0x3fff)),
        ...u14(check('maxPulseUs', msg.maxPulseUs, 0x3fff)),
      ]);
    case 'capability-query':
      return sysex(SYSEX.CAPABILITY_QUERY, []);
    case 'capabilities': {
      const data: number[] = [];
      for (const modes of msg.pins) {
        for (const [mode, resolution] of Object.entries(modes)) data.push(check('mode', Number(mode), 126), check('resolution', resolution, 127));
        data.push(0x7f);
      }
      return sysex(SYSEX.CAPABILITY_RESPONSE, data);
    }
    case 'analog-mapping-query':
      return sysex(SYSEX.ANALOG_MAPPING_QUERY, []);
    case 'analog-mapping':
      return sysex(
        SYSEX.ANALOG_MAPPING_RESPONSE,
        msg.channels.map((c) => (c === null ? 0x7f : check('channel', c, 126))),
      );
    case 'pin-state-query':
      return sysex(SYSEX.PIN_STATE_QUERY, [check('pin', msg.pin, 127)]);
    case 'pin-state':
      return sysex(SYSEX.PIN_STATE_RESPONSE, [check('pin', msg.pin, 127), check('mode', msg.mode, 127), ...varint7(check('state', msg.state, 2 ** 28 - 1))]);
    case 'string':
      return sysex(SYSEX.STRING_DATA, text7(msg.text));
    case 'system-reset':
      return Buffer.from([CMD.SYSTEM_RESET]);
    case 'sysex':
      return sysex(
        check('sysex command', msg.command, 127),
        msg.data.map((b, i) => check(`sysex byte ${i}`, b, 127)),
      );
  }
}
