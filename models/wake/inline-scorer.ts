/** Runs the openWakeWord pipeline (and its speech gate) in the caller's thread: for tests, benches and the worker. */
import { SileroVad } from '../vad/silero.js';
import type { HopScorer } from './hop-scorer.js';
import { openWakeWordModelPaths } from './openwakeword-assets.js';
import { HOP_SAMPLES, OpenWakeWordPipeline } from './openwakeword-pipeline.js';
import { SpeechGate } from './speech-gate.js';

export interface InlineScorerOptions {
  /** Zero scores unless Silero VAD heard speech in the last hops (default true). */
  speechGate?: boolean;
}

export class InlineHopScorer implements HopScorer {
  readonly hopSamples = HOP_SAMPLES;
  /** Milliseconds spent inside inference so far (for CPU share figures). */
  busyMs = 0;

  private constructor(
    private readonly pipeline: OpenWakeWordPipeline,
    private readonly gate: SpeechGate | undefined,
  ) {}

  static async load(phrase: string, options: InlineScorerOptions = {}): Promise<InlineHopScorer> {
    const pipeline = await OpenWakeWordPipeline.load(openWakeWordModelPaths(phrase));
    const gate = options.speechGate === false ? undefined : new SpeechGate(await SileroVad.create());
    return new InlineHopScorer(pipeline, gate);
  }

  get windowSize(): number {
    return this.pipeline.windowSize;
  }

  async score(hops: Int16Array): Promise<number[]> {
    const started = performance.now();
    const scores: number[] = [];
    for (let at = 0; at + HOP_SAMPLES <= hops.length; at += HOP_SAMPLES) {
      const hop = hops.subarray(at, at + HOP_SAMPLES);
      const score = await this.pipeline.scoreHop(hop);
      const speech = this.gate ? await this.gate.hop(hop) : true;
      scores.push(speech ? score : 0);
    }
    this.busyMs += performance.now() - started;
    return scores;
  }

  async reset(): Promise<void> {
    this.pipeline.reset();
    this.gate?.reset();
  }

  async close(): Promise<void> {
    await this.pipeline.close();
    await this.gate?.close();
  }
}
