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

/**
 * The local part of an address said aloud when no word of it is longer than a letter: letters and digits said one
 * by one ("r h o seven at yahoo", "my email is d at outlook", "okay w at aol"), as their characters; null when a word
 * builds it ("ana dot lopez") or no address was said. The recognizer hears spelled letters poorly (the e-set, "a"
 * and "eight"), and a word it cannot place comes back as the nearest letters ("maryjohnson" as "r h o seven", a name
 * lost to a lead-in word as "w"), so such a part is only as good as a check letter by letter.
 */
export function spelledLocalPart(text: string): string | null {
  if (hasUnknownWord(text)) return null;
  const words = afterLeadIn(tokens(text), 'email');
  let i = 0;
  while (i < words.length && FILLER.has(words[i]!)) i++;
  const at = words.lastIndexOf('at');
  if (at <= i) return null;
  let out = '';
  let twice = false;
  for (const w of words.slice(i, at)) {
    if (w === 'double') {
      twice = true;
      continue;
    }
    if (w === 'capital' || w === 'lowercase' || w === 'small' || w === 'letter') continue;
    const ch = SYMBOLS[w] ?? (w.length === 1 ? w : (EMAIL_LETTER_NAMES[w] ?? DIGITS[w]));
    if (ch === undefined) return null;
    out += twice ? ch + ch : ch;
    twice = false;
  }
  return /[a-z0-9]/.test(out) ? out : null;
}

/**
 * Whether letters (spelledLocalPart's) spell one of the visitor's names as the robot heard them: a word of a name or
 * two words joined ("j a m e s", "a n a l o p e z"), digits after it allowed. People who spell their address mostly
 * spell their name, and a name heard earlier in the visit is the check the letters alone cannot give.
 */
export function spellsOwnName(letters: string, names: readonly string[]): boolean {
  const bare = letters.replace(/[._+-]/g, '').replace(/\d+$/, '');
  if (bare.length < 2) return false;
  for (const name of names) {
    const words = tokens(name).filter((w) => /^[a-z]+$/.test(w));
    if (words.some((w, i) => w === bare || (i + 1 < words.length && w + words[i + 1] === bare))) return true;
  }
  return false;
}
