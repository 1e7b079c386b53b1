/** Coded errors of the wake word stage. `code` is stable (logs, diagnostics screen); the message says what to do. */
export type WakeErrorCode =
  | 'WAKE_UNKNOWN_PHRASE'
  | 'WAKE_BAD_CONFIG'
  | 'WAKE_MODEL_LOAD'
  | 'WAKE_INFERENCE'
  | 'WAKE_WORKER_EXIT'
  | 'WAKE_CLOSED'
  | 'WAKE_KEYPHRASE_UNAVAILABLE'
  | 'WAKE_KEYPHRASE_UNKNOWN_WORD'
  | 'PORCUPINE_ACCESS_KEY_MISSING'
  | 'PORCUPINE_ACCESS_KEY_UNVERIFIED'
  | 'PORCUPINE_ACCESS_KEY_REFUSED'
  | 'PORCUPINE_UNKNOWN_KEYWORD'
  | 'PORCUPINE_NOT_INSTALLED';

export class WakeWordError extends Error {
  constructor(
    readonly code: WakeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WakeWordError';
  }
}
