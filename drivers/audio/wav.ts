/**
 * WAV (RIFF/WAVE) read and write. Reads PCM 8/16/24/32-bit integer and 32-bit float, any rate and channel count;
 * writes PCM16. `toRuntimeFormat` converts anything read to the runtime's 16 kHz mono int16.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { AudioError } from './errors.js';
import { SAMPLE_RATE } from './types.js';
import { clamp16, resample, toMono } from './resample.js';

export interface WavData {
  sampleRate: number;
  channels: number;
  /** Interleaved int16 samples (other bit depths are converted on read). */
  samples: Int16Array;
}

export function parseWav(buf: Buffer, source = 'buffer'): WavData {
  const bad = (why: string) =>
    new AudioError('audio_bad_wav', `${source}: not a WAV file we can read (${why}). Convert it to PCM WAV, e.g. sox in.x -b 16 out.wav.`);
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw bad('no RIFF/WAVE header');
  let off = 12;
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    let size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (body + size > buf.length) size = buf.length - body; // tolerate truncated/streamed files (size 0xFFFFFFFF)
    if (id === 'fmt ') {
      let format = buf.readUInt16LE(body);
      if (format === 0xfffe && size >= 26) format = buf.readUInt16LE(body + 24); // WAVE_FORMAT_EXTENSIBLE sub-format
      fmt = { format, channels: buf.readUInt16LE(body + 2), rate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) throw bad('data before fmt');
      return { sampleRate: fmt.rate, channels: fmt.channels, samples: decode(buf.subarray(body, body + size), fmt.format, fmt.bits, bad) };
    }
    off = body + size + (size & 1);
  }
  throw bad('no data chunk');
}

function decode(data: Buffer, format: number, bits: number, bad: (why: string) => Error): Int16Array {
  if (format === 1 && bits === 16) {
    const n = data.length >> 1;
    const out = new Int16Array(n);
    for (let i = 0; i < n; i++) out[i] = data.readInt16LE(i * 2);
    return out;
  }
  if (format === 1 && bits === 8) return Int16Array.from(data, (b) => (b - 128) << 8);
  if (format === 1 && bits === 24) {
    const n = Math.floor(data.length / 3);
    const out = new Int16Array(n);
    for (let i = 0; i < n; i++) out[i] = data.readIntLE(i * 3, 3) >> 8;
    return out;
  }
  if (format === 1 && bits === 32) {
    const n = data.length >> 2;
    const out = new Int16Array(n);
    for (let i = 0; i < n; i++) out[i] = data.readInt32LE(i * 4) >> 16;
    return out;
  }
  if (format === 3 && bits === 32) {
    const n = data.length >> 2;
    const out = new Int16Array(n);
    for (let i = 0; i < n; i++) out[i] = clamp16(data.readFloatLE(i * 4) * 32768);
    return out;
  }
  throw bad(`format ${format}, ${bits} bits`);
}

export function encodeWav(samples: Int16Array, sampleRate: number, channels = 1): Buffer {
  const dataBytes = samples.length * 2;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(channels, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * channels * 2, 28);
  buf.writeUInt16LE(channels * 2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples.length; i++) buf.writeInt16LE(samples[i] as number, 44 + i * 2);
  return buf;
}

/** Any WAV -> 16 kHz mono int16. */
export function toRuntimeFormat(wav: WavData): Int16Array {
  return resample(toMono(wav.samples, wav.channels), wav.sampleRate, SAMPLE_RATE);
}

export async function readWavFile(path: string): Promise<WavData> {
  return parseWav(await readFile(path), path);
}

/** Reads any PCM WAV and returns 16 kHz mono int16 samples. */
export async function readWav16k(path: string): Promise<Int16Array> {
  return toRuntimeFormat(await readWavFile(path));
}

export async function writeWavFile(path: string, samples: Int16Array, sampleRate = SAMPLE_RATE, channels = 1): Promise<void> {
  await writeFile(path, encodeWav(samples, sampleRate, channels));
}
