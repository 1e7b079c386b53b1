/**
 * Wake word engines. Audio in: 16 kHz mono int16 frames (see drivers/audio/types.ts), any frame length; engines
 * buffer internally to their own hop. Order: create -> process()* -> reset() between visits -> close().
 */
export interface WakeDetection {
  phrase: string; // e.g. 'hey jarvis'
  score: number; // 0..1
  atMs: number; // stream time (ms since the engine started receiving audio) at which the score crossed the threshold
}

export interface WakeWordEngine {
  readonly kind: string; // 'openwakeword' | 'pocketsphinx-keyphrase' | 'porcupine'
  readonly phrase: string;
  /** Feeds audio; returns detections completed by this chunk (usually none). Never blocks for long. */
  process(samples: Int16Array): Promise<WakeDetection[]>;
  /** Last score computed, for the diagnostics screen (0..1). */
  lastScore(): number;
  reset(): void;
  close(): Promise<void>;
}
