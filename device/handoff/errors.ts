/** Refused handoff operations: a stable code and a message staff can act on. */
export type HandoffErrorCode = 'task_not_found' | 'notification_not_found' | 'task_done' | 'note_required' | 'unknown_member' | 'bad_time' | 'settings_invalid';

export class HandoffError extends Error {
  constructor(
    readonly code: HandoffErrorCode,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'HandoffError';
  }
}
