/**
 * A primary TTS with a fast fallback: when the primary fails (Festival missing, its voice not installed, the
 * process died), the sentence is said by the fallback instead and the robot keeps talking. After a failure the
 * primary is retried on a later sentence, so a restarted Festival is picked up again.
 */
import type { SynthesisResult, TtsEngine } from './types.js';

export class FallbackTts implements TtsEngine {
  /** Last primary failure, for doctor and diagnostics. */
  lastError: Error | undefined;
  failures = 0;
  private skipUntil = 0;

  constructor(
    readonly primary: TtsEngine,
    readonly fallback: TtsEngine,
    /** After a primary failure, go straight to the fallback for this long, ms. */
    private readonly retryAfterMs = 30_000,
  ) {}

  get kind(): string {
    return this.primary.kind;
  }
  get voice(): string {
    return this.primary.voice;
  }

  async synthesize(text: string, opts?: Parameters<TtsEngine['synthesize']>[1]): Promise<SynthesisResult> {
    if (Date.now() >= this.skipUntil) {
      let streamed = false;
      const onChunk = opts?.onChunk
        ? (s: Int16Array, r: number) => {
            streamed = true;
            opts.onChunk?.(s, r);
          }
        : undefined;
      try {
        return await this.primary.synthesize(text, { ...opts, onChunk });
      } catch (err) {
        if (opts?.signal?.aborted) throw err;
        // Half a sentence already played: saying it again in another voice would be worse than stopping.
        if (streamed) throw err;
        this.lastError = err as Error;
        this.failures++;
        this.skipUntil = Date.now() + this.retryAfterMs;
      }
    }
    return this.fallback.synthesize(text, opts);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.primary.close(), this.fallback.close()]);
  }
}
