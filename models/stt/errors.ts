import { CodedError } from '../../base/errors.js';

/** Coded STT errors. Cancellation is not an error: a cancelled stream's end() rejects with stt_cancelled. */
export type SttErrorCode = 'stt_engine_missing' | 'stt_bad_grammar' | 'stt_failed' | 'stt_cancelled' | 'stt_closed';

export class SttError extends CodedError<SttErrorCode> {}
