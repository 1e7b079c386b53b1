/**
 * A virtual visitor's mouth: `push(samples)` queues speech; between pushes the source emits silence, so a live
 * pipeline sees one continuous 16 kHz stream paced in real time (or `speed` times faster, for tests).
 * One consumer at a time. Frame times are stream time (ms since `frames()` started).
 */
import { FRAME_MS, sleep } from './frames.js';
import { FRAME_SAMPLES, type AudioFrame, type AudioSource } from './types.js';
import { UtteranceQueue, type PlayedTimes } from './utterance-queue.js';

export interface PushAudioSourceOptions {
  /** 1 = real time (default); 5 = five times faster than real time. */
  speed?: number;
  /** Level of the silence between pushes: 0 = digital silence (default); >0 adds low white noise of this RMS. */
  noiseFloorRms?: number;
}

export class PushAudioSource implements AudioSource {
  readonly kind = 'push';
  private readonly queue = new UtteranceQueue();
  private closed = false;
  private seed = 12345;

  constructor(private readonly opts: PushAudioSourceOptions = {}) {}

  /** Queues speech; resolves with the epoch times its first and last samples were emitted. */
  push(samples: Int16Array): Promise<PlayedTimes> {
    return this.queue.push(samples);
  }

  /** True while pushed speech is still waiting to be emitted. */
  get speaking(): boolean {
    return this.queue.pending;
  }

  async *frames(signal?: AbortSignal): AsyncIterable<AudioFrame> {
    const speed = this.opts.speed ?? 1;
    const start = Date.now();
    for (let n = 0; !this.closed && !signal?.aborted; n++) {
      const due = start + (n * FRAME_MS) / speed;
      try {
        await sleep(due - Date.now(), signal);
      } catch {
        return;
      }
      if (this.closed) return;
      yield { samples: this.nextFrame(), timeMs: n * FRAME_MS };
    }
  }

  private nextFrame(): Int16Array {
    const frame = this.silence();
    this.queue.fill(frame); // the rest of the frame after an utterance stays silence
    return frame;
  }

  private silence(): Int16Array {
    const f = new Int16Array(FRAME_SAMPLES);
    const rms = this.opts.noiseFloorRms ?? 0;
    if (rms > 0) {
      for (let i = 0; i < f.length; i++) {
        this.seed = (this.seed * 1103515245 + 12345) & 0x7fffffff;
        f[i] = Math.round(((this.seed / 0x7fffffff) * 2 - 1) * rms * 1.732);
      }
    }
    return f;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.clear();
  }
}
