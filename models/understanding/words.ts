/** Tokenizes an utterance into lower-case words, keeping digits, '@', '.', '+', '-' and '_' inside tokens. */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[,;:!?"()]/g, ' ')
    .split(/\s+/)
    .map((t) => t.replace(/^\.+|\.+$/g, ''))
    .filter(Boolean);
}

/** Number words every reader of numbers shares: zero to nineteen, and the tens (phone.ts and number.ts add their own). */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
export const TENS_WORDS: Readonly<Record<string, number>> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

/** Letter names as a recognizer or a person writes them ("em" is m): the one table spelling.ts and email.ts read. */
export const LETTER_NAMES: Readonly<Record<string, string>> = {
  ay: 'a',
  bee: 'b',
  cee: 'c',
  see: 'c',
  dee: 'd',
  ee: 'e',
  ef: 'f',
  eff: 'f',
  gee: 'g',
  aitch: 'h',
  eye: 'i',
  jay: 'j',
  kay: 'k',
  el: 'l',
  ell: 'l',
  em: 'm',
  en: 'n',
  oh: 'o',
  pee: 'p',
  cue: 'q',
  ar: 'r',
  ess: 's',
  tee: 't',
  you: 'u',
  vee: 'v',
  ex: 'x',
  why: 'y',
  zee: 'z',
  zed: 'z',
};

/** The digits by name ("seven" is '7'), from NUMBER_WORDS. */
export const DIGIT_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(NUMBER_WORDS)
    .filter(([, n]) => n < 10)
    .map(([word, n]) => [word, String(n)]),
);

/** What an email address says between its letters ("at", "dot"); email.ts adds looser words of its own. */
export const EMAIL_SYMBOLS: Readonly<Record<string, string>> = { at: '@', dot: '.', period: '.', underscore: '_', dash: '-', hyphen: '-', plus: '+' };
