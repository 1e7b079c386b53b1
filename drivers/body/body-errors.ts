/** Coded errors of body drivers: stable `code`, human message with what to do. */
export type BodyErrorCode = 'ESTOP_ENGAGED' | 'UNKNOWN_JOINT' | 'UNKNOWN_LIGHT' | 'UNKNOWN_GESTURE' | 'NOT_CONNECTED' | 'CLOSED';

export class BodyError extends Error {
  constructor(
    readonly code: BodyErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'BodyError';
  }
}

export const estopError = (): BodyError =>
  new BodyError('ESTOP_ENGAGED', 'the emergency stop is engaged: motion is refused until it is released (twist or pull the red button)');
