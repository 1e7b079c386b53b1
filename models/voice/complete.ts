/**
 * Does a partial hypothesis already hold a whole answer for what was asked? Then the listener can end the
 * utterance after a short silence instead of the full end-of-speech silence, which is most of the response
 * latency. Two tiers:
 * - 'complete': shapes that cannot usefully continue (a full phone number, a yes/no, a choice): the shortest silence.
 * - 'likely': a name with a first and a last name, an email that ends in a top-level domain people end on ("dot
 *   com", not "dot co", which may go on to "dot uk"): they might still go on ("Mary Ann ... Smith"), so a silence a
 *   little longer than a breath between words, still well under the full end-of-speech silence.
 * Anything else ('open') waits for the full silence.
 */
import type { Expectation } from '../speech.js';
import { spokenEmail } from '../understanding/email.js';
import { spokenName } from '../understanding/name.js';
import { spokenYesNo } from '../understanding/yesno.js';

export type Completion = 'complete' | 'likely' | 'open';

const DIGITS = new Set(['zero', 'oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']);
/** Top-level domains an address ends on ('co' is not: it goes on to 'dot uk'). */
const FINAL_TLDS = new Set(['com', 'net', 'org', 'edu', 'gov', 'io', 'uk', 'us', 'ca', 'au', 'de', 'fr', 'ie', 'nz', 'info', 'biz', 'me']);

export function completion(expect: Expectation, text: string): Completion {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return 'open';
  switch (expect.kind) {
    case 'yesno':
      // At a read-back a "no" may go on to its correction ("no, my name is ..."): only a yes ends it early.
      return !expect.corrections?.length || spokenYesNo(text) === 'yes' ? 'complete' : 'open';
    case 'choice': {
      const said = ` ${words.join(' ')} `;
      return expect.choices.some((c) => [c.label, ...c.synonyms].some((p) => p && said.includes(` ${p.toLowerCase()} `))) ? 'complete' : 'open';
    }
    case 'phone': {
      const digits = words.filter((w) => DIGITS.has(w));
      const full = digits.length === 10 ? words[words.length - 10] !== 'one' || digits.length > 10 : digits.length === 11 && digits[0] === 'one';
      return full ? 'complete' : 'open';
    }
    case 'name': {
      const name = spokenName(text);
      return name !== null && name.split(/\s+/).length >= 2 ? 'likely' : 'open';
    }
    case 'email': {
      const last = words[words.length - 1]!;
      const email = words[words.length - 2] === 'dot' && FINAL_TLDS.has(last) ? spokenEmail(text) : null;
      // "... dot com" as the last words, and the whole makes an address ending in it.
      return email !== null && email.endsWith(`.${last}`) ? 'likely' : 'open';
    }
    default:
      return 'open';
  }
}

/** The answer cannot usefully continue (the 'complete' tier). */
export function looksComplete(expect: Expectation, text: string): boolean {
  return completion(expect, text) === 'complete';
}
