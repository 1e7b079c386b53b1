import { CodedError } from '../../../base/errors.js';

/** Coded errors of the Firmata board: a stable `code` for programs, a message saying what to do for people. */
export type BoardErrorCode =
  'port_missing' | 'port_busy' | 'port_denied' | 'port_open_failed' | 'no_firmata' | 'not_connected' | 'query_timeout' | 'pin_unsupported';

export class BoardError extends CodedError<BoardErrorCode> {}

/** Turns an error from opening a serial port into a coded one with a fix to try. */
export function classifyOpenError(path: string, error: unknown): BoardError {
  const text = error instanceof Error ? error.message : String(error);
  if (/no such file|ENOENT|not found/i.test(text)) {
    return new BoardError('port_missing', `serial port ${path} does not exist: is the board plugged in? list ports with \`frontdesk doctor\``, {
      cause: error,
    });
  }
  if (/lock|busy|temporarily unavailable|EBUSY|EAGAIN/i.test(text)) {
    return new BoardError(
      'port_busy',
      `serial port ${path} is in use by another program (a serial monitor, another frontdesk, ModemManager?): close it and retry`,
      { cause: error },
    );
  }
  if (/permission|EACCES/i.test(text)) {
    return new BoardError('port_denied', `no permission to open ${path}: add the user to the dialout group (sudo usermod -aG dialout $USER) and log in again`, {
      cause: error,
    });
  }
  return new BoardError('port_open_failed', `could not open serial port ${path}: ${text}`, { cause: error });
}
