/**
 * Caches synthesized audio for prompts that repeat (greeting, questions): key engine + voice + text, LRU bounded.
 * A hit replays the samples through `onChunk` at once (firstChunkMs ~0). `warm(texts)` synthesizes ahead of time.
 */
import type { SynthesisResult, TtsEngine } from './types.js';

export class CachedTts implements TtsEngine {
  private entries = new Map<string, SynthesisResult>();
  hits = 0;
  misses = 0;

  constructor(
    readonly inner: TtsEngine,
    private readonly maxEntries = 200,
  ) {}

  get kind(): string {
    return this.inner.kind;
  }
  get voice(): string {
    return this.inner.voice;
  }

  static key(engine: string, voice: string, text: string): string {
    return `${engine}\u0000${voice}\u0000${text}`;
  }

  async synthesize(text: string, opts: { signal?: AbortSignal; onChunk?: (samples: Int16Array, sampleRate: number) => void } = {}): Promise<SynthesisResult> {
    const key = CachedTts.key(this.kind, this.voice, text);
    const hit = this.entries.get(key);
    if (hit) {
      const t0 = performance.now();
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit); // most recent last
      if (opts.signal?.aborted) throw opts.signal.reason;
      opts.onChunk?.(hit.samples, hit.sampleRate);
      return { ...hit, firstChunkMs: performance.now() - t0 };
    }
    this.misses++;
    const r = await this.inner.synthesize(text, opts);
    // A fallback engine may have answered (FallbackTts): keep only the configured voice, so it returns when it can.
    if (!r.engine.startsWith(this.kind)) return r;
    this.entries.set(key, r);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return r;
  }

  async warm(texts: readonly string[]): Promise<void> {
    for (const t of texts) if (!this.entries.has(CachedTts.key(this.kind, this.voice, t))) await this.synthesize(t);
  }

  get size(): number {
    return this.entries.size;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
