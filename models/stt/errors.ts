/** Coded STT errors. Cancellation is not an error: a cancelled stream's end() rejects with STT_CANCELLED. */
export type SttErrorCode = 'STT_ENGINE_MISSING' | 'STT_BAD_GRAMMAR' | 'STT_FAILED' | 'STT_CANCELLED' | 'STT_CLOSED';

export class SttError extends Error {
  override readonly name = 'SttError';
  constructor(
    readonly code: SttErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
