/**
 * The staff and technician sections of the config, and what makes a PIN acceptable. There is no default PIN: until
 * one is chosen on the kiosk (or provisioned here), PIN logins are refused and `frontdesk doctor` fails. The same
 * rules judge a PIN chosen on the kiosk and one written in the config file.
 */
import { z } from 'zod';

export type PinRole = 'staff' | 'technician';

/** Digits a PIN needs at least, per role: the technician's screen can move the robot and export logs. */
export const MIN_PIN_DIGITS: Record<PinRole, number> = { staff: 6, technician: 8 };
export const MAX_PIN_DIGITS = 12;
/** PINs earlier versions shipped as defaults (published in their README): never accepted. */
export const PUBLISHED_DEFAULT_PINS: readonly string[] = ['2468', '8642'];

/** Why `pin` cannot be the `role` PIN, or null when it can. */
export function pinProblem(role: PinRole, pin: string): string | null {
  if (PUBLISHED_DEFAULT_PINS.includes(pin)) return `${pin} is a published default PIN; choose your own`;
  if (!/^[0-9]*$/.test(pin)) return 'use digits only';
  const min = MIN_PIN_DIGITS[role];
  if (pin.length < min) return `use at least ${min} digits for the ${role} PIN (got ${pin.length})`;
  if (pin.length > MAX_PIN_DIGITS) return `use at most ${MAX_PIN_DIGITS} digits`;
  if (/^(\d)\1*$/.test(pin)) return 'every digit is the same; that is the first PIN anyone tries';
  const steps = new Set([...pin].slice(1).map((d, i) => (Number(d) - Number(pin[i]) + 10) % 10));
  if (steps.size === 1 && (steps.has(1) || steps.has(9))) return 'the digits run in order; that is among the first PINs anyone tries';
  return null;
}

function pinSchema(role: PinRole) {
  return z.string().superRefine((pin, ctx) => {
    const problem = pinProblem(role, pin);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem}. Remove ${role}.pin to choose the PIN on the kiosk instead.` });
  });
}

const sessionMinutes = z
  .number()
  .int()
  .min(1)
  .max(24 * 60)
  .default(30);

export const staffConfigSchema = z
  .object({
    /**
     * Optional: provisions the staff PIN (hashed into the device database at start). Without it, staff choose the PIN
     * on the kiosk's staff screen at first start.
     */
    pin: pinSchema('staff').optional(),
    /** A session ends after this long without use. */
    sessionMinutes,
  })
  .prefault({});

export const technicianConfigSchema = z
  .object({
    /** Optional, as staff.pin: the PIN of the diagnostics screen and API, at least 8 digits. */
    pin: pinSchema('technician').optional(),
    sessionMinutes,
  })
  .prefault({});

/**
 * For the config schema's superRefine: staff.pin and technician.pin may not be the same PIN (the staff PIN would open
 * the technician's screens, which can move the robot and export logs). The kiosk refuses the same for chosen PINs.
 */
export function refineDistinctPins(config: { staff: { pin?: string }; technician: { pin?: string } }, ctx: z.RefinementCtx): void {
  if (config.staff.pin !== undefined && config.staff.pin === config.technician.pin)
    ctx.addIssue({
      code: 'custom',
      path: ['technician', 'pin'],
      message: 'the same as staff.pin; choose a different technician PIN (or remove technician.pin to choose it on the kiosk)',
    });
}
