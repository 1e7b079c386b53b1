/**
 * One table from error codes (base/errors.ts: CodedError) to HTTP answers, used by the server's error handler and by
 * the routes that catch a part's error themselves. `error` is the name the API reports in ApiError.error when it is
 * not the code itself (the body's codes keep their API names: `estop`, `body_unavailable`, `bad_request`).
 * A code not listed here is a bug or an outage: 500.
 */
import { isCodedError } from '../../base/errors.js';
import type { CrmErrorCode } from '../crm/types.js';
import type { ApiError } from './contract.js';

export interface HttpAnswerRule {
  status: number;
  /** The ApiError.error to send; default: the code. */
  error?: string;
}

/** The staff CRM routes (contract-crm.ts): 404 for an unknown contact, 422 for a refused change. */
const CRM: Record<CrmErrorCode, HttpAnswerRule> = {
  contact_not_found: { status: 404 },
  note_required: { status: 422 },
  criteria_unmet: { status: 422 },
  unknown_stage: { status: 422 },
  unknown_tag: { status: 422 },
  unknown_reason: { status: 422 },
  unknown_field: { status: 422 },
  invalid_value: { status: 422 },
  same_contact: { status: 422 },
  settings_invalid: { status: 422 },
};

export const HTTP_ANSWERS: Readonly<Record<string, HttpAnswerRule>> = {
  // Visits (device/visit/visits.ts)
  visit_not_found: { status: 404 },
  visit_closed: { status: 409 },
  invalid: { status: 422 },
  // The device cannot save right now (disk full): the visitor is told and may try again (device/visit/visits.ts).
  store_unavailable: { status: 422 },
  // The body (drivers/body/body-errors.ts), from the diagnostics controls
  estop_engaged: { status: 409, error: 'estop' },
  not_connected: { status: 503, error: 'body_unavailable' },
  closed: { status: 503, error: 'body_unavailable' },
  unknown_joint: { status: 400, error: 'bad_request' },
  unknown_light: { status: 400, error: 'bad_request' },
  unknown_gesture: { status: 400, error: 'bad_request' },
  ...CRM,
};

/** The HTTP status and ApiError for a coded error in the table; null for anything else (the caller answers 500). */
export function httpAnswerFor(err: unknown): { status: number; body: ApiError } | null {
  if (!isCodedError(err)) return null;
  const rule = Object.hasOwn(HTTP_ANSWERS, err.code) ? HTTP_ANSWERS[err.code] : undefined;
  if (!rule) return null;
  const fieldErrors = (err as { fieldErrors?: Record<string, string> }).fieldErrors;
  return { status: rule.status, body: { error: rule.error ?? err.code, message: err.message, ...(fieldErrors ? { fieldErrors } : {}) } };
}
