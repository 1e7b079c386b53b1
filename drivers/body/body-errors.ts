import { CodedError } from '../../base/errors.js';

/** Coded errors of body drivers: stable `code`, human message with what to do. */
export type BodyErrorCode = 'estop_engaged' | 'unknown_joint' | 'unknown_light' | 'unknown_gesture' | 'not_connected' | 'closed';

export class BodyError extends CodedError<BodyErrorCode> {}

export const estopError = (): BodyError =>
  new BodyError('estop_engaged', 'the emergency stop is engaged: motion is refused until it is released (twist or pull the red button)');
