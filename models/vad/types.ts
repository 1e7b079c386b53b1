/**
 * Voice activity detection. A `VadEngine` scores audio; an `EndpointDetector` (clock-free state machine) turns
 * the per-chunk speech/non-speech decisions into utterance start and end, so it is testable without audio.
 */
export interface VadEngine {
  readonly kind: string; // 'silero' | 'energy'
  /** Native chunk length in samples at 16 kHz (Silero v5: 512). */
  readonly chunkSamples: number;
  /** Speech probability 0..1 for exactly `chunkSamples` samples. */
  process(chunk: Int16Array): Promise<number>;
  reset(): void;
  close(): Promise<void>;
}

export type EndpointEvent = { type: 'speech-start'; atMs: number } | { type: 'speech-end'; atMs: number; speechMs: number };

export interface EndpointDetector {
  /** Advances by `chunkMs` of audio whose speech decision is `isSpeech`; returns the events this chunk caused. */
  process(chunkMs: number, isSpeech: boolean): EndpointEvent[];
  reset(): void;
}
