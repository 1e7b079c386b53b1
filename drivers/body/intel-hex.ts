/**
 * Intel HEX reader for AVR firmware images: checks every record's checksum and returns the flat image.
 * Used by the flash tool (refuse a bad file before avrdude ever touches the board) and by the simulated Uno.
 */
import { CodedError } from '../../base/errors.js';
export class IntelHexError extends CodedError<'bad_hex_file'> {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super('bad_hex_file', message);
  }
}

export interface HexImage {
  /** The image, 0xFF where the file wrote nothing (erased flash). */
  bytes: Uint8Array;
  /** One past the highest address written. */
  end: number;
  /** Count of data bytes the file holds. */
  dataBytes: number;
}

/**
 * Parses Intel HEX text (record types 00 data, 01 end, 02/04 extended address, 03/05 start address).
 * @param capacity image size in bytes (32 KiB for an ATmega328P); data beyond it is an error.
 */
export function parseIntelHex(text: string, capacity = 0x8000): HexImage {
  const bytes = new Uint8Array(capacity).fill(0xff);
  let base = 0;
  let end = 0;
  let dataBytes = 0;
  let sawEof = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    const lineNo = i + 1;
    if (line === '') continue;
    if (sawEof) throw new IntelHexError(`line ${lineNo}: data after the end-of-file record; the file is damaged`, lineNo);
    if (!/^:([0-9A-Fa-f]{2})+$/.test(line) || line.length < 11) {
      throw new IntelHexError(`line ${lineNo}: not an Intel HEX record (want ':' and hex digits); is this a .hex file?`, lineNo);
    }
    const rec = Buffer.from(line.slice(1), 'hex');
    const count = rec[0] ?? 0;
    if (rec.length !== count + 5) {
      throw new IntelHexError(`line ${lineNo}: record says ${count} data bytes but holds ${rec.length - 5}; the file is truncated or damaged`, lineNo);
    }
    let sum = 0;
    for (const b of rec) sum = (sum + b) & 0xff;
    if (sum !== 0) {
      throw new IntelHexError(`line ${lineNo}: checksum mismatch; the file is damaged, download or build it again`, lineNo);
    }
    const address = ((rec[1] ?? 0) << 8) | (rec[2] ?? 0);
    const type = rec[3];
    const data = rec.subarray(4, 4 + count);
    switch (type) {
      case 0x00: {
        const at = base + address;
        if (at + count > capacity) {
          throw new IntelHexError(`line ${lineNo}: data at 0x${at.toString(16)} is beyond the ${capacity}-byte flash; wrong board or wrong file?`, lineNo);
        }
        bytes.set(data, at);
        end = Math.max(end, at + count);
        dataBytes += count;
        break;
      }
      case 0x01:
        sawEof = true;
        break;
      case 0x02:
        base = (((data[0] ?? 0) << 8) | (data[1] ?? 0)) * 16;
        break;
      case 0x04:
        base = (((data[0] ?? 0) << 8) | (data[1] ?? 0)) << 16;
        break;
      case 0x03:
      case 0x05:
        break;
      default:
        throw new IntelHexError(`line ${lineNo}: unknown record type ${type}; the file is damaged`, lineNo);
    }
  }
  if (!sawEof) throw new IntelHexError('no end-of-file record: the file is truncated; download or build it again');
  if (dataBytes === 0) throw new IntelHexError('the file holds no data records; is it the right file?');
  return { bytes, end, dataBytes };
}
