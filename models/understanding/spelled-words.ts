/**
 * Words a spelling may have meant. The recognizer hears letter names badly (the e-set b c d e g p t v z differs by
 * one consonant; m and n; a, h, j and k share a vowel), so spelled letters often come back one or two letters off a
 * real word: "n g u i n" for "n g u y e n", "k a w k l s k i" for "k o w a l s k i". These are the written words
 * near what was heard, cheaply where the letters sound alike; the recognizer then chooses among them by sound.
 */
import { NATO } from './spelling.js';

/** Letters whose names sound alike, by their shared sound. */
const ALIKE: string[] = ['bcdegptvz', 'ahjk', 'mn', 'fsx', 'iy', 'quw', 'ol', 'r'];
/** Group of each letter by char code (-1: none). */
const GROUP_OF = new Int8Array(128).fill(-1);
ALIKE.forEach((g, i) => [...g].forEach((l) => (GROUP_OF[l.charCodeAt(0)] = i)));

/** Hearing a letter that sounds like the one spelled. */
const ALIKE_COST = 0.4;
/** A letter lost (a double letter, or one run into the letter before it, is cheap to lose). */
const DROP = 0.8;
const DROP_REPEAT = 0.3;
/** A letter heard that was not spelled. */
const INSERT = 0.8;

/** Two rows of the edit-distance table, reused (words are short: at most 20 letters). */
const ROW_A = new Float64Array(64);
const ROW_B = new Float64Array(64);

/**
 * The cost of hearing `heard` where `word` was spelled: a weighted edit distance, or Infinity once over `limit`.
 */
