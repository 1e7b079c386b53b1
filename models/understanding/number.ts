/**
 * Numbers said aloud or typed: "42", "forty two", "one hundred and twenty", "twelve point five", "two and a half".
 * Also the helper that rewrites number words as digits inside a sentence, for the date reader.
 */
import { NUMBER_WORDS, TENS_WORDS, tokens } from './words.js';

const UNITS: Readonly<Record<string, number>> = { ...NUMBER_WORDS, oh: 0, a: 1 };
const TENS = TENS_WORDS;
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };
const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
};
const DIGIT_WORD: Record<string, string> = {
  zero: '0',
  oh: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};

function isNumberWord(w: string): boolean {
  return w in UNITS || w in TENS || w in SCALES;
}

/**
 * Reads a run of number words ("one hundred and twenty three") starting at `i`; null when none starts there. The run
 * follows how a number is said: "two four three" is three numbers (not 9), "ten thirty" two (a time, not 40),
 * "nineteen ninety" two; a word that cannot go on the number ends it and starts the next.
 */
export function readWords(words: readonly string[], i: number): { value: number; next: number } | null {
  let total = 0;
  let current = 0;
  let last: 'none' | 'unit' | 'teen' | 'tens' | 'hundred' | 'scale' = 'none';
  let j = i;
  let any = false;
  const fresh = () => last === 'none' || last === 'hundred' || last === 'scale';
  while (j < words.length) {
    const w = words[j]!;
    if (w === 'a' && !(words[j + 1] && words[j + 1]! in SCALES)) break; // "a" only as in "a hundred"
    if (w === 'oh' && any) break;
    if (w in UNITS && UNITS[w]! < 10) {
      // "twenty four": a unit after the tens; else only where a number starts (or after "hundred", "thousand")
      if (!(fresh() || (last === 'tens' && UNITS[w]! > 0))) break;
      current += UNITS[w]!;
      last = UNITS[w] === 0 && !any ? 'teen' : 'unit'; // nothing goes on "zero"
    } else if (w in UNITS) {
      if (!fresh()) break;
      current += UNITS[w]!;
      last = 'teen';
    } else if (w in TENS) {
      if (!fresh()) break;
      current += TENS[w]!;
      last = 'tens';
    } else if (w === 'hundred') {
      // "two hundred", "nineteen hundred", "hundred" alone: after one word below twenty, or at the start
      if (!(last === 'none' || ((last === 'unit' || last === 'teen') && current < 20))) break;
      current = (current || 1) * 100;
      last = 'hundred';
    } else if (w in SCALES) {
      if (last === 'scale') break;
      total += (current || 1) * SCALES[w]!;
      current = 0;
      last = 'scale';
    } else if (w === 'and' && any && words[j + 1] && words[j + 1] !== 'a' && isNumberWord(words[j + 1]!) && (last === 'hundred' || last === 'scale')) {
      j++;
      continue;
    } else break;
    any = true;
    j++;
  }
  return any ? { value: total + current, next: j } : null;
}

/** Every number said in `text`, in order (digits, number words, decimals with "point", "and a half"). */
export function spokenNumbers(text: string): number[] {
  const words = tokens(text.replace(/(\d),(\d{3})/g, '$1$2').replace(/-/g, ' '));
  const out: number[] = [];
  for (let i = 0; i < words.length;) {
    const w = words[i]!;
    let value: number | null = null;
    let next = i + 1;
    if (/^[-+]?\d+(\.\d+)?$/.test(w)) value = Number(w);
    else {
      const r = readWords(words, i);
      if (r) {
        value = r.value;
        next = r.next;
      }
    }
    if (value === null) {
      i++;
      continue;
    }
    // "twelve point five", "twelve point two five"
    if (words[next] === 'point') {
      let frac = '';
      let k = next + 1;
      for (; k < words.length && (DIGIT_WORD[words[k]!] !== undefined || /^\d+$/.test(words[k]!)); k++) frac += DIGIT_WORD[words[k]!] ?? words[k]!;
      if (frac) {
        value = Number(`${value}.${frac}`);
        next = k;
      }
    }
    if (words[next] === 'and' && words[next + 1] === 'a' && words[next + 2] === 'half') {
      value += 0.5;
      next += 3;
    } else if (words[next] === 'and' && words[next + 1] === 'a' && words[next + 2] === 'quarter') {
      value += 0.25;
      next += 3;
    }
    out.push(value);
    i = next;
  }
  return out;
}

/** The one number said, or null when none or several different ones were said (a guess would be unsure). */
export function spokenNumber(text: string): number | null {
  if (/\b(minus|negative)\b/i.test(text) && !/-\d/.test(text)) {
    const n = spokenNumber(text.replace(/\b(minus|negative)\b/gi, ' '));
    return n === null ? null : -n;
  }
  const all = [...new Set(spokenNumbers(text))];
  return all.length === 1 ? all[0]! : null;
}

/** The sentence with number words and ordinal words as digits ("the fifth at three" -> "the 5th at 3"), for chrono. */
export function digitsInText(text: string): string {
  const words = tokens(text.replace(/-/g, ' '));
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    const w = words[i]!;
    // "twenty first" -> 21st
    if (w in TENS && words[i + 1] && words[i + 1]! in ORDINALS && ORDINALS[words[i + 1]!]! < 10) {
      out.push(`${TENS[w]! + ORDINALS[words[i + 1]!]!}${suffix(TENS[w]! + ORDINALS[words[i + 1]!]!)}`);
      i += 2;
      continue;
    }
    if (w in ORDINALS && (w !== 'second' || words[i - 1] === 'the' || words[i + 1] === 'of')) {
      out.push(`${ORDINALS[w]}${suffix(ORDINALS[w]!)}`);
      i++;
      continue;
    }
    if (w !== 'a' && w !== 'oh') {
      const r = readWords(words, i);
      if (r) {
        out.push(String(r.value));
        i = r.next;
        continue;
      }
    }
    out.push(w);
    i++;
  }
  return out.join(' ');
}

function suffix(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}
