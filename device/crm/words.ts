/**
 * Words as the tag matcher compares them: lower-case, split on anything that is not a letter or digit, stop words
 * dropped, each reduced to its Porter stem (the `stemmer` package), so "coloring", "colored" and "color" are one word.
 */
import { stemmer } from 'stemmer';

/** Words that carry no meaning for a tag ("interested in a haircut" is about the haircut). */
const STOP_WORDS = new Set(
  (
    "a an the and or but i im i'm me my mine we us our you your to for of in on at by with from into about is am are was were be been " +
    'being it its this that these those some any do did does done have has had get got would could should can will shall may might ' +
    'just please like want wanted wanting need so too very also then there here what which who whom how when where why maybe ' +
    'yes yeah um uh oh okay ok hi hello thanks thank'
  ).split(/\s+/),
);

/** The stems of a text's meaningful words, in order (duplicates kept). */
export function stemsOf(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
  const out: string[] = [];
  for (const w of words) {
    if (STOP_WORDS.has(w)) continue;
    out.push(stemmer(w.replace(/'/g, '')));
  }
  return out;
}
