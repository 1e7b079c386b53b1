/**
 * The CMU pronouncing dictionary shipped with pocketsphinx-en-us, read once, and pronunciations for words it lacks:
 * a split into known words ("frontdesk" = front + desk), else the letter-to-phone rules.
 */
import { readFileSync } from 'node:fs';
import { letterToPhones } from './g2p.js';

export const DEFAULT_DICT = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

export class PronouncingDictionary {
  private readonly words = new Map<string, string>();

  constructor(path = DEFAULT_DICT) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const sp = line.indexOf(' ');
      if (sp <= 0) continue;
      const word = line.slice(0, sp);
      if (word.endsWith(')')) continue; // alternates "word(2)": the first pronunciation is enough to look up
      this.words.set(word, line.slice(sp + 1).trim());
    }
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  lookup(word: string): string | undefined {
    return this.words.get(word);
  }

  /** Whether `word` is a dictionary word, or with `compounds` two or three of them run together ("brightsmile"). */
  isWord(word: string, compounds = false): boolean {
    const w = word.toLowerCase();
    return this.words.has(w) || (compounds && this.compound(w) !== undefined);
  }

  /** Every word the dictionary spells (alternate pronunciations once). */
  spellings(): IterableIterator<string> {
    return this.words.keys();
  }

  /** Pronunciation for any word: dictionary, compound of dictionary words, or letter rules. */
  phonesFor(word: string): string {
    const w = word.toLowerCase();
    return this.lookup(w) ?? this.compound(w) ?? letterToPhones(w);
  }

  private compound(w: string): string | undefined {
    // Two or three known parts of 3+ letters each, longest first part first.
    for (let i = w.length - 3; i >= 3; i--) {
      const head = this.words.get(w.slice(0, i));
      if (!head) continue;
      const tail = this.words.get(w.slice(i));
      if (tail) return `${head} ${tail}`;
      for (let j = w.length - 3; j >= i + 3; j--) {
        const mid = this.words.get(w.slice(i, j));
        const end = this.words.get(w.slice(j));
        if (mid && end) return `${head} ${mid} ${end}`;
      }
    }
    return undefined;
  }

  /** Entries to add to a decoder for the words neither the dictionary nor `alreadyAdded` knows; adds them there. */
  missing(words: Iterable<string>, alreadyAdded: Set<string>): [string, string][] {
    const out: [string, string][] = [];
    for (const w of new Set(words)) {
      if (this.has(w) || alreadyAdded.has(w)) continue;
      alreadyAdded.add(w);
      out.push([w, this.phonesFor(w)]);
    }
    return out;
  }
}

let shared: PronouncingDictionary | undefined;
/** The default dictionary, loaded on first use (~0.2 s). */
export function defaultDictionary(): PronouncingDictionary {
  shared ??= new PronouncingDictionary();
  return shared;
}
