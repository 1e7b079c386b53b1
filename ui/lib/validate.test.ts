import { describe, expect, it } from 'vitest';
import type { IntakeFieldView } from '../../device/http/contract.js';
import { firstName, validateField, validateForm } from './validate.js';

const field = (kind: IntakeFieldView['kind'], required = true): IntakeFieldView => ({
  id: kind,
  kind,
  label: kind,
  required,
});

describe('validateField', () => {
  it('asks for a missing required value in words that name the field', () => {
    expect(validateField(field('name'), '   ')).toBe('Please tell us your name.');
    expect(validateField(field('email'), undefined)).toBe('Please enter your email address.');
    expect(validateField(field('choice'), '')).toBe('Please choose one of the options.');
  });

  it('accepts an empty optional field', () => {
    expect(validateField(field('email', false), '')).toBeNull();
    expect(validateField(field('consent', false), false)).toBeNull();
  });

  it('rejects email addresses without an @ or a domain', () => {
    for (const bad of ['jane', 'jane@', 'jane@example', 'jane @example.com', 'jane@example.c']) {
      expect(validateField(field('email'), bad), bad).toMatch(/does not look right/);
    }
    expect(validateField(field('email'), 'jane.doe+spa@example.co.uk')).toBeNull();
  });

  it('counts phone digits, ignoring spaces and punctuation', () => {
    expect(validateField(field('phone'), '555-12')).toMatch(/too short/);
    expect(validateField(field('phone'), '+1 (555) 010-2030')).toBeNull();
    expect(validateField(field('phone'), '1234567890123456')).toMatch(/too long/);
    expect(validateField(field('phone'), '555 CALL NOW')).toMatch(/only have digits/);
  });

  it('tells an extension as one (the runtime cannot keep it) rather than as stray characters', () => {
    for (const [typed, ext] of [
      ['415 555 0123 ext 45', '45'],
      ['(415) 555-0123 ext. 45', '45'],
      ['415-555-0123 x7', '7'],
      ['4155550123 #45', '45'],
      ['415 555 0123 extension 123', '123'],
    ])
      expect(validateField(field('phone'), typed), typed).toBe(
        `Please enter the phone number without the extension (ext. ${ext}): only the main number can be kept. Mention the extension in a note instead.`,
      );
    expect(validateField(field('phone'), 'call me x')).toMatch(/only have digits/);
  });

  it('accepts only a configured choice, by value or label', () => {
    const reason = { ...field('choice'), choices: [{ value: 'color', label: 'Hair coloring' }] };
    expect(validateField(reason, 'color')).toBeNull();
    expect(validateField(reason, 'hair Coloring')).toBeNull();
    expect(validateField(reason, 'a massage')).toBe('Please choose one of the options.');
  });

  it('requires a required consent box to be ticked', () => {
    expect(validateField(field('consent'), false)).toBe('Please tick the box to agree.');
    expect(validateField(field('consent'), 'true')).toBe('Please tick the box to agree.');
    expect(validateField(field('consent'), true)).toBeNull();
  });
});

describe("the runtime's words", () => {
  it('uses the messages the runtime sent with the field, so the screen says what the robot says', () => {
    const guests: IntakeFieldView = {
      ...field('number'),
      control: { control: 'number', min: 1, max: 8 },
      messages: { required: 'How many of you?', invalid: 'Digits only, please.', tooSmall: 'At least 1.', tooLarge: 'We seat at most 8.' },
    };
    expect(validateField(guests, '')).toBe('How many of you?');
    expect(validateField(guests, 'many')).toBe('Digits only, please.');
    expect(validateField(guests, '0')).toBe('At least 1.');
    expect(validateField(guests, '12')).toBe('We seat at most 8.');
    expect(validateField(guests, '4')).toBeNull();
  });

  it("refuses a date whose year is outside the field's years (a picker lets 0001 be typed), naming the year", () => {
    const birth: IntakeFieldView = {
      ...field('date'),
      control: { control: 'date', inputType: 'date', min: 1900, max: 2100 },
      messages: {
        required: 'Please choose your date of birth.',
        tooSmall: 'The year {year} is too early for your date of birth. Please choose a date from 1900 to 2100.',
        tooLarge: 'The year {year} is too late for your date of birth. Please choose a date from 1900 to 2100.',
      },
    };
    expect(validateField(birth, '0001-01-01')).toBe('The year 1 is too early for your date of birth. Please choose a date from 1900 to 2100.');
    expect(validateField(birth, '21000-01-01')).toBe('The year 21000 is too late for your date of birth. Please choose a date from 1900 to 2100.');
    expect(validateField(birth, '1980-03-03')).toBeNull();
    expect(validateField(birth, '2100-12-31T10:00')).toBeNull();
  });

  it('checks several choices against the options', () => {
    const extras: IntakeFieldView = {
      ...field('multichoice'),
      choices: [{ value: 'trim', label: 'Trim' }],
      messages: { required: 'Pick one.', unknown: 'Not an option.' },
    };
    expect(validateField(extras, [])).toBe('Pick one.');
    expect(validateField(extras, ['trim', 'perm'])).toBe('Not an option.');
    expect(validateField(extras, ['trim'])).toBeNull();
  });
});

describe('validateForm', () => {
  it('keys messages by field id and omits valid fields', () => {
    const fields = [field('name'), field('email')];
    expect(validateForm(fields, { name: 'Jane', email: 'nope' })).toEqual({
      email: expect.stringMatching(/does not look right/),
    });
  });
});

describe('firstName', () => {
  it('takes the first word of the name', () => {
    expect(firstName('  Jane Q. Doe ')).toBe('Jane');
    expect(firstName('')).toBe('');
  });
});
