import { describe, expect, it } from 'vitest';
import { normalizeForSpeech, numberToWords, ordinal, speakEmail, speakPhone, splitSentences } from './normalize.js';

describe('normalizeForSpeech', () => {
  it('reads phone numbers digit by digit in their groups', () => {
    expect(speakPhone('555-123-4567')).toBe('five five five, one two three, four five six seven');
    expect(speakPhone('5551234567')).toBe('five five five, one two three, four five six seven');
    expect(speakPhone('+1 (415) 555-0100')).toBe('plus one, four one five, five five five, zero one zero zero');
    expect(normalizeForSpeech('I have 555 123 4567, right?')).toBe('I have five five five, one two three, four five six seven, right?');
  });

  it('spells emails: letters of the local part, sayable domain words', () => {
    expect(speakEmail('john@example.com')).toBe('j o h n at example dot com');
    expect(speakEmail('ann.lee_2@gmail.com')).toBe('ay n n dot l e e underscore two at gee mail dot com');
    expect(speakEmail('sam@icloud.com')).toBe('s ay m at eye cloud dot com');
    expect(speakEmail('bob@aol.com')).toBe('b o b at ay oh el dot com');
    expect(speakEmail('x@abc.io')).toBe('x at ay b c dot i o');
    expect(normalizeForSpeech('Your email is john@example.com.')).toBe('Your email is j o h n at example dot com.');
  });

  it('says numbers, years, times, money and ordinals as words', () => {
    expect(numberToWords(0)).toBe('zero');
    expect(numberToWords(115)).toBe('one hundred fifteen');
    expect(numberToWords(1_234_567)).toBe('one million two hundred thirty four thousand five hundred sixty seven');
    expect(ordinal(21)).toBe('twenty first');
    expect(ordinal(12)).toBe('twelfth');
    expect(normalizeForSpeech('We open at 9:30 am, since 1998.')).toBe('We open at nine thirty a m, since nineteen ninety eight.');
    expect(normalizeForSpeech('A cut is $45.50, 20% off on the 3rd visit.')).toBe(
      'A cut is forty five dollars and fifty cents, twenty percent off on the third visit.',
    );
    expect(normalizeForSpeech('It costs 1,200 now')).toBe('It costs one thousand two hundred now');
  });

  it('expands abbreviations and spells acronyms', () => {
    expect(normalizeForSpeech('Dr. Smith & Mrs. Jones, St. Mary')).toBe('Doctor Smith and Missus Jones, Street Mary');
    expect(normalizeForSpeech('We will send an SMS, OK?')).toBe('We will send an S M S, OK?');
  });

  it('is idempotent', () => {
    const once = normalizeForSpeech('Call 555-123-4567 or mail a@b.com at 10:05');
    expect(normalizeForSpeech(once)).toBe(once);
  });

  it('splits sentences for streaming', () => {
    expect(splitSentences('Hello there. What is your name? Thanks!')).toEqual(['Hello there.', 'What is your name?', 'Thanks!']);
  });
});
