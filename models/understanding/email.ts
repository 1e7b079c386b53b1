/** Spoken or typed email addresses: "john dot smith at example dot com", spelled letters, "underscore", "dash". */
import { afterLeadIn } from './leads.js';
import { hasUnknownWord } from './unknown.js';
import { DIGIT_NAMES as DIGITS, EMAIL_SYMBOLS, LETTER_NAMES, tokens } from './words.js';

/**
 * A free-text hearing of a spelled address also gives homophones of letter names ("are", "tea"); spelling mode
 * (spelling.ts) refuses those, since there they are more often words than letters.
 */
const EMAIL_LETTER_NAMES: Readonly<Record<string, string>> = { ...LETTER_NAMES, be: 'b', sea: 'c', queue: 'q', are: 'r', es: 's', tea: 't' };
const SYMBOLS: Readonly<Record<string, string>> = { ...EMAIL_SYMBOLS, point: '.', minus: '-' };
const FILLER = new Set([
  'my',
  'email',
  'e-mail',
  'address',
  'is',
  "it's",
  'its',
  'it',
  'the',
  'um',
  'uh',
  'er',
  'sure',
  'yes',
  'so',
  'that',
  "that's",
  'spelled',
  'letters',
]);

const EMAIL_RE = /^[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9])?@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,24}$/;

export function isEmail(s: string): boolean {
  return s.length <= 254 && EMAIL_RE.test(s.toLowerCase());
}

/**
 * A domain a visitor can say as words and get back as written: labels of letters joined by dashes, dots between
 * them ("bella-salon.co.uk" is "bella dash salon dot co dot uk"). Digits would be read back as number words.
 */
export function isSayableDomain(d: string): boolean {
  return d.length <= 100 && /^[a-z]+(-[a-z]+)*(\.[a-z]+(-[a-z]+)*)+$/.test(d);
}

/** Returns the address heard, or null when what was said does not form one. */
export function spokenEmail(text: string): string | null {
  const typed = text.match(/[^\s@]+@[^\s@]+\.[^\s@]+/);
  if (typed && isEmail(typed[0].replace(/[.,;]+$/, ''))) return typed[0].replace(/[.,;]+$/, '').toLowerCase();
  if (hasUnknownWord(text)) return null;
  // "you can email me at ..." would otherwise start the address with "u" and hold a second "@".
  const words = afterLeadIn(tokens(text), 'email');
  let out = '';
  let started = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!started && FILLER.has(w)) continue;
    started = true;
    if (w === 'double' && words[i + 1]) {
      const n = words[i + 1]!;
      const ch = n.length === 1 ? n : (EMAIL_LETTER_NAMES[n] ?? DIGITS[n]);
      if (ch) {
        out += ch + ch;
        i++;
        continue;
      }
    }
    if (w === 'capital' || w === 'lowercase' || w === 'small' || w === 'letter') continue;
    const sym = SYMBOLS[w];
    if (sym) out += sym;
    else if (w.length === 1) out += w;
    else if (EMAIL_LETTER_NAMES[w]) out += EMAIL_LETTER_NAMES[w];
    else if (DIGITS[w]) out += DIGITS[w];
    else out += w.replace(/[^a-z0-9._+@-]/g, '');
  }
  out = out.replace(/\.{2,}/g, '.');
  return isEmail(out) ? out : null;
}
