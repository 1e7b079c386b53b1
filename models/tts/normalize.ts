/**
 * Text normalisation for speech synthesis: what the robot writes on screen -> what the voice should say.
 * Pure functions, no engine knowledge. Phone numbers are read digit by digit in their groups ("five five five,
 * one two three, ..."), emails are spelled ("j o h n at example dot com"), numbers become words, common
 * abbreviations are expanded, short all-caps acronyms are spelled.
 */
const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: [number, string][] = [
  [1e9, 'billion'],
  [1e6, 'million'],
  [1e3, 'thousand'],
];

export const DIGIT_WORDS = ONES.slice(0, 10);

/** 0 <= n < 1e12, integer. */
export function numberToWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1e12) throw new RangeError(`numberToWords: ${n}`);
  if (n < 20) return ONES[n] as string;
  if (n < 100) return `${TENS[Math.floor(n / 10)]}${n % 10 ? ' ' + ONES[n % 10] : ''}`;
  if (n < 1000) return `${ONES[Math.floor(n / 100)]} hundred${n % 100 ? ' ' + numberToWords(n % 100) : ''}`;
  for (const [scale, name] of SCALES) {
    if (n >= scale) {
      const rest = n % scale;
      return `${numberToWords(Math.floor(n / scale))} ${name}${rest ? ' ' + numberToWords(rest) : ''}`;
    }
  }
  return String(n);
}

/** Years 1100-2099 read as people say them: 1999 -> nineteen ninety nine, 2024 -> twenty twenty four. */
function yearToWords(n: number): string {
  if (n >= 2000 && n < 2010) return numberToWords(n);
  const hi = Math.floor(n / 100);
  const lo = n % 100;
  return `${numberToWords(hi)} ${lo === 0 ? 'hundred' : lo < 10 ? 'oh ' + ONES[lo] : numberToWords(lo)}`;
}

export function spellDigits(digits: string): string {
  return [...digits]
    .filter((c) => c >= '0' && c <= '9')
    .map((d) => DIGIT_WORDS[Number(d)])
    .join(' ');
}

/** Groups of a phone number as written; plain runs of digits get the usual 3-3-4 (with a leading 1 or +cc apart). */
export function phoneGroups(raw: string): string[] {
  const groups = raw.split(/[^0-9]+/).filter(Boolean);
  if (groups.length > 1) return groups;
  const d = groups[0] ?? '';
  if (d.length === 10) return [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
  if (d.length === 11 && d.startsWith('1')) return ['1', d.slice(1, 4), d.slice(4, 7), d.slice(7)];
  const out: string[] = [];
  for (let i = 0; i < d.length;) {
    const left = d.length - i;
    const take = left === 4 ? 4 : left > 4 ? 3 : left;
    out.push(d.slice(i, i + take));
    i += take;
  }
  return out;
}

export function speakPhone(raw: string): string {
  const plus = raw.trim().startsWith('+') ? 'plus ' : '';
  return plus + phoneGroups(raw).map(spellDigits).join(', ');
}

const SPOKEN_DOMAIN_WORDS = new Set([
  'com',
  'org',
  'net',
  'edu',
  'gov',
  'info',
  'biz',
  'gmail',
  'yahoo',
  'hotmail',
  'outlook',
  'icloud',
  'aol',
  'proton',
  'protonmail',
  'live',
  'msn',
  'mail',
  'example',
]);
/**
 * Provider names as people say them. Festival and Flite read "gmail" as "g-male" with a hard g, "icloud" as
 * "ick-loud" and "aol" as "ahl", which would make the robot's read-back sound wrong to the visitor.
 */
export const PROVIDERS_AS_SAID: Readonly<Record<string, string>> = {
  gmail: 'gee mail',
  icloud: 'eye cloud',
  aol: 'ay oh el',
  msn: 'em ess en',
  protonmail: 'proton mail',
};
const SYMBOLS: Record<string, string> = { '.': 'dot', _: 'underscore', '-': 'dash', '+': 'plus' };

/** Characters one by one; the letter a as "ay" (a lone "a" is read as the article, "uh"). */
function spellChars(s: string): string {
  return [...s.toLowerCase()].map((c) => SYMBOLS[c] ?? (c >= '0' && c <= '9' ? DIGIT_WORDS[Number(c)] : c === 'a' ? 'ay' : c)).join(' ');
}

/** Pronounceable enough to say as a word: known domain words, or 4+ letters with a vowel. */
function sayableLabel(label: string): boolean {
  const l = label.toLowerCase();
  return SPOKEN_DOMAIN_WORDS.has(l) || (/^[a-z]{4,}$/.test(l) && /[aeiouy]/.test(l));
}

export function speakEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const dom = domain
    .split('.')
    .map((label) => (sayableLabel(label) ? (PROVIDERS_AS_SAID[label.toLowerCase()] ?? label.toLowerCase()) : spellChars(label)))
    .join(' dot ');
  return `${spellChars(local)} at ${dom}`;
}

