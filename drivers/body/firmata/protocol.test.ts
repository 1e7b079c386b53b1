import { describe, expect, it } from 'vitest';
import { FirmataDecoder } from './decode.js';
import { encode, FirmataEncodeError } from './encode.js';
import { PIN_MODE, type FirmataMessage } from './protocol.js';

const samples: FirmataMessage[] = [
  { type: 'version', major: 2, minor: 5 },
  { type: 'query-firmware' },
  { type: 'firmware', major: 2, minor: 5, name: 'StandardFirmata.ino' },
  { type: 'digital', port: 1, value: 0b1010_0101 },
  { type: 'analog', pin: 0, value: 1023 },
  { type: 'analog', pin: 9, value: 90 },
  { type: 'extended-analog', pin: 20, value: 1500 },
  { type: 'set-pin-mode', pin: 3, mode: PIN_MODE.INPUT_PULLUP },
  { type: 'set-digital-pin', pin: 13, value: 1 },
  { type: 'report-digital', port: 0, enable: true },
  { type: 'report-analog', channel: 5, enable: false },
  { type: 'sampling-interval', ms: 250 },
  { type: 'servo-config', pin: 9, minPulseUs: 544, maxPulseUs: 2400 },
  { type: 'capability-query' },
  { type: 'capabilities', pins: [{}, { 0: 1, 1: 1, 11: 1 }, { 0: 1, 1: 1, 3: 8, 4: 14 }] },
  { type: 'analog-mapping-query' },
  { type: 'analog-mapping', channels: [null, null, 0, 1] },
  { type: 'pin-state-query', pin: 9 },
  { type: 'pin-state', pin: 9, mode: PIN_MODE.SERVO, state: 170 },
  { type: 'string', text: 'hello' },
  { type: 'system-reset' },
  { type: 'sysex', command: 0x01, data: [1, 2, 3] },
];

function decodeAll(bytes: Uint8Array, chunk = bytes.length): { messages: FirmataMessage[]; garbage: number } {
  const decoder = new FirmataDecoder();
  const messages: FirmataMessage[] = [];
  for (let i = 0; i < bytes.length; i += chunk) messages.push(...decoder.push(bytes.subarray(i, i + chunk)).messages);
  return { messages, garbage: decoder.garbage };
}

describe('Firmata encoder', () => {
  it('writes the frames the protocol specifies', () => {
    expect([...encode({ type: 'analog', pin: 9, value: 90 })]).toEqual([0xe9, 90, 0]);
    expect([...encode({ type: 'analog', pin: 6, value: 255 })]).toEqual([0xe6, 0x7f, 0x01]);
    expect([...encode({ type: 'digital', port: 1, value: 0x20 })]).toEqual([0x91, 0x20, 0x00]);
    expect([...encode({ type: 'digital', port: 0, value: 0x80 })]).toEqual([0x90, 0x00, 0x01]);
    expect([...encode({ type: 'set-pin-mode', pin: 9, mode: PIN_MODE.SERVO })]).toEqual([0xf4, 9, 4]);
    expect([...encode({ type: 'report-digital', port: 0, enable: true })]).toEqual([0xd0, 1]);
    expect([...encode({ type: 'report-analog', channel: 0, enable: true })]).toEqual([0xc0, 1]);
    expect([...encode({ type: 'sampling-interval', ms: 1000 })]).toEqual([0xf0, 0x7a, 0x68, 0x07, 0xf7]);
    expect([...encode({ type: 'servo-config', pin: 9, minPulseUs: 544, maxPulseUs: 2400 })]).toEqual([
      0xf0,
      0x70,
      9,
      544 & 0x7f,
      544 >> 7,
      2400 & 0x7f,
      2400 >> 7,
      0xf7,
    ]);
    expect([...encode({ type: 'query-firmware' })]).toEqual([0xf0, 0x79, 0xf7]);
    expect([...encode({ type: 'query-version' })]).toEqual([0xf9]);
    expect([...encode({ type: 'system-reset' })]).toEqual([0xff]);
    expect([...encode({ type: 'extended-analog', pin: 20, value: 1500 })]).toEqual([0xf0, 0x6f, 20, 1500 & 0x7f, 1500 >> 7, 0xf7]);
  });

  it('refuses values that cannot be encoded instead of sending a half-valid frame', () => {
    expect(() => encode({ type: 'analog', pin: 16, value: 1 })).toThrow(FirmataEncodeError);
    expect(() => encode({ type: 'set-pin-mode', pin: -1, mode: 1 })).toThrow(/pin must be an integer/);
    expect(() => encode({ type: 'analog', pin: 3, value: 1.5 })).toThrow(FirmataEncodeError);
  });
});

