import type { DoctorCheckView } from '../http/contract.js';

/**
 * One check's answer; the diagnostics API and the support bundle carry the same shape. Its own file so that the
 * checks (audio.ts, models.ts, serial.ts) and the list that runs them (checks.ts) import it without importing each other.
 * Stable ids: 'config', 'data-dir', 'store', 'disk', 'clock', 'staff-pin', 'technician-pin', 'body', 'serial',
 * 'broker', 'outbox', 'crm-criteria', 'speech-mode', 'microphone', 'speaker', 'models'.
 */
export type CheckResult = DoctorCheckView;
