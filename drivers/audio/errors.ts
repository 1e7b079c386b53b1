/** Coded audio errors: a stable `code` for programs and a message that says what was wrong and what to do. */
export type AudioErrorCode =
  | 'AUDIO_NO_SOUND_CARD' // no ALSA device: live microphone / speaker cannot open
  | 'AUDIO_BAD_WAV' // a WAV file we cannot read (not RIFF/WAVE, not PCM16, truncated)
  | 'AUDIO_DEVICE_FAILED' // the recorder or speaker failed after opening
  | 'AUDIO_CLOSED'; // used after close()

export class AudioError extends Error {
  override readonly name = 'AudioError';
  constructor(
    readonly code: AudioErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
