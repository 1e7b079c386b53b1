/** Coded TTS errors. Cancellation (AbortSignal) is not an error here: the signal's reason is rethrown untouched. */
export type TtsErrorCode = 'TTS_ENGINE_MISSING' | 'TTS_VOICE_MISSING' | 'TTS_FAILED' | 'TTS_CLOSED';

export class TtsError extends Error {
  override readonly name = 'TtsError';
  constructor(
    readonly code: TtsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
