/** Refused CRM changes: a stable code, a message staff can act on, and for criteria the missing things by name. */
import { CodedError } from '../../base/errors.js';
import type { CrmErrorCode } from './types.js';

export interface SettingsIssue {
  /** Where in the settings, e.g. 'stages.2.criteria.tags.0'. */
  path: string;
  message: string;
}

export class CrmError extends CodedError<CrmErrorCode> {
  readonly missing: string[];
  readonly issues: SettingsIssue[];

  constructor(code: CrmErrorCode, message: string, options: { missing?: string[]; issues?: SettingsIssue[]; cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.missing = options.missing ?? [];
    this.issues = options.issues ?? [];
  }
}

/** Lists for messages: 'a', 'a and b', 'a, b and c'. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
