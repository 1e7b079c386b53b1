/**
 * Audio in and out. The runtime speaks one format internally: 16 kHz, mono, signed 16-bit PCM,
 * in frames of 20 ms (320 samples). Sources convert whatever their device or file gives.
 */
export const SAMPLE_RATE = 16_000;
export const FRAME_SAMPLES = 320; // 20 ms at 16 kHz

export interface AudioFrame {
  samples: Int16Array; // FRAME_SAMPLES long except possibly the last frame of a file
  /** Stream time of the first sample, in ms since the source started. */
  timeMs: number;
}

/** A microphone, a file, or a virtual visitor's mouth. Frames arrive in real time for live sources. */
export interface AudioSource {
  readonly kind: string;
  frames(signal?: AbortSignal): AsyncIterable<AudioFrame>;
  close(): Promise<void>;
}

/** A speaker or a file. Playback is streamed: write chunks as they are synthesized. */
export interface AudioSink {
  readonly kind: string;
  /** Queues samples at the given rate; resolves when they have been accepted (not necessarily played). */
  write(samples: Int16Array, sampleRate: number): Promise<void>;
  /** Resolves when everything queued has been played. */
  drain(): Promise<void>;
  /** Stops playback at once (barge-in), dropping what is queued. */
  stop(): void;
  close(): Promise<void>;
}
