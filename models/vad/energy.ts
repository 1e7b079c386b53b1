/**
 * A simple energy VAD (no model): speech probability from the chunk's level above an adaptive noise floor.
 * A twin for tests and a fallback when Silero (models/vad/silero.ts, other helper) is unavailable; weak in babble.
 * The noise floor is the quietest chunk of the last 1.5 s (minimum statistics): speech has pauses, steady noise
 * does not, so the floor learns the noise and not the speech.
 */
import type { VadEngine } from './types.js';

export interface EnergyVadOptions {
  chunkSamples?: number; // default 320 (20 ms)
  /** dB above the noise floor at which the probability is 0.5. Default 9. */
  thresholdDb?: number;
  /** Chunks quieter than this (dBFS) are never speech. Default -55. */
  minLevelDb?: number;
  /** Starting noise floor, dBFS. Default -60. */
  initialFloorDb?: number;
}

export function levelDb(chunk: Int16Array): number {
  let acc = 0;
  for (const v of chunk) acc += v * v;
  const rms = Math.sqrt(acc / Math.max(1, chunk.length)) / 32768;
  return 20 * Math.log10(Math.max(rms, 1e-6));
}

export class EnergyVad implements VadEngine {
  readonly kind = 'energy';
  readonly chunkSamples: number;
  private floorDb: number;
  private readonly thresholdDb: number;
  private readonly minLevelDb: number;
  private readonly initialFloorDb: number;
  private history: number[] = [];
  private readonly historyLen: number;

  constructor(opts: EnergyVadOptions = {}) {
    this.chunkSamples = opts.chunkSamples ?? 320;
    this.thresholdDb = opts.thresholdDb ?? 9;
    this.minLevelDb = opts.minLevelDb ?? -55;
    this.initialFloorDb = opts.initialFloorDb ?? -60;
    if (this.chunkSamples <= 0) throw new RangeError('EnergyVad: chunkSamples must be > 0');
    this.floorDb = this.initialFloorDb;
    this.historyLen = Math.round((1.5 * 16_000) / this.chunkSamples);
  }

  /** Synchronous core, for callers on a hot path. */
  score(chunk: Int16Array): number {
    const db = levelDb(chunk);
    this.history.push(db);
    if (this.history.length > this.historyLen) this.history.shift();
    this.floorDb = this.history.length >= 5 ? Math.min(...this.history) : Math.min(this.initialFloorDb, db);
    const above = db - this.floorDb;
    if (db < this.minLevelDb) return 0;
    return 1 / (1 + Math.exp(-(above - this.thresholdDb) / 2));
  }

  async process(chunk: Int16Array): Promise<number> {
    return this.score(chunk);
  }

  reset(): void {
    this.floorDb = this.initialFloorDb;
    this.history = [];
  }

  async close(): Promise<void> {}
}
