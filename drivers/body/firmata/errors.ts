/** Coded errors of the Firmata board: a stable `code` for programs, a message saying what to do for people. */
export type BoardErrorCode =
  'PORT_MISSING' | 'PORT_BUSY' | 'PORT_DENIED' | 'PORT_OPEN_FAILED' | 'NO_FIRMATA' | 'NOT_CONNECTED' | 'QUERY_TIMEOUT' | 'PIN_UNSUPPORTED';

export class BoardError extends Error {
  constructor(
    readonly code: BoardErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'BoardError';
  }
}

/** Turns an error from opening a serial port into a coded one with a fix to try. */
export function classifyOpenError(path: string, error: unknown): BoardError {
  const text = error instanceof Error ? error.message : String(error);
  if (/no such file|ENOENT|not found/i.test(text)) {
    return new BoardError('PORT_MISSING', `serial port ${path} does not exist: is the board plugged in? list ports with \`frontdesk doctor\``, {
      cause: error,
    });
  }
  if (/lock|busy|temporarily unavailable|EBUSY|EAGAIN/i.test(text)) {
    return new BoardError(
      'PORT_BUSY',
      `serial port ${path} is in use by another program (a serial monitor, another frontdesk, ModemManager?): close it and retry`,
      { cause: error },
    );
  }
  if (/permission|EACCES/i.test(text)) {
    return new BoardError('PORT_DENIED', `no permission to open ${path}: add the user to the dialout group (sudo usermod -aG dialout $USER) and log in again`, {
      cause: error,
    });
  }
  return new BoardError('PORT_OPEN_FAILED', `could not open serial port ${path}: ${text}`, { cause: error });
}
