/** The runtime (the authority) and the screen (instant checks) say the same thing about the same bad value. */
import { describe, expect, it } from 'vitest';
import { FIELD_MESSAGES } from '../base/field-messages.js';
import { intakeFieldSchema, type IntakeField } from '../device/config/schema.js';
import { checkField } from '../device/visit/fields.js';
import { validateField } from '../ui/lib/validate.js';

const KINDS = ['name', 'phone', 'email', 'text', 'choice', 'consent'] as const;

function field(kind: (typeof KINDS)[number]): IntakeField {
  return intakeFieldSchema.parse({
    id: kind,
    kind,
    label: `Your ${kind}`,
    prompt: `What is your ${kind}?`,
    ...(kind === 'choice' ? { choices: [{ value: 'cut', label: 'Haircut' }] } : {}),
  });
}

function runtimeSays(kind: (typeof KINDS)[number], raw: string | boolean | undefined): string | null {
  const r = checkField(field(kind), raw, 'US');
  return r.ok ? null : r.message;
}

describe('visitor messages for a bad value', () => {
  it.each(KINDS)('a required %s left empty: the same words on the screen and from the runtime', (kind) => {
    const empty = kind === 'consent' ? false : '';
    expect(runtimeSays(kind, empty)).toBe(FIELD_MESSAGES.required[kind]);
    expect(validateField(field(kind), empty)).toBe(FIELD_MESSAGES.required[kind]);
  });

  it.each([
    ['email', 'jane@', FIELD_MESSAGES.emailShape],
    ['phone', '555-01', FIELD_MESSAGES.phoneTooShort],
    ['choice', 'a massage', FIELD_MESSAGES.choiceUnknown],
  ] as const)('a bad %s (%s): the same words on both sides', (kind, raw, message) => {
    expect(runtimeSays(kind, raw)).toBe(message);
    expect(validateField(field(kind), raw)).toBe(message);
  });
});
