/** Runs the openWakeWord pipeline in the caller's thread: for tests, benches and the worker itself. */
import type { HopScorer } from './hop-scorer.js';
import { openWakeWordModelPaths } from './openwakeword-assets.js';
import { HOP_SAMPLES, OpenWakeWordPipeline } from './openwakeword-pipeline.js';

export class InlineHopScorer implements HopScorer {
  readonly hopSamples = HOP_SAMPLES;
  /** Milliseconds spent inside inference so far (for CPU share figures). */
  busyMs = 0;

  private constructor(private readonly pipeline: OpenWakeWordPipeline) {}

  static async load(phrase: string): Promise<InlineHopScorer> {
    return new InlineHopScorer(await OpenWakeWordPipeline.load(openWakeWordModelPaths(phrase)));
  }

  get windowSize(): number {
    return this.pipeline.windowSize;
  }

  async score(hops: Int16Array): Promise<number[]> {
    const started = performance.now();
    const scores: number[] = [];
    for (let at = 0; at + HOP_SAMPLES <= hops.length; at += HOP_SAMPLES) {
      scores.push(await this.pipeline.scoreHop(hops.subarray(at, at + HOP_SAMPLES)));
    }
    this.busyMs += performance.now() - started;
    return scores;
  }

  async reset(): Promise<void> {
    this.pipeline.reset();
  }

  async close(): Promise<void> {
    await this.pipeline.close();
  }
}
