import { describe, expect, it } from 'vitest';
import { completion, looksComplete } from './complete.js';

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
    // At a read-back a "no" may go on to its correction ("no, my name is ..."): only a yes ends it early.
    const readBack = { kind: 'yesno' as const, corrections: [{ expect: { kind: 'name' as const }, names: ['name'] }] };
    expect(looksComplete(readBack, 'that is correct')).toBe(true);
    expect(looksComplete(readBack, 'no')).toBe(false);
    expect(looksComplete(readBack, 'no my name is')).toBe(false);
    const choices = [{ value: 'c', label: 'Hair coloring', synonyms: ['highlights'] }];
    expect(looksComplete({ kind: 'choice', choices }, 'i would like')).toBe(false);
    expect(looksComplete({ kind: 'choice', choices }, 'i would like highlights')).toBe(true);
    expect(looksComplete({ kind: 'free' }, 'anything at all')).toBe(false);
  });

  it('a name with a first and a last name, and an email ending on a top-level domain, are likely whole', () => {
    expect(completion({ kind: 'name' }, 'my name is john')).toBe('open');
    expect(completion({ kind: 'name' }, 'my name is john smith')).toBe('likely');
    expect(completion({ kind: 'name' }, 'ana lopez')).toBe('likely');
    expect(looksComplete({ kind: 'name' }, 'ana lopez')).toBe(false); // never the shortest silence: "Mary Ann ... Smith"
    expect(completion({ kind: 'email' }, 'john dot smith at gmail')).toBe('open');
    expect(completion({ kind: 'email' }, 'john dot smith at gmail dot com')).toBe('likely');
    expect(completion({ kind: 'email' }, 'a n a at x m l dot com')).toBe('likely');
    expect(completion({ kind: 'email' }, 'ana at bella dash salon dot co')).toBe('open'); // goes on to "dot uk"
    expect(completion({ kind: 'email' }, 'ana at bella dash salon dot co dot uk')).toBe('likely');
    expect(completion({ kind: 'email' }, 'dot com')).toBe('open'); // no address yet
    expect(completion({ kind: 'spell', as: 'email' }, 'a n a at x dot com')).toBe('open');
  });
});