const ABBREVIATIONS: [RegExp, string][] = [
  [/\bDr\./g, 'Doctor'],
  [/\bMr\./g, 'Mister'],
  [/\bMrs\./g, 'Missus'],
  [/\bMs\./g, 'Miz'],
  [/\bSt\./g, 'Street'],
  [/\bAve\./g, 'Avenue'],
  [/\bRd\./g, 'Road'],
  [/\bappt\.?/gi, 'appointment'],
  [/\be\.g\./gi, 'for example'],
  [/\bi\.e\./gi, 'that is'],
  [/\betc\./gi, 'et cetera'],
  [/\bvs\.?/gi, 'versus'],
  [/\bmin\./gi, 'minutes'],
  [/\bhrs?\./gi, 'hours'],
  [/\b(\d{1,2})(?::(\d\d))?\s*([ap])\.?m\.?(?=\W|$)/gi, '$1 $2 $3 m'],
  [/&/g, ' and '],
  [/%/g, ' percent'],
  [/#(?=\d)/g, 'number '],
];

const KEEP_CAPS = new Set(['OK', 'I', 'A']);

/** The whole pipeline; idempotent on already-normalised text. */
export function normalizeForSpeech(text: string): string {
  let t = text;
  t = t.replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, (m) => ` ${speakEmail(m)} `);
  // Phone numbers: optional +, then 7+ digits with separators, not part of a longer word/number.
  t = t.replace(/(?<![\w.])\+?\(?\d[\d ()\-.]{5,}\d(?![\w])/g, (m) => {
    const digits = m.replace(/\D/g, '');
    if (digits.length < 7 || /^\d{1,3}(,\d{3})+$/.test(m)) return m;
    return ` ${speakPhone(m)} `;
  });
  for (const [re, rep] of ABBREVIATIONS) t = t.replace(re, rep);
  t = t.replace(/\$(\d+)(?:\.(\d\d))?/g, (_, d: string, c?: string) => `${d} dollars${c && c !== '00' ? ` and ${Number(c)} cents` : ''}`);
  t = t.replace(
    /\b(\d{1,2}):(\d\d)\b/g,
    (_, h: string, m: string) => `${numberToWords(Number(h))} ${m === '00' ? "o'clock" : Number(m) < 10 ? 'oh ' + ONES[Number(m)] : numberToWords(Number(m))}`,
  );
  t = t.replace(/\b(\d+)(st|nd|rd|th)\b/gi, (_, d: string) => ordinal(Number(d)));
  t = t.replace(/\b(\d+)\.(\d+)\b/g, (_, a: string, b: string) => `${numberToWords(Number(a))} point ${spellDigits(b)}`);
  t = t.replace(/\b\d{1,3}(?:,\d{3})+\b/g, (m) => numberToWords(Number(m.replace(/,/g, ''))));
  t = t.replace(/\b\d+\b/g, (m) => {
    const n = Number(m);
    if (m.length > 1 && m.startsWith('0')) return spellDigits(m);
    if (m.length === 4 && n >= 1100 && n < 2100) return yearToWords(n);
    return n < 1e12 ? numberToWords(n) : spellDigits(m);
  });
  t = t.replace(/\b[A-Z]{2,4}\b/g, (m) => (KEEP_CAPS.has(m) ? m : [...m].join(' ')));
  return t
    .replace(/\s+([,.?!])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const ORD_IRREGULAR: Record<string, string> = { one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth' };

export function ordinal(n: number): string {
  const words = numberToWords(n).split(' ');
  const last = words.pop() as string;
  const ord = ORD_IRREGULAR[last] ?? (last.endsWith('y') ? last.slice(0, -1) + 'ieth' : last + 'th');
  return [...words, ord].join(' ');
}

/** Splits text into sentences for streamed synthesis (first sentence plays while the rest is synthesized). */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.?!;])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
