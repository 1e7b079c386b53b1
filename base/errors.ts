/**
 * The one error shape of Frontdesk: a stable `code` for programs (lower_snake_case, e.g. `estop_engaged`), a human
 * message that says what was wrong and what to do, and the `cause` when it wraps another error. Every part's errors
 * extend it (VisitError, StoreError, SyncError, BodyError, SttError, ...), so one handler can answer any of them
 * (device/http/error-status.ts maps codes to HTTP statuses) and tests match on `code`, never on wording.
 *
 * It lives in base/, the bottom layer that every part may import (drivers, models, sync, device and the browser
 * screens alike): plain TypeScript with no Node or browser API and no import of its own, so it can sit below all.
 * Cancellation is not an error: an AbortSignal's reason passes through untouched.
 */
export class CodedError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True for any coded error, with this code when one is given (also for errors from another copy of this module). */
export function isCodedError(err: unknown, code?: string): err is CodedError {
  if (!(err instanceof Error) || typeof (err as { code?: unknown }).code !== 'string') return false;
  return code === undefined || (err as CodedError).code === code;
}

/** A command line or input file the user must fix (the CLI prints the message and exits with status 2). */
export class UsageError extends CodedError<'usage'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('usage', message, options);
  }
}
