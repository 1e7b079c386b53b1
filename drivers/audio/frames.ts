/** Splits 16 kHz mono samples into 20 ms runtime frames; the last frame may be shorter. */
import { FRAME_SAMPLES, SAMPLE_RATE, type AudioFrame } from './types.js';

export function* toFrames(samples: Int16Array, startMs = 0): Generator<AudioFrame> {
  for (let i = 0; i < samples.length; i += FRAME_SAMPLES) {
    yield { samples: samples.subarray(i, Math.min(samples.length, i + FRAME_SAMPLES)), timeMs: startMs + (i * 1000) / SAMPLE_RATE };
  }
}

export const FRAME_MS = (FRAME_SAMPLES * 1000) / SAMPLE_RATE;

/** Concatenates int16 chunks. */
export function concat16(chunks: readonly Int16Array[]): Int16Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Int16Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Resolves after `ms`, or rejects with the signal's reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
