/**
 * The listener's audio bookkeeping, apart from its decisions (segmenter.ts) and its STT streams (audio-listener.ts):
 * - `PreRoll` keeps the last frames so an utterance can start a little before the VAD noticed it;
 * - `ChunkQueue` re-cuts 20 ms frames into the VAD's native chunk length (Silero v5: 512 samples).
 * Both are plain data structures over stream time: no clock, no audio device.
 */
import type { AudioFrame } from '../../drivers/audio/types.js';

const SAMPLE_RATE = 16_000;

export const frameEndMs = (f: AudioFrame): number => f.timeMs + (f.samples.length * 1000) / SAMPLE_RATE;

/** The most recent frames, back to `keepMs` before the newest one's start. */
export class PreRoll {
  private frames: AudioFrame[] = [];

  constructor(private readonly keepMs: number) {}

  push(frame: AudioFrame): void {
    this.frames.push(frame);
    const keepFrom = frame.timeMs - this.keepMs;
    while (this.frames.length && this.frames[0]!.timeMs < keepFrom) this.frames.shift();
  }

  /** Kept frames that end after `fromMs` (stream time). */
  since(fromMs: number): AudioFrame[] {
    return this.frames.filter((f) => frameEndMs(f) > fromMs);
  }
}

/** Samples in, fixed-length chunks out, in order. */
export class ChunkQueue {
  private parts: Int16Array[] = [];
  private length = 0;

  constructor(readonly chunkSamples: number) {
    if (!(chunkSamples > 0)) throw new RangeError(`ChunkQueue: chunkSamples must be positive, got ${chunkSamples}`);
  }

  push(samples: Int16Array): void {
    this.parts.push(samples);
    this.length += samples.length;
  }

  /** The next full chunk, or null while fewer samples are queued. */
  take(): Int16Array | null {
    const n = this.chunkSamples;
    if (this.length < n) return null;
    const chunk = new Int16Array(n);
    let o = 0;
    while (o < n) {
      const head = this.parts[0]!;
      const take = Math.min(n - o, head.length);
      chunk.set(head.subarray(0, take), o);
      o += take;
      if (take === head.length) this.parts.shift();
      else this.parts[0] = head.subarray(take);
    }
    this.length -= n;
    return chunk;
  }

  clear(): void {
    this.parts = [];
    this.length = 0;
  }
}
