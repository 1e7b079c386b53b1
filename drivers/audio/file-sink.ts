/**
 * Collects everything "played" (resampled to 16 kHz mono) and can write it as WAV. An utterance is what is written
 * between two `drain()`/`stop()` calls; for each one it records the epoch ms of its first sample.
 * `realtime: true` makes `drain()` wait for the audio's duration since the utterance's first sample, as a real
 * speaker would (divided by `speed`, for simulations run faster than real time); false (default) resolves at once.
 */
import { concat16, sleep } from './frames.js';
import { resample } from './resample.js';
import { SAMPLE_RATE, type AudioSink } from './types.js';
import { writeWavFile } from './wav.js';

export interface SinkUtterance {
  startedAt: number; // epoch ms of the first sample written
  samples: Int16Array[]; // 16 kHz chunks
  stopped: boolean; // cut by stop() (barge-in)
}

export class FileAudioSink implements AudioSink {
  readonly kind = 'file';
  readonly utterances: SinkUtterance[] = [];
  private current: SinkUtterance | undefined;
  private stopCtl = new AbortController();

  constructor(private readonly opts: { realtime?: boolean; path?: string; speed?: number } = {}) {}

  async write(samples: Int16Array, sampleRate: number): Promise<void> {
    if (!this.current) {
      this.current = { startedAt: Date.now(), samples: [], stopped: false };
      this.utterances.push(this.current);
    }
    this.current.samples.push(sampleRate === SAMPLE_RATE ? samples.slice() : resample(samples, sampleRate, SAMPLE_RATE));
  }

  async drain(): Promise<void> {
    const u = this.current;
    if (!u) return;
    if (this.opts.realtime) {
      const len = u.samples.reduce((n, c) => n + c.length, 0);
      const until = u.startedAt + (len * 1000) / SAMPLE_RATE / (this.opts.speed ?? 1);
      try {
        await sleep(until - Date.now(), this.stopCtl.signal);
      } catch {
        return; // stopped
      }
    }
    if (this.current === u) this.current = undefined;
  }

  stop(): void {
    if (this.current) this.current.stopped = true;
    this.current = undefined;
    this.stopCtl.abort();
    this.stopCtl = new AbortController();
  }

  /** Everything played, in order, 16 kHz mono. */
  all(): Int16Array {
    return concat16(this.utterances.flatMap((u) => u.samples));
  }

  utteranceSamples(i: number): Int16Array {
    return concat16(this.utterances[i]?.samples ?? []);
  }

  async writeWav(path: string): Promise<void> {
    await writeWavFile(path, this.all(), SAMPLE_RATE);
  }

  async close(): Promise<void> {
    this.stop();
    if (this.opts.path) await this.writeWav(this.opts.path);
  }
}