describe('Firmata decoder', () => {
  const stream = Buffer.concat(samples.map((m) => encode(m)));

  it('decodes what the encoder wrote, message for message', () => {
    const { messages, garbage } = decodeAll(stream);
    expect(messages).toEqual(samples);
    expect(garbage).toBe(0);
  });

  it('decodes the same messages whatever the chunk size (frames split across chunks)', () => {
    for (const size of [1, 2, 3, 5, 7, 13]) expect(decodeAll(stream, size).messages).toEqual(samples);
  });

  it('decodes what real StandardFirmata sends at boot (captured from the simulated Uno)', () => {
    const boot = Buffer.from('f90204f07902045300740061006e0064006100720064004600690072006d006100740061002e0069006e006f00f7', 'hex');
    expect(decodeAll(boot, 4).messages).toEqual([
      { type: 'version', major: 2, minor: 4 },
      { type: 'firmware', major: 2, minor: 4, name: 'StandardFirmata.ino' },
    ]);
  });

  it('skips data bytes that have no command before them', () => {
    const bytes = Buffer.concat([Buffer.from([0x01, 0x7f, 0x33]), encode({ type: 'analog', pin: 0, value: 512 })]);
    const { messages, garbage } = decodeAll(bytes);
    expect(messages).toEqual([{ type: 'analog', pin: 0, value: 512 }]);
    expect(garbage).toBe(3);
  });

  it('drops a frame cut short by the next command instead of completing it with foreign bytes', () => {
    // 0xE0 0x10 | 0x90 0x04 0x00 : the analog frame lost its MSB; the digital frame must survive intact.
    const { messages, garbage } = decodeAll(Buffer.from([0xe0, 0x10, 0x90, 0x04, 0x00]));
    expect(messages).toEqual([{ type: 'digital', port: 0, value: 4 }]);
    expect(garbage).toBe(2);
  });

  it('drops unknown command bytes, stray END_SYSEX and malformed sysex bodies', () => {
    const bytes = Buffer.from([
      0xf1,
      0xf7, // unknown command, stray end
      0xf0,
      0x7a,
      0x05,
      0xf7, // sampling interval with one byte: malformed
      0xf0,
      0x70,
      0x09,
      0x01,
      0xf7, // servo config too short
      0xf0,
      0x79,
      0x02,
      0x05,
      0x41,
      0xf7, // firmware name with an odd byte count
      0xd0,
      0x05, // report-digital with a non-boolean flag
      0xf9,
      0x02,
      0x05,
    ]);
    const { messages, garbage } = decodeAll(bytes, 3);
    expect(messages).toEqual([{ type: 'version', major: 2, minor: 5 }]);
    expect(garbage).toBe(bytes.length - 3);
  });

  it('aborts a sysex interrupted by another command, and caps runaway sysex length', () => {
    const cut = decodeAll(Buffer.from([0xf0, 0x79, 0x02, 0xe1, 0x05, 0x00]));
    expect(cut.messages).toEqual([{ type: 'analog', pin: 1, value: 5 }]);
    const decoder = new FirmataDecoder(16);
    const runaway = decoder.push(Buffer.from([0xf0, ...new Array(40).fill(0x11), 0xf7, 0xf9, 2, 5]));
    expect(runaway.messages).toEqual([{ type: 'version', major: 2, minor: 5 }]);
    expect(runaway.garbage).toBe(42);
  });

  it('never throws on random bytes and resynchronises on the next whole frame', () => {
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 8) & 0xff;
    const decoder = new FirmataDecoder();
    for (let round = 0; round < 200; round++) {
      const noise = Buffer.from(Array.from({ length: 1 + (rand() % 40) }, rand));
      decoder.push(noise);
      // A single clean frame after noise may be eaten by an unfinished sysex; a sysex close and a frame must decode.
      const { messages } = decoder.push(Buffer.concat([Buffer.from([0xf7]), encode({ type: 'version', major: 2, minor: 5 })]));
      expect(messages.at(-1)).toEqual({ type: 'version', major: 2, minor: 5 });
    }
  });
});
