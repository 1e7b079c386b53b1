/** What a returning visitor's details carry over, and how the robot says them to someone not yet proven to be them. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { fieldsProblems, intakeFieldSchema, type IntakeFieldInput } from '../intake/field-schema.js';
import { FIELD_KINDS } from '../intake/types/index.js';
import { fieldContext } from './fields.js';
import { isRemembered, lastDigits, maskedItem, spokenDomain } from './returning.js';

const config = parseConfig({});
const ctx = fieldContext(config);
const field = (f: Partial<IntakeFieldInput> & Pick<IntakeFieldInput, 'kind'>) =>
  intakeFieldSchema.parse({
    id: 'f',
    label: 'The thing',
    prompt: 'Say it?',
    ...(f.kind.includes('choice')
      ? {
          choices: [
            { value: 'a', label: 'A' },
            { value: 'b', label: 'B' },
          ],
        }
      : {}),
    ...f,
  });

describe('what a returning visitor carries over', () => {
  it('answers about the person by type; per-visit answers and consent are asked anew', () => {
    const remembered = FIELD_KINDS.filter((kind) => isRemembered(field({ kind })));
    expect(remembered).toEqual(['name', 'phone', 'email']);
  });

  it('a field overrides its type, except consent, which a config may not remember', () => {
    expect(isRemembered(field({ kind: 'choice', remembered: true }))).toBe(true);
    expect(isRemembered(field({ kind: 'email', remembered: false }))).toBe(false);
    expect(fieldsProblems([field({ kind: 'consent', remembered: true })])).toEqual([
      { path: [0, 'remembered'], message: 'consent is asked on every visit: it cannot be remembered' },
    ]);
    expect(() => parseConfig({ intake: { fields: [{ id: 'consent', kind: 'consent', label: 'C', prompt: 'May we?', remembered: true }] } })).toThrow(
      /cannot be remembered/,
    );
  });

  it('the default form remembers the preferred contact method, not the reason or how they heard of us', () => {
    const byId = Object.fromEntries(config.intake.fields.map((f) => [f.id, isRemembered(f)]));
    expect(byId).toEqual({ name: true, phone: true, email: true, reason: false, heard_from: false, contact_method: true, consent: false });
  });
});

describe('how the robot says what it knows', () => {
  it('the first name, the email by its domain, the phone by its last two digits', () => {
    expect(maskedItem(field({ kind: 'name' }), 'Keiko  Tanaka-Ito', ctx)).toBe('your name as Keiko');
    expect(maskedItem(field({ kind: 'email' }), 'keiko.tanaka@mail.clinic.example', ctx)).toBe('your email at mail dot clinic dot example');
    expect(maskedItem(field({ kind: 'phone' }), '+14155550142', ctx)).toBe('your phone ending in four two');
    expect(spokenDomain('a@b@gmail.com')).toBe('gmail dot com');
    expect(lastDigits('+447700900100')).toBe('zero zero');
  });

  it('an option of a short list by its label; remembered free text by its label only', () => {
    expect(maskedItem(field({ kind: 'choice', label: 'Your stylist' }), 'b', ctx)).toBe('stylist: B');
    expect(maskedItem(field({ kind: 'text', label: 'Your address' }), '12 Elm Street', ctx)).toBe('your address');
  });

  it("follows the business's words", () => {
    const own = parseConfig({ messages: { 'returningItem.phone': 'the number ending {last}' } });
    expect(maskedItem(field({ kind: 'phone' }), '+14155550142', fieldContext(own))).toBe('the number ending four two');
  });
});
