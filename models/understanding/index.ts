/**
 * Language understanding for the intake dialog: turns what the visitor said (STT words or typed text) into field
 * values. Pure functions, no engines: the same code reads a simulated visitor and a real one.
 */
import type { Expectation } from '../speech.js';
import { spokenChoice, spokenChoices } from './choice.js';
import { spokenDate } from './date.js';
import { spokenNumber } from './number.js';
import { isPeopleUnit, spokenCount } from './count.js';
import { spokenSpelling } from './spelling.js';
import { spokenEmail } from './email.js';
import { spokenDigits } from './phone.js';
import { spokenName } from './name.js';
import { spokenYesNo } from './yesno.js';

export { spokenChoice, spokenChoices, spokenDate, spokenDigits, spokenEmail, spokenName, spokenNumber, spokenSpelling, spokenYesNo };
export { spokenDateValue } from './date.js';
export { digitsInText, spokenNumbers } from './number.js';
export { isPeopleUnit, spokenCount, unitSingular } from './count.js';
export { hasSpellingWords, NATO } from './spelling.js';
export { isYesNoAnswer, NO_ANSWERS, tooLongForYes, YES_ANSWERS } from './yesno.js';
export { asksForPerson, PERSON_REQUEST_PATTERNS } from './handoff.js';
export { expandPattern, patternSafe } from './phrase-pattern.js';
export { COMMAND_PHRASES, spokenCommand, type DialogCommand } from './commands.js';
export { isEmail, isSayableDomain, spelledLocalPart, spellsOwnName } from './email.js';
export { tokens } from './words.js';
export { asShown, hasUnknownWord, UNKNOWN_WORD } from './unknown.js';
export { unsurePart, withSpelledPart, type UnsurePart } from './unsure-part.js';
export { ACKNOWLEDGEMENTS, afterLeadIn, GREETINGS, LEAD_INS } from './leads.js';

export type UnderstoodValue = string | number | boolean | string[];
export type Understood = { ok: true; value: UnderstoodValue } | { ok: false; reason: 'nothing-heard' | 'not-understood' };

/** What reading a date needs: the moment and the device's time zone (relative days: "tomorrow"). */
export interface UnderstandingContext {
  now: Date;
  timezone: string;
}

/** Reads the answer to one expectation. Values still go through the intake validation afterwards. */
export function understand(text: string, expect: Expectation, ctx: UnderstandingContext = { now: new Date(), timezone: 'UTC' }): Understood {
  if (!text.trim()) return { ok: false, reason: 'nothing-heard' };
  let value: UnderstoodValue | null;
  switch (expect.kind) {
    case 'name':
      value = spokenName(text);
      break;
    case 'phone':
      value = spokenDigits(text);
      break;
    case 'email':
      value = spokenEmail(text);
      break;
    case 'yesno': {
      const yn = spokenYesNo(text);
      value = yn === null ? null : yn === 'yes';
      break;
    }
    case 'choice':
      value = spokenChoice(text, expect.choices);
      break;
    case 'multichoice':
      value = spokenChoices(text, expect.choices);
      break;
    case 'number':
      value = spokenNumberOf(text, expect.unit, expect.unitOne);
      break;
    case 'date':
      value = spokenDate(text, { ...ctx, time: expect.time })?.value ?? null;
      break;
    case 'spell':
      value = spokenSpelling(text, expect.as);
      break;
    case 'free':
      value = text.trim();
      break;
  }
  return value === null ? { ok: false, reason: 'not-understood' } : { ok: true, value };
}

/** A number as a field counted in `unit` reads it: a number of people as people say it ("just me", "the two of us"). */
export function spokenNumberOf(text: string, unit?: string, unitOne?: string): number | null {
  return unit && isPeopleUnit(unit, unitOne) ? spokenCount(text, unit, unitOne) : spokenNumber(text);
}

/** Which field a correction talks about ("no, my phone number is ..."), by keywords per field kind. */
export function mentionedFieldKind(text: string): 'name' | 'phone' | 'email' | null {
  const t = ` ${text.toLowerCase()} `;
  if (/\b(e-?mail|address)\b/.test(t)) return 'email';
  if (/\b(phone|number|cell|mobile)\b/.test(t)) return 'phone';
  if (/\bname\b/.test(t)) return 'name';
  return null;
}
