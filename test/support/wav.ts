/**
 * A small WAV (RIFF) reader and writer for test fixtures: PCM 16-bit, any rate, mono or interleaved channels
 * (mixed down to mono on read). Enough for what flite, festival and sox write; not a general-purpose parser.
 */
export interface PcmAudio {
  sampleRate: number; // Hz
  samples: Int16Array; // mono
}

export class WavFormatError extends Error {
  readonly code = 'WAV_FORMAT';
  constructor(detail: string) {
    super(`Not a WAV file this reader understands: ${detail}. Convert it to 16-bit PCM WAV first (e.g. with sox).`);
    this.name = 'WavFormatError';
  }
}

export function parseWav(bytes: Uint8Array): PcmAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new WavFormatError('no RIFF/WAVE header');
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    // Some writers (flite, festival when piping) leave the size of the last chunk as 0 or too large; clamp it.
    let size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'data' && (size === 0 || body + size > bytes.length)) size = bytes.length - body;
    if (id === 'fmt ') {
      const format = view.getUint16(body, true);
      if (format !== 1 && format !== 0xfffe) throw new WavFormatError(`format tag ${format} is not PCM`);
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      bits = view.getUint16(body + 14, true);
    } else if (id === 'data') {
      if (bits !== 16 || channels < 1) throw new WavFormatError(`${bits}-bit, ${channels} channel(s)`);
      const frames = Math.floor(size / (2 * channels));
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < channels; c++) sum += view.getInt16(body + 2 * (i * channels + c), true);
        samples[i] = Math.round(sum / channels);
      }
      return { sampleRate, samples };
    }
    at = body + size + (size % 2);
  }
  throw new WavFormatError('no data chunk');
}

export function encodeWav(audio: PcmAudio): Uint8Array {
  const dataBytes = audio.samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const put = (at: number, s: string): void => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, audio.sampleRate, true);
  view.setUint32(28, audio.sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  put(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < audio.samples.length; i++) view.setInt16(44 + 2 * i, audio.samples[i] ?? 0, true);
  return out;
}
