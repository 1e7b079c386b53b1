/**
 * A custom wake phrase (for example the business's name) spotted by keyphrase search (PocketSphinx kws, BSD).
 * `KeyphraseSpotter` is the small surface the engine needs, so any spotter plugs in: the in-process PocketSphinx
 * one (pocketsphinx-kws.ts), the STT stage's own keyphrase search, or a scripted twin in tests.
 */
import { DetectionGate, DEFAULT_REFRACTORY_MS } from './gate.js';
import type { WakeDetection, WakeWordEngine } from './types.js';

/**
 * Spots one phrase in a 16 kHz mono int16 stream. Order: begin(phrase, threshold) -> (write(samples),
 * detected())* -> begin() again to change the phrase or start afresh -> close().
 * `threshold` is the spotter's own detection threshold (PocketSphinx: a likelihood ratio such as 1e-40; smaller
 * detects more and wakes falsely more; long phrases want smaller values).
 */
export interface KeyphraseSpotter {
  begin(phrase: string, threshold: number): Promise<void>;
  write(samples: Int16Array): Promise<void>;
  /** True when the phrase was spotted in audio written since the last call; reading clears it. */
  detected(): boolean;
  close(): Promise<void>;
}

/** Measured on generated speech (test/bench/wake.ts): 1e-40 spots more than 1e-20 with no false wake in 30 min. */
export const DEFAULT_KEYPHRASE_THRESHOLD = 1e-40;

export interface KeyphraseWakeOptions {
  phrase: string; // words the pronunciation dictionary knows, e.g. 'hello bella salon'
  threshold?: number; // spotter threshold, default 1e-40
  refractoryMs?: number; // default 2000 ms
}

export class KeyphraseWake implements WakeWordEngine {
  readonly kind = 'pocketsphinx-keyphrase';
  readonly phrase: string;
  readonly threshold: number;
  private readonly gate: DetectionGate;
  private samples = 0;
  private last = 0;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly spotter: KeyphraseSpotter,
    options: KeyphraseWakeOptions,
  ) {
    this.phrase = normalisePhrase(options.phrase);
    this.threshold = options.threshold ?? DEFAULT_KEYPHRASE_THRESHOLD;
    // The spotter decides; the gate only enforces one detection per refractory period (scores are 0 or 1).
    this.gate = new DetectionGate({ threshold: 1, refractoryMs: options.refractoryMs ?? DEFAULT_REFRACTORY_MS });
  }

  static async create(spotter: KeyphraseSpotter, options: KeyphraseWakeOptions): Promise<KeyphraseWake> {
    const engine = new KeyphraseWake(spotter, options);
    await spotter.begin(engine.phrase, engine.threshold);
    return engine;
  }

  process(samples: Int16Array): Promise<WakeDetection[]> {
    const next = this.queue.then(async () => {
      await this.spotter.write(samples);
      this.samples += samples.length;
      const atMs = (this.samples * 1000) / 16_000;
      this.last = this.spotter.detected() ? 1 : 0;
      return this.gate.update(this.last, atMs) ? [{ phrase: this.phrase, score: 1, atMs }] : [];
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  lastScore(): number {
    return this.last;
  }

  reset(): void {
    this.samples = 0;
    this.last = 0;
    this.gate.reset();
    this.queue = this.queue.then(() => this.spotter.begin(this.phrase, this.threshold)).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.queue;
    await this.spotter.close();
  }
}

/** Lower case, letters, digits, apostrophes and single spaces: the form pronunciation dictionaries use. */
export function normalisePhrase(phrase: string): string {
  return phrase
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '') // accents off: "café" -> "cafe"
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
