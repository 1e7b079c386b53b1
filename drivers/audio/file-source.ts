/**
 * Frames from a WAV file (any PCM WAV, converted to 16 kHz mono) or from samples in memory.
 * `realtime: true` paces frames at 20 ms each, as a microphone would; false delivers them as fast as consumed.
 */
import { FRAME_MS, sleep, toFrames } from './frames.js';
import { readWav16k } from './wav.js';
import type { AudioFrame, AudioSource } from './types.js';

export interface FileAudioSourceOptions {
  /** Pace frames in real time (default false: as fast as the consumer reads). */
  realtime?: boolean;
  /** Silence appended after the audio, ms (lets an endpoint detector see the end). Default 0. */
  trailingSilenceMs?: number;
}

export class FileAudioSource implements AudioSource {
  readonly kind = 'file';
  private samples: Promise<Int16Array>;
  private closed = false;

  constructor(
    input: string | Int16Array,
    private readonly opts: FileAudioSourceOptions = {},
  ) {
    this.samples = typeof input === 'string' ? readWav16k(input) : Promise.resolve(input);
  }

  async *frames(signal?: AbortSignal): AsyncIterable<AudioFrame> {
    const audio = await this.samples;
    const pad = new Int16Array(Math.round(((this.opts.trailingSilenceMs ?? 0) * 16_000) / 1000));
    const start = Date.now();
    let n = 0;
    for (const part of [audio, pad]) {
      for (const frame of toFrames(part, n * FRAME_MS)) {
        if (this.closed || signal?.aborted) return;
        if (this.opts.realtime) {
          const due = start + n * FRAME_MS;
          if (due > Date.now()) {
            try {
              await sleep(due - Date.now(), signal);
            } catch {
              return;
            }
          }
        }
        n++;
        yield frame;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
