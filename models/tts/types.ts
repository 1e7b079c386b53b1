/**
 * Text to speech. Output is mono int16 PCM at the engine's own rate; sinks resample as needed.
 * `synthesize` may stream chunks through `onChunk` so playback can start before the whole utterance is ready.
 */
export interface SynthesisResult {
  samples: Int16Array;
  sampleRate: number;
  /** ms from the call to the first chunk being available. */
  firstChunkMs: number;
  engine: string;
}

export interface TtsEngine {
  readonly kind: string; // 'festival' | 'flite'
  readonly voice: string;
  synthesize(text: string, opts?: { signal?: AbortSignal; onChunk?: (samples: Int16Array, sampleRate: number) => void }): Promise<SynthesisResult>;
  close(): Promise<void>;
}
