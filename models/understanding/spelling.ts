/**
 * Spelled answers: letters one by one, the NATO alphabet ("mike"), "m as in Mike", "double l", digits, and for an
 * email the symbols ("at", "dot"). Words between spelled parts of a name: "space", "new word", a comma.
 */
import { DIGIT_NAMES as DIGITS, EMAIL_SYMBOLS, LETTER_NAMES, tokens } from './words.js';

export const NATO: Record<string, string> = {
  alfa: 'a',
  alpha: 'a',
  bravo: 'b',
  charlie: 'c',
  delta: 'd',
  echo: 'e',
  foxtrot: 'f',
  golf: 'g',
  hotel: 'h',
  india: 'i',
  juliet: 'j',
  juliett: 'j',
  kilo: 'k',
  lima: 'l',
  mike: 'm',
  november: 'n',
  oscar: 'o',
  papa: 'p',
  quebec: 'q',
  romeo: 'r',
  sierra: 's',
  tango: 't',
  uniform: 'u',
  victor: 'v',
  whiskey: 'w',
  whisky: 'w',
  xray: 'x',
  'x-ray': 'x',
  yankee: 'y',
  zulu: 'z',
};

/** Top levels people say as a word even while spelling the rest ("... dot com"). */
const TOP_LEVEL_WORDS = new Set(['com', 'net', 'org', 'edu', 'gov', 'info', 'biz', 'me', 'io', 'co', 'uk', 'us', 'ca', 'de', 'fr']);

const SKIP = new Set(['um', 'uh', 'er', 'it', 'is', "it's", 'its', 'spelled', 'capital', 'small', 'letter', 'okay', 'so', 'then', 'that', "that's"]);
const SPACE = new Set(['space', ',', 'comma']);

function letterOf(w: string): string | undefined {
  if (/^[a-z]$/.test(w)) return w;
  return NATO[w] ?? LETTER_NAMES[w];
}

/**
 * The letters spelled in `text`; for a name, words split at "space" or a comma, title-cased; for an email, symbols
 * too. Null when a word is neither a letter, a NATO word, nor a symbol: a spelling that may be wrong is not kept.
 */
export function spokenSpelling(text: string, as: 'name' | 'email'): string | null {
  const words = tokens(
    text
      .replace(/,/g, ' , ')
      .replace(/\bnew word\b/gi, ' space ')
      .replace(/\blast name\b/gi, ' space '),
  );
  const parts: string[] = [''];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (SKIP.has(w)) continue;
    if (as === 'name' && SPACE.has(w)) {
      if (parts[parts.length - 1] !== '') parts.push('');
      continue;
    }
    // "m as in mike", "m for mike": the letter once. Where the letter heard and a NATO word disagree ("l as in
    // oscar"), the word is the letter: the recognizer hears NATO words far better than letter names.
    if ((words[i + 1] === 'as' && words[i + 2] === 'in') || words[i + 1] === 'for') {
      const l = letterOf(w);
      const skip = words[i + 1] === 'for' ? 2 : 3;
      const example = words[i + skip];
      const said = example === undefined ? undefined : l !== undefined && example.charAt(0) === l ? l : NATO[example];
      if (l && said) {
        parts[parts.length - 1] += said;
        i += skip;
        continue;
      }
    }
    if ((w === 'double' || w === 'triple') && words[i + 1]) {
      const l = letterOf(words[i + 1]!) ?? DIGITS[words[i + 1]!];
      if (!l) return null;
      parts[parts.length - 1] += l.repeat(w === 'double' ? 2 : 3);
      i++;
      continue;
    }
    if (as === 'email' && TOP_LEVEL_WORDS.has(w) && words[i - 1] === 'dot') {
      parts[parts.length - 1] += w;
      continue;
    }
    const l = letterOf(w) ?? (/^\d$/.test(w) ? w : DIGITS[w]) ?? (as === 'email' ? EMAIL_SYMBOLS[w] : undefined);
    if (l === undefined) return null;
    parts[parts.length - 1] += l;
  }
  const words2 = parts.filter(Boolean);
  if (!words2.length) return null;
  if (as === 'email') return words2.join('');
  if (words2.some((p) => /\d/.test(p))) return null;
  return words2.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(' ');
}

/**
 * Whether a hearing holds words only spelling uses (a NATO word, "as in", "double", "space"). Where the recognizer
 * listens for letters or the answer in words, such a word in what reads as words is noise taken for spelling
 * ("quebec jennifer dot garcia at yahoo dot com" at 15 dB): not an answer to keep.
 */
export function hasSpellingWords(text: string): boolean {
  const w = tokens(text);
  return w.some((x, i) => NATO[x] !== undefined || x === 'double' || x === 'space' || (x === 'as' && w[i + 1] === 'in'));
}
