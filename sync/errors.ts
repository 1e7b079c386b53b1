import { CodedError } from '../base/errors.js';

/** Coded errors of the sync layer: a stable `code` for programs, a message that says what was wrong and what to do. */
export type SyncErrorCode = 'sync_tls_file' | 'sync_bad_store_spec' | 'sync_config_invalid' | 'sync_store_failed' | 'sync_bad_record';

export class SyncError extends CodedError<SyncErrorCode> {}
