/**
 * Where wake word inference runs: in a worker thread (the product) or in the caller's thread (tests, benches).
 * Input is whole hops only (a multiple of `hopSamples` samples, 16 kHz int16); output is one score (0..1) per hop,
 * in order. Calls are answered in the order they were made.
 */
export interface HopScorer {
  readonly hopSamples: number;
  score(hops: Int16Array): Promise<number[]>;
  reset(): Promise<void>;
  close(): Promise<void>;
}
