/**
 * Simulated twins for wake word tests without audio or models.
 * - `ScriptedWakeWord`: a WakeWordEngine that detects at given stream times (ms since start or reset).
 * - `ScriptedKeyphraseSpotter`: a KeyphraseSpotter that reports a spot once the stream passes given times.
 */
import type { KeyphraseSpotter } from './keyphrase.js';
import type { WakeDetection, WakeWordEngine } from './types.js';

const msOf = (samples: number): number => (samples * 1000) / 16_000;

export class ScriptedWakeWord implements WakeWordEngine {
  readonly kind = 'scripted';
  private samples = 0;
  private next = 0;
  private last = 0;
  closed = false;

  constructor(
    readonly phrase: string,
    private readonly atMs: number[],
  ) {}

  async process(samples: Int16Array): Promise<WakeDetection[]> {
    this.samples += samples.length;
    const now = msOf(this.samples);
    const out: WakeDetection[] = [];
    this.last = 0;
    while (this.next < this.atMs.length && this.atMs[this.next]! <= now) {
      out.push({ phrase: this.phrase, score: 1, atMs: this.atMs[this.next++]! });
      this.last = 1;
    }
    return out;
  }

  lastScore(): number {
    return this.last;
  }

  reset(): void {
    this.samples = 0;
    this.next = 0;
    this.last = 0;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export class ScriptedKeyphraseSpotter implements KeyphraseSpotter {
  readonly begun: { phrase: string; threshold: number }[] = [];
  private samples = 0;
  private next = 0;
  private spotted = false;
  closed = false;

  constructor(private readonly spotAtMs: number[]) {}

  async begin(phrase: string, threshold: number): Promise<void> {
    this.begun.push({ phrase, threshold });
    this.samples = 0;
    this.next = 0;
    this.spotted = false;
  }

  async write(samples: Int16Array): Promise<void> {
    this.samples += samples.length;
    while (this.next < this.spotAtMs.length && this.spotAtMs[this.next]! <= msOf(this.samples)) {
      this.next++;
      this.spotted = true;
    }
  }

  detected(): boolean {
    const was = this.spotted;
    this.spotted = false;
    return was;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
