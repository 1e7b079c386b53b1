/**
 * Does a partial hypothesis already hold a whole answer for what was asked? Then the listener can end the
 * utterance after a short silence instead of the full end-of-speech silence, which is most of the response
 * latency. Conservative: only shapes that cannot usefully continue (a full phone number, a yes/no, a choice).
 */
import type { Expectation } from '../speech.js';

const DIGITS = new Set(['zero', 'oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']);

export function looksComplete(expect: Expectation, text: string): boolean {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return false;
  switch (expect.kind) {
    case 'yesno':
      return true;
    case 'choice': {
      const said = ` ${words.join(' ')} `;
      return expect.choices.some((c) => [c.label, ...c.synonyms].some((p) => p && said.includes(` ${p.toLowerCase()} `)));
    }
    case 'phone': {
      const digits = words.filter((w) => DIGITS.has(w));
      return digits.length === 10 ? words[words.length - 10] !== 'one' || digits.length > 10 : digits.length === 11 && digits[0] === 'one';
    }
    default:
      return false;
  }
}
