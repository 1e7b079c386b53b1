import { CodedError } from '../../base/errors.js';

/** Coded errors of the wake word stage. `code` is stable (logs, diagnostics screen); the message says what to do. */
export type WakeErrorCode =
  | 'wake_unknown_phrase'
  | 'wake_bad_config'
  | 'wake_model_load'
  | 'wake_inference'
  | 'wake_worker_exit'
  | 'wake_closed'
  | 'wake_keyphrase_unavailable'
  | 'wake_keyphrase_unknown_word'
  | 'porcupine_access_key_missing'
  | 'porcupine_access_key_unverified'
  | 'porcupine_access_key_refused'
  | 'porcupine_unknown_keyword'
  | 'porcupine_not_installed';

export class WakeWordError extends CodedError<WakeErrorCode> {}
