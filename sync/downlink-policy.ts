/**
 * Local policy a downlink config can never override, whoever signed it: consent stays asked and required, and
 * versions move forward in bounded steps (a version near 2^53 would freeze every later config).
 */
import type { RemoteConfig } from './schemas/config.js';

/** The highest version a device accepts at all (far below 2^53, where integers stop being exact). */
export const MAX_CONFIG_VERSION = 2 ** 40;
export const DEFAULT_MAX_VERSION_JUMP = 1_000_000;

/** null when the intake keeps a required consent field; otherwise the reason. */
export function consentProblem(config: RemoteConfig): string | null {
  const fields = config.intake?.fields;
  if (!fields) return null; // the intake form is not changed: the local one (with its consent field) stays
  const consent = fields.filter((f) => f.kind === 'consent');
  if (!consent.length) return 'intake.fields has no field of kind "consent"; this device never takes a lead without asking for consent';
  const optional = consent.find((f) => f.required === false);
  if (optional) return `intake.fields: the consent field "${optional.id}" is made optional; consent must stay required on this device`;
  return null;
}

/** null when `version` may follow `current`; otherwise the reason. */
export function versionProblem(version: number, current: number, maxJump: number): string | null {
  if (version > MAX_CONFIG_VERSION) return `version ${version} is above the highest accepted version ${MAX_CONFIG_VERSION}`;
  if (version - current > maxJump)
    return `version ${version} jumps more than ${maxJump} over the applied version ${current}; send at most ${current + maxJump}`;
  return null;
}
