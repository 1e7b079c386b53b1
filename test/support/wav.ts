/**
 * WAV for test fixtures, as a thin adapter over the product's own reader and writer (drivers/audio/wav.ts), so the
 * fixtures and the product read audio the same way. Reading mixes down to mono at the file's own rate.
 */
import { encodeWav as encode, parseWav as parse } from '../../drivers/audio/wav.js';
import { toMono } from '../../drivers/audio/resample.js';

export interface PcmAudio {
  sampleRate: number; // Hz
  samples: Int16Array; // mono
}

export function parseWav(bytes: Uint8Array): PcmAudio {
  const wav = parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { sampleRate: wav.sampleRate, samples: wav.channels === 1 ? wav.samples : toMono(wav.samples, wav.channels) };
}

export function encodeWav(audio: PcmAudio): Uint8Array {
  return encode(audio.samples, audio.sampleRate, 1);
}
