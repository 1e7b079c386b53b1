/**
 * Caches synthesized audio sentence by sentence (key engine + voice + sentence, LRU bounded), so a line that starts
 * with a fixed sentence ("Let me check. Name: Ana Lopez; ...", "Sorry, I didn't catch that. What is your name?")
 * starts playing at once from the cache while the rest is synthesized. A hit replays its samples through `onChunk`
 * at once (firstChunkMs ~0); sentences stream in order. `warm(texts)` synthesizes ahead of time.
 */
import { concat16 } from '../../drivers/audio/frames.js';
import { resample } from '../../drivers/audio/resample.js';
import { splitSentences } from './normalize.js';
import type { SynthesisResult, TtsEngine } from './types.js';

export class CachedTts implements TtsEngine {
  private entries = new Map<string, SynthesisResult>();
  /** Sentences being synthesized (a warm-up under way): a say() of the same sentence waits for it, not twice the work. */
  private readonly inflight = new Map<string, Promise<SynthesisResult>>();
  hits = 0;
  misses = 0;

  constructor(
    readonly inner: TtsEngine,
    private readonly maxEntries = 400,
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
    const t0 = performance.now();
    const sentences = splitSentences(text);
    if (sentences.length === 0) return this.inner.synthesize(text, opts);
    let firstChunkMs = -1;
    const onChunk = (samples: Int16Array, rate: number): void => {
      if (firstChunkMs < 0) firstChunkMs = performance.now() - t0;
      opts.onChunk?.(samples, rate);
    };
    const parts: SynthesisResult[] = [];
    for (const sentence of sentences) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      parts.push(await this.sentence(sentence, { ...(opts.signal ? { signal: opts.signal } : {}), onChunk }));
    }
    const first = parts[0]!;
    // A fallback engine answering some sentences speaks at its own rate: the whole is given at the first one's.
    const samples = concat16(parts.map((p) => (p.sampleRate === first.sampleRate ? p.samples : resample(p.samples, p.sampleRate, first.sampleRate))));
    const engine = parts.find((p) => !p.engine.startsWith(this.kind))?.engine ?? first.engine;
    return { samples, sampleRate: first.sampleRate, firstChunkMs: Math.max(0, firstChunkMs), engine };
  }

  private async sentence(
    sentence: string,
    opts: { signal?: AbortSignal; onChunk: (samples: Int16Array, sampleRate: number) => void },
  ): Promise<SynthesisResult> {
    const key = CachedTts.key(this.kind, this.voice, sentence);
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit); // most recent last
      opts.onChunk(hit.samples, hit.sampleRate);
      return hit;
    }
    const pending = this.inflight.get(key);
    if (pending) {
      const r = await pending.catch(() => null);
      if (r) {
        this.hits++;
        opts.onChunk(r.samples, r.sampleRate);
        return r;
      }
    }
    this.misses++;
    const work = this.inner.synthesize(sentence, opts);
    this.inflight.set(key, work);
    const r = await work.finally(() => {
      if (this.inflight.get(key) === work) this.inflight.delete(key);
    });
    // A fallback engine may have answered (FallbackTts): keep only the configured voice, so it returns when it can.
    if (r.engine.startsWith(this.kind)) {
      this.entries.set(key, r);
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    return r;
  }

  /** Synthesizes what is not cached yet, one text after the other; stops between texts when `signal` aborts. */
  async warm(texts: readonly string[], signal?: AbortSignal): Promise<void> {
    for (const t of texts) {
      if (signal?.aborted) return;
      if (!this.has(t)) await this.synthesize(t);
    }
  }

  /** Whether every sentence of `text` is cached. */
  has(text: string): boolean {
    return splitSentences(text).every((s) => this.entries.has(CachedTts.key(this.kind, this.voice, s)));
  }

  get size(): number {
    return this.entries.size;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
