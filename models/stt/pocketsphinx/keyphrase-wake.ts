/**
 * A custom wake phrase (e.g. the business's name) through PocketSphinx keyword spotting, as a WakeWordEngine.
 * Owns its own decoder (and worker thread) so it can listen while the STT decodes an answer. BSD-licensed model,
 * the permissive alternative to openWakeWord's non-commercial weights.
 */
import type { WakeDetection, WakeWordEngine } from '../../wake/types.js';
import { PocketSphinxStt, type PocketSphinxOptions } from './engine.js';
import type { SttStream } from '../types.js';

export interface KeyphraseWakeOptions extends PocketSphinxOptions {
  /** Spotting threshold, 1e-50 (eager) .. 1e-5 (strict); default 1e-20. Longer phrases tolerate lower values. */
  threshold?: number;
}

export class PocketSphinxKeyphraseWake implements WakeWordEngine {
  readonly kind = 'pocketsphinx-keyphrase';
  private readonly stt: PocketSphinxStt;
  private stream: SttStream;
  private samples = 0;
  private found: WakeDetection[] = [];
  private score = 0;
  /** Samples fed before the current keyphrase stream began (detections count from the stream's start). */
  private pendingBase = 0;

  constructor(
    readonly phrase: string,
    opts: KeyphraseWakeOptions = {},
  ) {
    // Spotting only: no whole-utterance pass, so no second decoder.
    this.stt = new PocketSphinxStt({ ...opts, redecode: false, kwsThreshold: opts.threshold ?? opts.kwsThreshold ?? 1e-20 });
    this.stream = this.open();
  }

  private open(): SttStream {
    return this.stt.beginKeyphrase(this.phrase, (text, atSample) => {
      this.score = 1;
      this.found.push({ phrase: text, score: 1, atMs: ((this.pendingBase + atSample) * 1000) / 16_000 });
    });
  }

  ready(): Promise<number> {
    return this.stt.ready();
  }

  async process(samples: Int16Array): Promise<WakeDetection[]> {
    this.score = 0;
    this.stream.write(samples);
    await this.stt.sync();
    this.samples += samples.length;
    const out = this.found;
    this.found = [];
    return out;
  }

  lastScore(): number {
    return this.score;
  }

  reset(): void {
    this.stream.cancel();
    this.pendingBase = this.samples;
    this.stream = this.open();
    this.found = [];
  }

  close(): Promise<void> {
    this.stream.cancel();
    return this.stt.close();
  }
}
