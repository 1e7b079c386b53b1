/** A person's name from "my name is Ana Lopez", "I'm Ana", "it's Ana Lopez", or just "Ana Lopez". */
import { afterLeadIn, leadInWords } from './leads.js';
import { hasUnknownWord } from './unknown.js';
import { tokens } from './words.js';

/** Lead-ins, longest first; also found after words the leads list does not know ("um, so my name is Ana"). */
const LEADS = [['my', 'name', "'s"], ...leadInWords('name')].sort((a, b) => b.length - a.length);
const DROP = new Set(['um', 'uh', 'er', 'hi', 'hello', 'hey', 'yes', 'yeah', 'okay', 'sure', 'well', 'oh', 'please', 'thanks', 'thank', 'you']);

function titleCase(w: string): string {
  return w
    .split(/([-'])/)
    .map((p) => (p === '-' || p === "'" ? p : p.charAt(0).toUpperCase() + p.slice(1)))
    .join('');
}

/** Returns a title-cased name, or null when nothing name-like was said. */
export function spokenName(text: string): string | null {
  if (hasUnknownWord(text)) return null;
  let words = afterLeadIn(
    tokens(text).filter((w) => /^[a-z][a-z'-]*$/.test(w)),
    'name',
  );
  while (words.length && DROP.has(words[0]!)) words = words.slice(1);
  for (const lead of LEADS) {
    const at = indexOfSeq(words, lead);
    if (at >= 0) {
      words = words.slice(at + lead.length);
      break;
    }
  }
  words = words.filter((w) => !DROP.has(w) && w !== 'and');
  // Spelled names ("a n a lopez"): join runs of single letters into one word.
  const joined: string[] = [];
  let spelling = false;
  for (const w of words) {
    if (w.length === 1 && spelling) joined[joined.length - 1] += w;
    else {
      joined.push(w);
      spelling = w.length === 1;
    }
  }
  const name = joined.slice(0, 4).map(titleCase).join(' ').trim();
  return name.length >= 2 ? name : null;
}

function indexOfSeq(words: string[], seq: string[]): number {
  outer: for (let i = 0; i + seq.length <= words.length; i++) {
    for (let j = 0; j < seq.length; j++) if (words[i + j] !== seq[j]) continue outer;
    return i;
  }
  return -1;
}
