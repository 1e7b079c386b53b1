/** Each field type with good and bad input, through the one check the runtime and the kiosk's messages share. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { checkField, fieldContext, fieldView, spokenValue } from '../../visit/fields.js';
import { fieldsProblems, intakeFieldSchema, type IntakeFieldInput } from '../field-schema.js';
import { FIELD_KINDS, fieldType, isBlank } from './index.js';

// Monday 7 December 2026, 10:00 in New York.
const config = parseConfig({ device: { timezone: 'America/New_York' } });
const ctx = fieldContext(config, () => new Date('2026-12-07T15:00:00Z'));
const field = (f: Partial<IntakeFieldInput> & Pick<IntakeFieldInput, 'kind'>) =>
  intakeFieldSchema.parse({ id: 'f', label: 'The thing', prompt: 'Say it?', ...f });
const long = 'x'.repeat(5000);

describe('field types', () => {
  it('every kind has a control and a required message', () => {
    for (const kind of FIELD_KINDS) {
      const f = field({
        kind,
        ...(kind.includes('choice')
          ? {
              choices: [
                { value: 'a', label: 'A' },
                { value: 'b', label: 'B' },
              ],
            }
          : {}),
      });
      const v = fieldView(f, config);
      expect(v.control?.control).toBeTruthy();
      expect(v.messages?.required).toMatch(/\w/);
    }
  });

  it('text: trimmed; a very long answer is refused with the limit', () => {
    expect(checkField(field({ kind: 'text' }), '  hello   there ', ctx)).toEqual({ ok: true, value: 'hello there' });
    const r = checkField(field({ kind: 'text' }), long, ctx);
    expect(r).toMatchObject({ ok: false, code: 'tooLong' });
    expect(!r.ok && r.message).toContain('1000');
  });

  it('name: letters; digits and very long names are refused', () => {
    expect(checkField(field({ kind: 'name' }), 'Ana  Lopez', ctx)).toEqual({ ok: true, value: 'Ana Lopez' });
    expect(checkField(field({ kind: 'name' }), '12345', ctx)).toMatchObject({ ok: false, code: 'letters' });
    expect(checkField(field({ kind: 'name' }), long, ctx)).toMatchObject({ ok: false, code: 'tooLong' });
  });

  it('phone: E.164; too short, impossible and very long numbers are refused', () => {
    expect(checkField(field({ kind: 'phone' }), '(415) 555-0123', ctx)).toEqual({ ok: true, value: '+14155550123' });
    expect(checkField(field({ kind: 'phone' }), '123', ctx)).toMatchObject({ ok: false, code: 'tooShort' });
    expect(checkField(field({ kind: 'phone' }), '1'.repeat(30), ctx)).toMatchObject({ ok: false });
    expect(checkField(field({ kind: 'phone' }), long, ctx)).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('phone: an extension is refused naming it, never dropped (the E.164 key has no room for one)', () => {
    const phone = field({ kind: 'phone', label: 'Phone number' });
    for (const [typed, ext] of [
      ['(415) 555-0123 ext 45', '45'],
      ['415 555 0123 x45', '45'],
      ['4155550123#45', '45'],
      ['415-555-0123 extension 7', '7'],
      ['555 0123 ext 45', '45'],
      ['+44 20 7946 0958 ext. 12', '12'],
    ])
      expect(checkField(phone, typed, ctx), typed).toEqual({
        ok: false,
        code: 'extension',
        message: `Please enter the phone number without the extension (ext. ${ext}): only the main number can be kept. Mention the extension in a note instead.`,
      });
    expect(checkField(phone, '(415) 555-0123', ctx)).toEqual({ ok: true, value: '+14155550123' });
    expect(fieldView(phone, config).messages?.extension).toMatch(/without the extension \(ext\. \{ext\}\)/);
  });

  it('email: lower-cased; malformed and very long addresses are refused', () => {
    expect(checkField(field({ kind: 'email' }), 'Ana@Example.COM', ctx)).toEqual({ ok: true, value: 'ana@example.com' });
    for (const bad of ['ana@', 'ana at example dot com', `${long}@example.com`]) expect(checkField(field({ kind: 'email' }), bad, ctx).ok).toBe(false);
  });

  it('number: stored as a number, within min and max, whole unless allowed', () => {
    const f = field({ kind: 'number', min: 1, max: 12, unit: 'people' });
    expect(checkField(f, '4', ctx)).toEqual({ ok: true, value: 4 });
    expect(checkField(f, 'four', ctx)).toEqual({ ok: true, value: 4 });
    expect(checkField(f, 7, ctx)).toEqual({ ok: true, value: 7 });
    const low = checkField(f, '0', ctx);
    expect(low).toMatchObject({ ok: false, code: 'tooSmall' });
    expect(!low.ok && low.message).toContain('1');
    expect(checkField(f, '13', ctx)).toMatchObject({ ok: false, code: 'tooLarge' });
    expect(checkField(f, '2.5', ctx)).toMatchObject({ ok: false, code: 'whole' });
    expect(checkField(field({ kind: 'number', integer: false }), '2.5', ctx)).toEqual({ ok: true, value: 2.5 });
    expect(checkField(f, 'lots', ctx)).toMatchObject({ ok: false, code: 'invalid' });
    expect(checkField(f, long, ctx)).toMatchObject({ ok: false, code: 'invalid' });
    expect(spokenValue(f, 4, ctx)).toBe('4 people');
    expect(spokenValue(field({ kind: 'number', unit: 'years' }), 1, ctx)).toBe('1 year');
    // One of a unit with no plain "s": its well-known singular, or the one staff wrote.
    expect(spokenValue(f, 1, ctx)).toBe('1 person');
    expect(spokenValue(field({ kind: 'number', unit: 'children' }), 1, ctx)).toBe('1 child');
    expect(spokenValue(field({ kind: 'number', unit: 'glass' }), 1, ctx)).toBe('1 glass');
    expect(spokenValue(field({ kind: 'number', unit: 'nights in the cabin', unitOne: 'night in the cabin' }), 1, ctx)).toBe('1 night in the cabin');
    expect(spokenValue(field({ kind: 'number', unit: 'nights in the cabin', unitOne: 'night in the cabin' }), 2, ctx)).toBe('2 nights in the cabin');
    // The re-prompt that says the limits is a line of the messages table: a business words it its own way.
    expect(parseConfig({ messages: { 'reprompt.numberBetween': 'Between {min} and {max}, please.' } }).messages['reprompt.numberBetween']).toBe(
      'Between {min} and {max}, please.',
    );
    expect(() => parseConfig({ messages: { 'reprompt.numberAtLeast': 'No more than {max}.' } })).toThrow(
      /"\{max\}" is not filled in this line; it may use \{min\}/,
    );
    expect(() => parseConfig({ intake: { fields: [field({ kind: 'name' }), { ...field({ kind: 'number', min: 5, max: 1 }), id: 'n' }] } })).toThrow(
      /intake\.fields\[1\]\.kind: the smallest number \(5\) is larger than the largest \(1\)/,
    );
  });

  it('number: out of range however it is written (digits, words, signs), and what is no finite number, are refused', () => {
    const f = field({ kind: 'number', min: 1, max: 12, unit: 'people' });
    for (const low of ['-3', 'minus three', '0', -0]) expect(checkField(f, low, ctx), String(low)).toMatchObject({ ok: false, code: 'tooSmall' });
    for (const high of ['a thousand', '1,000', '13', 12.5e3]) expect(checkField(f, high, ctx), String(high)).toMatchObject({ ok: false, code: 'tooLarge' });
    for (const bad of ['1e400', 'Infinity', Infinity, -Infinity, NaN, '0x10'])
      expect(checkField(f, bad, ctx), String(bad)).toMatchObject({ ok: false, code: 'invalid' });
    for (const blank of ['', '   ']) expect(checkField(f, blank, ctx)).toMatchObject({ ok: false, code: 'required' });
    // The edges are in range; a number said with its unit is the number.
    expect(checkField(f, '12.0', ctx)).toEqual({ ok: true, value: 12 });
    expect(checkField(f, 'one', ctx)).toEqual({ ok: true, value: 1 });
    expect(checkField(f, 'seven people', ctx)).toEqual({ ok: true, value: 7 });
  });

  it('number of people: read as people say it, by the field own unit; unclear answers and long ones are refused', () => {
    const f = field({ kind: 'number', min: 1, max: 12, unit: 'people' });
    for (const [said, n] of [
      ['just me', 1],
      ['only one person', 1],
      ['the two of us', 2],
      ['me and my daughter', 2],
      ['a party of four', 4],
    ] as const)
      expect(checkField(f, said, ctx), said).toEqual({ ok: true, value: n });
    for (const unclear of ['a couple', 'two or three', 'me and', 'me and my kids'])
      expect(checkField(f, unclear, ctx), unclear).toMatchObject({ ok: false, code: 'invalid' });
    expect(checkField(f, 'thirteen of us', ctx)).toMatchObject({ ok: false, code: 'tooLarge' });
    expect(checkField(f, `just me ${'and so on '.repeat(10)}`, ctx)).toMatchObject({ ok: false, code: 'invalid' });
    // Its unit and the singular staff gave: guests; "just me" is no age
    const guests = field({ kind: 'number', min: 1, max: 8, unit: 'covers', unitOne: 'guest' });
    expect(checkField(guests, 'one guest', ctx)).toEqual({ ok: true, value: 1 });
    expect(checkField(guests, 'just me', ctx)).toEqual({ ok: true, value: 1 });
    expect(fieldType('number').expectation(guests)).toEqual({ kind: 'number', unit: 'covers', unitOne: 'guest' });
    expect(checkField(field({ kind: 'number', unit: 'years' }), 'just me', ctx)).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('date: impossible days and times are refused, written or said; a real leap day is taken', () => {
    const day = field({ kind: 'date' });
    for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', 'April 31', 'february thirtieth', 'the thirty second of march', '31/04/2027'])
      expect(checkField(day, bad, ctx), bad).toMatchObject({
        ok: false,
        code: 'invalid',
        message: 'That date does not exist. Please check the day and month.',
      });
    expect(checkField(day, '2028-02-29', ctx)).toEqual({ ok: true, value: '2028-02-29' });
    const appt = field({ kind: 'date', time: true });
    for (const bad of ['2027-01-05T25:00', '2027-01-05T10:61', 'tomorrow at 25', 'tomorrow at 13 pm'])
      expect(checkField(appt, bad, ctx), bad).toMatchObject({ ok: false, code: 'invalid' });
    expect(checkField(appt, 'tomorrow at three', ctx)).toEqual({ ok: true, value: '2026-12-08T15:00' });
  });

  it('yes/no, consent and multiple choice: a very long answer is refused, not searched for a yes or an option', () => {
    expect(checkField(field({ kind: 'yesno' }), 'yes'.repeat(100), ctx)).toMatchObject({ ok: false, code: 'invalid' });
    expect(checkField(field({ kind: 'yesno' }), long, ctx)).toMatchObject({ ok: false, code: 'invalid' });
    expect(checkField(field({ kind: 'consent' }), 'yes '.repeat(100), ctx)).toMatchObject({ ok: false, code: 'required' });
    expect(checkField(field({ kind: 'consent' }), long, ctx)).toMatchObject({ ok: false, code: 'required' });
    const mc = field({ kind: 'multichoice', choices: options });
    expect(checkField(mc, long, ctx)).toMatchObject({ ok: false, code: 'unknown' });
    expect(checkField(mc, `color,${long}`, ctx)).toMatchObject({ ok: false, code: 'unknown' });
    expect(checkField(mc, [long], ctx)).toMatchObject({ ok: false, code: 'unknown' });
  });

  it("text: a field's own limit is kept to the character, with the limit named", () => {
    const f = field({ kind: 'text', maxLength: 20 });
    expect(checkField(f, 'x'.repeat(20), ctx)).toEqual({ ok: true, value: 'x'.repeat(20) });
    expect(checkField(f, 'x'.repeat(21), ctx)).toMatchObject({
      ok: false,
      code: 'tooLong',
      message: 'That is a bit long. Please keep it under 20 characters.',
    });
  });

  it('date: ISO, relative to now in the device zone; impossible and past dates are refused', () => {
    const day = field({ kind: 'date' });
    expect(checkField(day, 'next tuesday', ctx)).toEqual({ ok: true, value: '2026-12-15' });
    expect(checkField(day, '2027-01-05', ctx)).toEqual({ ok: true, value: '2027-01-05' });
    expect(checkField(day, '2027-02-31', ctx)).toMatchObject({ ok: false, code: 'invalid' });
    expect(checkField(day, 'the thirty first of february', ctx)).toMatchObject({ ok: false, code: 'invalid' });
    expect(checkField(day, long, ctx)).toMatchObject({ ok: false, code: 'invalid' });
    const appt = field({ kind: 'date', time: true });
    expect(checkField(appt, 'the fifth of january at three', ctx)).toEqual({ ok: true, value: '2027-01-05T15:00' });
    expect(checkField(appt, '2027-01-05', ctx)).toMatchObject({ ok: false, code: 'needTime' });
    expect(checkField(appt, '2026-12-01T10:00', ctx)).toMatchObject({ ok: false, code: 'past' });
    expect(checkField(field({ kind: 'date', when: 'past' }), '2030-01-01', ctx)).toMatchObject({ ok: false, code: 'future' });
    expect(spokenValue(appt, '2027-01-05T15:00', ctx)).toBe('Tuesday, January 5, at 3 PM');
    expect(fieldView(appt, config).control).toEqual({ control: 'date', inputType: 'datetime-local', min: 1900, max: 2100 });
  });

  it('date: years from 1900 to 2100 unless the field sets its own, refused naming the field, the year and what to choose', () => {
    const birth = field({ kind: 'date', label: 'Date of birth', when: 'past' });
    expect(checkField(birth, '0001-01-01', ctx)).toEqual({
      ok: false,
      code: 'tooSmall',
      message: 'The year 1 is too early for your date of birth. Please choose a date from 1900 to 2100.',
    });
    expect(checkField(birth, '1899-12-31', ctx)).toMatchObject({ ok: false, code: 'tooSmall' });
    expect(checkField(birth, '1900-01-01', ctx)).toEqual({ ok: true, value: '1900-01-01' });
    expect(checkField(birth, 'march 3 1980', ctx)).toEqual({ ok: true, value: '1980-03-03' });
    const day = field({ kind: 'date', label: 'Start date' });
    expect(checkField(day, '2100-12-31', ctx)).toEqual({ ok: true, value: '2100-12-31' });
    expect(checkField(day, '9999-12-31', ctx)).toMatchObject({
      ok: false,
      code: 'tooLarge',
      message: 'The year 9999 is too late for your start date. Please choose a date from 1900 to 2100.',
    });
    expect(checkField(day, 'january first two thousand one hundred and one', ctx)).toMatchObject({ ok: false, code: 'tooLarge' });
    // A field's own years: a club that takes members born 1940 to 2010.
    const member = field({ kind: 'date', label: 'Date of birth', min: 1940, max: 2010 });
    expect(checkField(member, '1939-06-01', ctx)).toMatchObject({ ok: false, message: expect.stringContaining('from 1940 to 2010') });
    expect(checkField(member, '2011-01-01', ctx)).toMatchObject({ ok: false, code: 'tooLarge' });
    expect(checkField(member, '1975-06-01', ctx)).toEqual({ ok: true, value: '1975-06-01' });
    // The kiosk's picker is bounded by the same years, and its messages name them.
    const view = fieldView(member, config);
    expect(view.control).toEqual({ control: 'date', inputType: 'date', min: 1940, max: 2010 });
    expect(view.messages?.tooSmall).toBe('The year {year} is too early for your date of birth. Please choose a date from 1940 to 2010.');
  });

  it("date: a field's years that are not whole years from 1 to 9999, or earliest after latest, are refused for staff", () => {
    const problems = (f: Partial<IntakeFieldInput>) => fieldsProblems([field({ kind: 'date', ...f })]).map((p) => p.message);
    expect(problems({ min: 1940, max: 2010 })).toEqual([]);
    expect(problems({ min: 2010, max: 1940 })).toEqual(['the earliest year (2010) is after the latest (1940)']);
    expect(problems({ max: 1850 })).toEqual(['the earliest year (1900) is after the latest (1850)']);
    expect(problems({ min: 1900.5 })).toEqual(["a date's earliest year (min) must be a whole year from 1 to 9999, not 1900.5"]);
    expect(problems({ max: 0 })).toEqual(["a date's latest year (max) must be a whole year from 1 to 9999, not 0"]);
  });

  const options = [
    { value: 'color', label: 'Hair coloring', synonyms: ['a color'] },
    { value: 'trim', label: 'Trim', synonyms: [] },
  ];

  it('choice: the value or the label; unknown options are refused', () => {
    const f = field({ kind: 'choice', choices: options });
    expect(checkField(f, 'hair coloring', ctx)).toEqual({ ok: true, value: 'color' });
    expect(checkField(f, 'perm', ctx)).toMatchObject({ ok: false, code: 'unknown' });
    expect(checkField(f, long, ctx)).toMatchObject({ ok: false, code: 'unknown' });
    const withName = (f: IntakeFieldInput) => ({ intake: { fields: [{ id: 'name', kind: 'name', label: 'Name', prompt: 'Name?' }, f] } });
    expect(() => parseConfig(withName({ ...f, choices: [] }))).toThrow(/intake\.fields\[1\]\.choices: a choice needs its options/);
    expect(() => parseConfig(withName({ ...f, choices: [options[0]!, options[0]!] }))).toThrow(/different values \(color twice\)/);
    // Two options labelled alike (any case, spaces around): the first would always win, the second never be chosen.
    const same = [options[0]!, { value: 'tint', label: ' hair Coloring ', synonyms: [] }, options[1]!];
    expect(() => parseConfig(withName({ ...f, label: 'Service', choices: same }))).toThrow(
      /intake\.fields\[1\]\.choices: in "Service", the options "Hair coloring" \(color\) and " hair Coloring " \(tint\) have the same label/,
    );
    expect(() => parseConfig(withName({ ...field({ kind: 'multichoice', choices: same }), label: 'Services' }))).toThrow(/in "Services", the options/);
  });

  it('multichoice: string[] of values; any unknown option refuses the answer', () => {
    const f = field({ kind: 'multichoice', choices: options });
    expect(checkField(f, ['trim', 'Hair coloring', 'trim'], ctx)).toEqual({ ok: true, value: ['trim', 'color'] });
    expect(checkField(f, 'color,trim', ctx)).toEqual({ ok: true, value: ['color', 'trim'] });
    expect(checkField(f, ['trim', 'perm'], ctx)).toMatchObject({ ok: false, code: 'unknown' });
    expect(checkField(f, Array(40).fill('trim'), ctx)).toMatchObject({ ok: false });
    expect(checkField({ ...f, required: true }, [], ctx)).toMatchObject({ ok: false, code: 'required' });
    expect(spokenValue(f, ['color', 'trim'], ctx)).toBe('Hair coloring and Trim');
  });

  it('yesno: true or false; anything else is asked again', () => {
    const f = field({ kind: 'yesno' });
    expect(checkField(f, true, ctx)).toEqual({ ok: true, value: true });
    expect(checkField(f, 'nope', ctx)).toEqual({ ok: true, value: false });
    expect(checkField(f, 'purple', ctx)).toMatchObject({ ok: false, code: 'invalid' });
    expect(checkField({ ...f, required: false }, undefined, ctx)).toEqual({ ok: true, value: '' });
  });

  it('yesno: an optional one answered "no" is an answer (false), read back as "no"; unanswered stays blank', () => {
    const f = field({ kind: 'yesno', required: false });
    expect(isBlank(false)).toBe(false);
    expect(checkField(f, false, ctx)).toEqual({ ok: true, value: false });
    expect(checkField(f, 'false', ctx)).toEqual({ ok: true, value: false });
    expect(spokenValue(f, false, ctx)).toBe('no');
    expect(checkField(f, '', ctx)).toEqual({ ok: true, value: '' });
    expect(checkField({ ...f, required: true }, false, ctx)).toEqual({ ok: true, value: false });
  });

  it('consent: only a yes counts', () => {
    const f = field({ kind: 'consent' });
    expect(checkField(f, true, ctx)).toEqual({ ok: true, value: true });
    expect(checkField(f, false, ctx)).toMatchObject({ ok: false, code: 'required' });
    expect(checkField(f, 'no', ctx)).toMatchObject({ ok: false });
  });

  it('a business overrides the words of a check, and the kiosk gets the same words', () => {
    const custom = parseConfig({ messages: { 'number.tooLarge': 'We seat at most {max} at one table.' } });
    const f = field({ kind: 'number', max: 8 });
    const r = checkField(f, '9', fieldContext(custom));
    expect(!r.ok && r.message).toBe('We seat at most 8 at one table.');
    expect(fieldView(f, custom).messages?.tooLarge).toBe('We seat at most 8 at one table.');
  });

  it('unknown kinds, unknown message keys and wrong placeholders are refused with what to do', () => {
    expect(() => field({ kind: 'colour' as never })).toThrow(/unknown field type: use one of text, name/);
    expect(() => parseConfig({ messages: { farewel: 'Bye' } })).toThrow(/unknown message "farewel"/);
    expect(() => parseConfig({ messages: { readBack: 'So {sumary}?' } })).toThrow(/"\{sumary\}" is not filled in this line; it may use \{summary\}/);
    expect(() => parseConfig({ intake: { fields: [field({ kind: 'text' }), field({ kind: 'name' })] } })).toThrow(/"f" is used by another field \(field 1\)/);
  });
});
