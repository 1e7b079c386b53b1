/** Spoken phone numbers to digits: "five five five, one two three four", "oh", "double seven", "twelve thirty". */
import { NUMBER_WORDS, TENS_WORDS, tokens } from './words.js';

const UNITS: Readonly<Record<string, number>> = { ...NUMBER_WORDS, oh: 0, o: 0, nought: 0, nil: 0 };
const TENS = TENS_WORDS;
const REPEAT: Record<string, number> = { double: 2, triple: 3 };

/** Returns the digits said (with a leading '+' when the caller said "plus"), or null when there are none. */
export function spokenDigits(text: string): string | null {
  const words = tokens(text.replace(/-/g, ' '));
  let out = '';
  let plus = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (/^\+?[0-9().-]+$/.test(w) && /[0-9]/.test(w)) {
      if (w.startsWith('+') && out === '') plus = true;
      out += w.replace(/[^0-9]/g, '');
      continue;
    }
    if (w === 'plus' && out === '') {
      plus = true;
      continue;
    }
    const rep = REPEAT[w];
    if (rep !== undefined) {
      const next = words[i + 1];
      const d = next !== undefined ? (UNITS[next] ?? (/^[0-9]$/.test(next) ? Number(next) : undefined)) : undefined;
      if (d !== undefined && d < 10) {
        out += String(d).repeat(rep);
        i++;
      }
      continue;
    }
    if (w === 'hundred' && out.length > 0) {
      out += '00';
      continue;
    }
    const tens = TENS[w];
    if (tens !== undefined) {
      const next = words[i + 1];
      const unit = next !== undefined ? UNITS[next] : undefined;
      if (unit !== undefined && unit > 0 && unit < 10) {
        out += String(tens + unit);
        i++;
      } else out += String(tens);
      continue;
    }
    const u = UNITS[w];
    if (u !== undefined) out += String(u);
  }
  if (!out) return null;
  return (plus ? '+' : '') + out;
}
