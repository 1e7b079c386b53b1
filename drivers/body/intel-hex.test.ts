import { describe, expect, it } from 'vitest';
import { IntelHexError, parseIntelHex } from './intel-hex.js';
import { Stk500Bootloader } from './sim/stk500-bootloader.js';

/** Builds one record with a correct checksum. */
function record(type: number, address: number, data: number[]): string {
  const bytes = [data.length, address >> 8, address & 0xff, type, ...data];
  const sum = (0x100 - (bytes.reduce((a, b) => a + b, 0) & 0xff)) & 0xff;
  return `:${[...bytes, sum].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('')}`;
}

describe('Intel HEX reader', () => {
  it('reads data records into a flat image', () => {
    const text = [record(0, 0x0000, [1, 2, 3, 4]), record(0, 0x0010, [9]), record(1, 0, [])].join('\r\n');
    const image = parseIntelHex(text, 64);
    expect([...image.bytes.subarray(0, 5)]).toEqual([1, 2, 3, 4, 0xff]);
    expect(image.bytes[0x10]).toBe(9);
    expect(image.end).toBe(0x11);
    expect(image.dataBytes).toBe(5);
  });

  it('honours extended segment addresses', () => {
    const image = parseIntelHex([record(2, 0, [0x00, 0x10]), record(0, 0x0002, [7]), record(1, 0, [])].join('\n'), 0x200);
    expect(image.bytes[0x102]).toBe(7);
  });

  it('names the line and the fault of a damaged file', () => {
    const good = record(0, 0, [1, 2]);
    const broken = `${good.slice(0, -2)}00`;
    expect(() => parseIntelHex([good, broken, record(1, 0, [])].join('\n'))).toThrow(/line 2: checksum mismatch/);
    expect(() => parseIntelHex([good].join('\n'))).toThrow(/no end-of-file record/);
    expect(() => parseIntelHex('hello\n')).toThrow(IntelHexError);
    expect(() => parseIntelHex([record(0, 0x40, [1]), record(1, 0, [])].join('\n'), 0x40)).toThrow(/beyond the 64-byte flash/);
    expect(() => parseIntelHex(`${good.slice(0, 3)}\n`)).toThrow(/not an Intel HEX record/);
  });
});

describe('simulated STK500v1 bootloader', () => {
  it('syncs, reports its signature, writes and reads back a page, and leaves programming mode', () => {
    const replies: number[][] = [];
    const flash = new Uint8Array(256).fill(0xff);
    const boot = new Stk500Bootloader(flash, (r) => replies.push(r));
    boot.push(Uint8Array.of(0x30, 0x20)); // sync
    boot.push(Uint8Array.of(0x75, 0x20)); // read signature
    boot.push(Uint8Array.of(0x55, 0x02, 0x00, 0x20)); // load word address 2 = byte 4
    boot.push(Uint8Array.of(0x64, 0x00, 0x03, 0x46, 0xaa, 0xbb, 0xcc, 0x20)); // program 3 bytes of flash
    boot.push(Uint8Array.of(0x74, 0x00, 0x03, 0x46, 0x20)); // read them back
    boot.push(Uint8Array.of(0x30, 0x99)); // bad framing
    boot.push(Uint8Array.of(0x51, 0x20)); // leave
    expect(replies).toEqual([[0x14, 0x10], [0x14, 0x1e, 0x95, 0x0f, 0x10], [0x14, 0x10], [0x14, 0x10], [0x14, 0xaa, 0xbb, 0xcc, 0x10], [0x15], [0x14, 0x10]]);
    expect([...flash.subarray(4, 7)]).toEqual([0xaa, 0xbb, 0xcc]);
    expect(boot.done).toBe(true);
    expect(boot.pagesWritten).toBe(1);
  });
});