export function spellingDistance(word: string, heard: string, limit = Infinity): number {
  if (heard.length >= ROW_A.length) return Infinity;
  let prev = ROW_A;
  let cur = ROW_B;
  for (let j = 0; j <= heard.length; j++) prev[j] = j * INSERT;
  for (let i = 1; i <= word.length; i++) {
    const w = word.charCodeAt(i - 1);
    const drop = i > 1 && w === word.charCodeAt(i - 2) ? DROP_REPEAT : DROP;
    cur[0] = prev[0]! + drop;
    let best = cur[0];
    for (let j = 1; j <= heard.length; j++) {
      const h = heard.charCodeAt(j - 1);
      const sub = prev[j - 1]! + (w === h ? 0 : GROUP_OF[w] === GROUP_OF[h] ? ALIKE_COST : 1);
      const v = Math.min(prev[j]! + drop, cur[j - 1]! + INSERT, sub);
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > limit) return Infinity;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[heard.length]!;
}

/** Words indexed by length, for `nearWords`. */
export class WordIndex {
  private readonly byLength = new Map<number, string[]>();

  constructor(words: Iterable<string>) {
    for (const w of words) {
      if (!/^[a-z]{2,20}$/.test(w)) continue;
      let list = this.byLength.get(w.length);
      if (!list) this.byLength.set(w.length, (list = []));
      list.push(w);
    }
  }

  /** Words of length `from`..`to`. */
  *ofLength(from: number, to: number): Generator<string> {
    for (let n = Math.max(2, from); n <= to; n++) yield* this.byLength.get(n) ?? [];
  }
}

export interface NearWord {
  word: string;
  cost: number;
}

/** Most letters a word may be off what was heard: about one in four, alike-sounding letters counting less. */
const limitFor = (length: number): number => 0.5 + length * 0.25;

function nearest(index: WordIndex, heard: string, limit: number, keep: number): NearWord[] {
  const found: NearWord[] = [];
  const first = GROUP_OF[heard.charCodeAt(0)];
  for (const word of index.ofLength(heard.length - 2, heard.length + 2)) {
    // The first letter is heard as itself or one that sounds like it (a word's start is said clearly).
    if (GROUP_OF[word.charCodeAt(0)] !== first) continue;
    const cost = spellingDistance(word, heard, limit);
    if (cost <= limit) found.push({ word, cost });
  }
  return found.sort((a, b) => a.cost - b.cost || a.word.localeCompare(b.word)).slice(0, keep);
}

/**
 * Written words near the spelled letters `heard` (one word, letters only), nearest first: single words, and with
 * `compounds` two words run together ("bright" + "smile" for a domain), each part near its own share of the letters.
 * At most `keep`; `heard` itself is never among them (it is what the recognizer already chose).
 */
export function nearWords(index: WordIndex, heard: string, opts: { compounds?: boolean; keep?: number } = {}): NearWord[] {
  const keep = opts.keep ?? 30;
  const limit = limitFor(heard.length);
  const out = new Map<string, number>();
  for (const n of nearest(index, heard, limit, keep)) out.set(n.word, n.cost);
  if (opts.compounds)
    for (let k = 3; k <= heard.length - 3; k++) {
      const heads = nearest(index, heard.slice(0, k), limitFor(k), 4).filter((h) => h.word.length >= 3);
      if (!heads.length) continue;
      const tails = nearest(index, heard.slice(k), limitFor(heard.length - k), 4).filter((t) => t.word.length >= 3);
      for (const h of heads)
        for (const t of tails) {
          const cost = h.cost + t.cost;
          const word = h.word + t.word;
          if (cost <= limit && cost < (out.get(word) ?? Infinity)) out.set(word, cost);
        }
    }
  out.delete(heard);
  return [...out]
    .map(([word, cost]) => ({ word, cost }))
    .sort((a, b) => a.cost - b.cost || a.word.localeCompare(b.word))
    .slice(0, keep);
}

/** Top levels said as a word after "dot" at the end of a spelled domain. */
const TOP_LEVELS = new Set(['com', 'net', 'org', 'edu', 'gov', 'info', 'biz', 'me', 'io', 'co', 'uk', 'us', 'ca', 'de', 'fr']);

/**
 * Words the recognizer puts among plain spelled letters for letters that run together: a NATO word ("d e s" heard
 * "yankee", "s" heard "sierra"), "eight" for "a" in an email, "okay" for "o k a". Read as their letters here.
 */
const RUN_WORDS: Record<string, string> = { ...NATO, eight: 'a', okay: 'oka' };

/** One part of a spelled hearing: a run of letters (one written word), or words between them said as they are. */
export type SpelledPart = { letters: string; said: string[] } | { said: string[] };

/** Said between spelled words: "space" and a comma in a name, the symbols, digits and top levels of an email. */
const BETWEEN: Record<'name' | 'email', Set<string>> = {
  name: new Set(['space', ',']),
  email: new Set(['at', 'dot', 'underscore', 'dash', 'plus', 'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', ...TOP_LEVELS]),
};

/**
 * A hearing of spelled letters cut into its written words: runs of letters (NATO words and the like read as
 * letters, see RUN_WORDS) and the words said between them ("space", "at", "dot com"). Null where anything else was
 * heard ("as in", "double", the answer said in words): such a hearing is not rescored.
 */
export function spelledParts(text: string, as: 'name' | 'email'): SpelledPart[] | null {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const parts: SpelledPart[] = [];
  let run: { letters: string; said: string[] } | undefined;
  for (const w of words) {
    // "dot com" after a run: the top level said as a word ("com" is no letter run even when "c o m" is spelled).
    const letter = /^[a-z]$/.test(w) ? w : RUN_WORDS[w];
    if (letter !== undefined && !(as === 'email' && w === 'eight' && !run)) {
      if (!run) parts.push((run = { letters: '', said: [] }));
      run.letters += letter;
      run.said.push(w);
      continue;
    }
    if (!BETWEEN[as].has(w)) return null;
    run = undefined;
    const last = parts[parts.length - 1];
    if (last && !('letters' in last)) last.said.push(w);
    else parts.push({ said: [w] });
  }
  // A top level spelled after a dot ("dot c o m") is no word to look for; nor a run of fewer than two letter names
  // ("okay" alone is a yes, NATO words alone are heard well enough as they are).
  const kept = parts.map((p, i) => {
    const before = parts[i - 1]?.said;
    const plain = p.said.filter((w) => /^[a-z]$/.test(w)).length;
    return 'letters' in p && ((before?.[before.length - 1] === 'dot' && TOP_LEVELS.has(p.letters)) || plain < 2) ? { said: p.said } : p;
  });
  return kept.some((p) => 'letters' in p) ? kept : null;
}
