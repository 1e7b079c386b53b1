/**
 * Language understanding for the intake dialog: turns what the visitor said (STT words or typed text) into field
 * values. Pure functions, no engines: the same code reads a simulated visitor and a real one.
 */
import type { Expectation } from '../speech.js';
import { spokenChoice } from './choice.js';
import { spokenEmail } from './email.js';
import { spokenDigits } from './phone.js';
import { spokenName } from './name.js';
import { spokenYesNo } from './yesno.js';

export { spokenChoice, spokenDigits, spokenEmail, spokenName, spokenYesNo };
export { isEmail, isSayableDomain } from './email.js';
export { tokens } from './words.js';
export { ACKNOWLEDGEMENTS, afterLeadIn, GREETINGS, LEAD_INS } from './leads.js';

export type Understood = { ok: true; value: string | boolean } | { ok: false; reason: 'nothing-heard' | 'not-understood' };

/** Reads the answer to one expectation. Values still go through the intake validation afterwards. */
export function understand(text: string, expect: Expectation): Understood {
  if (!text.trim()) return { ok: false, reason: 'nothing-heard' };
  let value: string | boolean | null;
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
    case 'free':
      value = text.trim();
      break;
  }
  return value === null ? { ok: false, reason: 'not-understood' } : { ok: true, value };
}

/** Which field a correction talks about ("no, my phone number is ..."), by keywords per field kind. */
export function mentionedFieldKind(text: string): 'name' | 'phone' | 'email' | null {
  const t = ` ${text.toLowerCase()} `;
  if (/\b(e-?mail|address)\b/.test(t)) return 'email';
  if (/\b(phone|number|cell|mobile)\b/.test(t)) return 'phone';
  if (/\bname\b/.test(t)) return 'name';
  return null;
}
