import { CodedError } from '../../base/errors.js';

/** Coded TTS errors. Cancellation (AbortSignal) is not an error here: the signal's reason is rethrown untouched. */
export type TtsErrorCode = 'tts_engine_missing' | 'tts_voice_missing' | 'tts_failed' | 'tts_closed';

export class TtsError extends CodedError<TtsErrorCode> {}
