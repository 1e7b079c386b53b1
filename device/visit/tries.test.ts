import { describe, expect, it } from 'vitest';
import type { Expectation, Heard } from '../../models/speech.js';
import { agreesWith, readingOf, readingOfValue, readingsOf } from './tries.js';

const CTX = { now: new Date('2026-12-07T12:00:00Z'), timezone: 'UTC' };
const EMAIL: Expectation = { kind: 'email' };
const NAME: Expectation = { kind: 'name' };
const heard = (text: string, firstPass?: string): Heard => ({ text, speechStartAt: 0, speechEndAt: 0, engine: 'test', ...(firstPass ? { firstPass } : {}) });

describe('tries at one question compared', () => {
  it('reads an address in two parts, with no evidence from letters or an unknown word', () => {
    expect(readingOf('paul nelson four at fastmail dot com', EMAIL, CTX)).toEqual(['paulnelson4', 'fastmail.com']);
    expect(readingOf('r h o seven at yahoo dot com', EMAIL, CTX)).toEqual([undefined, 'yahoo.com']);
    expect(readingOf('keiko at unknownword dot com', EMAIL, CTX)).toEqual(['keiko', undefined]);
    expect(readingOf('no thank you', EMAIL, CTX)).toBeNull();
    expect(readingOf('kevin lewis', NAME, CTX)).toEqual(['"Kevin Lewis"']);
    expect(readingOf('', NAME, CTX)).toBeNull();
  });

  it('reads both hearings of a try, leaving out one that reads as nothing', () => {
    expect(readingsOf(heard('paul nelson four at fastmail dot com', 'paul nelson four at hotmail dot com'), EMAIL, CTX)).toEqual([
      ['paulnelson4', 'fastmail.com'],
      ['paulnelson4', 'hotmail.com'],
    ]);
    expect(readingsOf(heard('ana at gmail dot com', 'uh'), EMAIL, CTX)).toEqual([['ana', 'gmail.com']]);
  });

  it('keeps a later try only where it reads as a hearing of the first did, part by part', () => {
    const first = readingsOf(heard('paul nelson four at fastmail dot com', 'paul nelson four at hotmail dot com'), EMAIL, CTX);
    expect(agreesWith(readingOfValue(EMAIL, 'paulnelson4@hotmail.com'), first)).toBe(true);
    expect(agreesWith(readingOfValue(EMAIL, 'onelson4@fastmail.com'), first)).toBe(false); // the local part differs
    expect(agreesWith(readingOfValue(EMAIL, 'paulnelson4@gmail.com'), first)).toBe(false); // the domain differs
    // A part the first try gave no evidence of takes any reading; one it did must match.
    const unknownDomain = [readingOf('keiko at unknownword dot com', EMAIL, CTX)!];
    expect(agreesWith(readingOfValue(EMAIL, 'keiko@aol.com'), unknownDomain)).toBe(true);
    expect(agreesWith(readingOfValue(EMAIL, 'baker1@aol.com'), unknownDomain)).toBe(false);
    // No reference: nothing to disagree with.
    expect(agreesWith(readingOfValue(EMAIL, 'ana@gmail.com'), [])).toBe(true);
    // Other answers whole.
    const name = readingsOf(heard('mary walker', 'mary baker'), NAME, CTX);
    expect(agreesWith(readingOfValue(NAME, 'Mary Baker'), name)).toBe(true);
    expect(agreesWith(readingOfValue(NAME, 'Mary Carter'), name)).toBe(false);
  });
});
