import { describe, expect, it } from 'vitest';
import { looksComplete } from './complete.js';

describe('looksComplete', () => {
  it('a phone number is complete at 10 digits, or 11 starting with one', () => {
    expect(looksComplete({ kind: 'phone' }, 'five five five one two three four')).toBe(false);
    expect(looksComplete({ kind: 'phone' }, 'five five five one two three four five six seven')).toBe(true);
    expect(looksComplete({ kind: 'phone' }, 'one four one five eight six seven five three zero')).toBe(false); // may go on to 11
    expect(looksComplete({ kind: 'phone' }, 'one four one five eight six seven five three zero nine')).toBe(true);
  });

  it('yes/no at the first word, choices once a label or synonym is heard, never for free speech', () => {
    expect(looksComplete({ kind: 'yesno' }, 'yeah')).toBe(true);
    expect(looksComplete({ kind: 'yesno' }, '')).toBe(false);
    const choices = [{ value: 'c', label: 'Hair coloring', synonyms: ['highlights'] }];
    expect(looksComplete({ kind: 'choice', choices }, 'i would like')).toBe(false);
    expect(looksComplete({ kind: 'choice', choices }, 'i would like highlights')).toBe(true);
    expect(looksComplete({ kind: 'free' }, 'anything at all')).toBe(false);
  });
});
