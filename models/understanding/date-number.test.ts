import { describe, expect, it } from 'vitest';
import { spokenDate, spokenDateValue } from './date.js';
import { digitsInText, spokenNumber } from './number.js';

// Monday 7 December 2026, 22:00 in New York (already Tuesday 03:00 in UTC): relative days follow the device's zone.
const now = new Date('2026-12-08T03:00:00Z');
const opts = { now, timezone: 'America/New_York', time: true };

describe('dates said aloud', () => {
  it.each([
    ['tomorrow', '2026-12-08'],
    ['the fifth of january at three', '2027-01-05T15:00'],
    ['tomorrow at half past two', '2026-12-08T14:30'],
    ['friday at ten in the morning', '2026-12-11T10:00'],
    ['the second of march at 2 30', '2027-03-02T14:30'],
    ['the twenty first of june', '2027-06-21'],
    ['next tuesday at noon', '2026-12-15T12:00'],
    ['2027-02-28', '2027-02-28'],
    ['2027-02-28T09:15', '2027-02-28T09:15'],
  ])('%s -> %s', (said, value) => expect(spokenDate(said, opts)?.value).toBe(value));

  it.each([
    ['march third nineteen eighty', '1980-03-03'],
    ['the third of march nineteen eighty five', '1985-03-03'],
    ['june 15th nineteen oh five', '1905-06-15'],
    ['january first nineteen hundred', '1900-01-01'],
    ['the fourth of july twenty twenty six', '2026-07-04'],
    ['july fourth twenty one fifty', null], // not a year a person says: unsure, never 1971
    ['the ninth of may eighteen ninety nine', '1899-05-09'],
    ['march third eighty', null], // a year of two digits: which century?
    ['march third two thousand and five', '2005-03-03'],
  ])('reads a year said in pairs: %s -> %s', (said, value) => expect(spokenDate(said, { ...opts, time: false })?.value ?? null).toBe(value));

  it('leaves a time that looks like a year alone', () => {
    expect(spokenDate('january twentieth, twenty ten in the morning', opts)?.value ?? '').not.toMatch(/^2010/);
    expect(spokenDate('the twentieth of january at twenty ten pm', opts)?.value ?? '').not.toMatch(/^2010/);
  });

  it('drops the time when the field asks for a date only', () => {
    expect(spokenDate('the fifth of january at three', { ...opts, time: false })).toEqual({ value: '2027-01-05', hasTime: false });
  });

  it.each(['the thirty first of february', 'february 31st', '2027-02-31', '2027-13-01', 'in january', 'I am not sure', '', 'tomorrow or the fifth of january'])(
    'is unsure of %j',
    (said) => expect(spokenDate(said, opts)).toBeNull(),
  );

  it('reads a date back in words', () => {
    expect(spokenDateValue('2027-01-05T15:00')).toBe('Tuesday, January 5, at 3 PM');
    expect(spokenDateValue('2027-01-05')).toBe('Tuesday, January 5');
  });
});

describe('numbers said aloud', () => {
  it.each([
    ['forty two', 42],
    ['one hundred and twenty', 120],
    ['twelve point five', 12.5],
    ['two and a half', 2.5],
    ['3', 3],
    ['I am 34 years old', 34],
    ['a hundred', 100],
    ['minus three', -3],
    ['1,200', 1200],
  ])('%s -> %s', (said, n) => expect(spokenNumber(said)).toBe(n));

  it.each(['about 5 or 6', 'no idea', ''])('is unsure of %j', (said) => expect(spokenNumber(said)).toBeNull());

  it('writes number and ordinal words as digits', () => {
    expect(digitsInText('the fifth of january at three')).toBe('the 5th of january at 3');
    expect(digitsInText('the second of march')).toBe('the 2nd of march');
  });
});

describe('several options said one after the other', () => {
  it('keeps each, in the order said, and still reads one option alone', async () => {
    const { spokenChoices } = await import('./choice.js');
    const extras = [
      { value: 'wash', label: 'Wash', synonyms: ['a wash', 'shampoo'] },
      { value: 'treatment', label: 'Treatment', synonyms: ['a treatment'] },
      { value: 'massage', label: 'Head massage', synonyms: ['a head massage', 'massage'] },
    ];
    expect(spokenChoices('the wash an a treatment', extras)).toEqual(['wash', 'treatment']);
    expect(spokenChoices('a head massage', extras)).toEqual(['massage']);
    expect(spokenChoices('a wash and a treatment', extras)).toEqual(['wash', 'treatment']);
  });
});
