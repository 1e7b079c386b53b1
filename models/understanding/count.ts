/**
 * A number of people, said as people say it: "just me", "only one person", "the two of us", "there will be four of
 * us", "me and my daughter", "a party of four", "two adults and a child". Read only for a field counted in people
 * (its unit names people: "people", "guests", "adults", ...); any other number is read by number.ts alone.
 * Unclear is null, never a guess: "a couple", "a few", "two or three", "me and my kids", "me and" alone, or a total
 * that its parts contradict ("the two of us and my mom") — the field is asked again. A number out of the field's
 * range ("minus three", "zero", "twenty") is read as said: the field's limits refuse it and are said.
 */
import { readWords, spokenNumber } from './number.js';
import { tokens } from './words.js';

/** Units whose singular is not the plural without its "s"; a unit staff write otherwise takes `unitOne`. */
const IRREGULAR: Readonly<Record<string, string>> = { people: 'person', persons: 'person', children: 'child', men: 'man', women: 'woman', feet: 'foot' };

/** "years" -> "year", "people" -> "person"; a unit not ending in a plain "s" ("glass", "kg") is left as it is. */
export function unitSingular(unit: string): string {
  return IRREGULAR[unit.toLowerCase()] ?? unit.replace(/([^s])s$/, '$1');
}

/** Words for one of a group (their singular), each a person; "kid" is a child. */
const SAME: Readonly<Record<string, string>> = { kid: 'child', mum: 'mom', mommy: 'mom', daddy: 'dad', fiancee: 'fiance', wifey: 'wife' };
const canon = (w: string): string => {
  const one = unitSingular(w.replace(/'s$/, ''));
  return SAME[one] ?? one;
};

/** Said with a number, these count people ("two adults", "three friends"); the first ones are anyone at all. */
const ANYONE = new Set(['person', 'guest', 'visitor', 'pax', 'seat']);
const PERSON_NOUNS = new Set([
  ...ANYONE,
  ...['adult', 'child', 'baby', 'infant', 'toddler', 'teen', 'teenager', 'senior', 'friend', 'colleague', 'coworker', 'member', 'patient'],
  ...['client', 'customer', 'student', 'player', 'diner', 'attendee', 'participant', 'man', 'woman', 'boy', 'girl', 'guy', 'lady', 'gentleman'],
  ...['wife', 'husband', 'partner', 'spouse', 'daughter', 'son', 'mom', 'mother', 'dad', 'father', 'sister', 'brother', 'boyfriend'],
  ...['girlfriend', 'fiance', 'boss', 'grandmother', 'grandma', 'grandfather', 'grandpa', 'granny', 'aunt', 'uncle', 'cousin', 'niece'],
  ...['nephew', 'grandson', 'granddaughter', 'grandchild', 'stepson', 'stepdaughter', 'parent', 'sibling', 'roommate', 'neighbor'],
  ...['neighbour', 'classmate', 'assistant', 'client', 'twin', 'bride', 'groom', 'mate', 'buddy', 'companion', 'date', 'other', 'grownup'],
]);
/** People of no count ("a couple", "my family", "us"), and "or" between two counts: never a number. */
const GROUP_WORDS = new Set([
  ...['couple', 'few', 'several', 'some', 'many', 'family', 'team', 'class', 'crew', 'gang', 'bunch', 'lot', 'company', 'household'],
  ...['everyone', 'everybody', 'folks', 'them', 'they', 'us', 'dozens', 'or'],
]);
const JOINS = new Set(['and', 'plus', 'with', '&']);
const SELF = new Set(['me', 'myself']);
const OWNERS = new Set(['my', 'our', 'his', 'her', 'their', 'a', 'an']);
/** Words that say nothing about how many ("it's going to be ..."). */
const FILLERS = new Set(
  [
    ...["it's", 'it', 'is', 'will', 'be', "it'll", 'there', "there's", "there'll", 'are', 'we', "we're", "we'll", 'going', 'gonna', 'to', 'just'],
    ...['only', 'um', 'uh', 'er', 'well', 'so', 'an', 'please', 'thanks', 'thank', 'you', 'today', 'tonight', 'tomorrow', 'this', 'time', 'in', 'total'],
    ...['altogether', 'all', 'together', 'yes', 'yeah', 'okay', 'ok', 'oh', 'hmm', 'booking', 'reservation', 'table', 'the', 'for', 'i', "i'm", "i'll"],
    ...['coming', 'bringing', 'think', 'guess', 'probably', 'about', 'around', 'maybe', 'roughly', 'that', "that's", 'would', 'should', 'say'],
    ...['little', 'young', 'small', 'older', 'younger', 'big', 'baby', 'new', 'best', 'dear', 'old', 'other', 'more', 'extra', 'additional', 'also', 'a', 'an'],
    ...['in', 'law', 'step', 'grown', 'up', 'of', 'mine', 'hers', 'along', 'too', 'as', 'party', 'group', 'need', 'like', "i'd", 'have', 'got'],
  ].filter((w) => !PERSON_NOUNS.has(w)),
);
/** Alone they say "one": "just me", "by myself", "on my own", "solo". */
const ALONE = /\b(?:(?:just|only) (?:me|myself)|(?:me|myself) alone|by myself|on my own|alone|solo|just the one)\b/;

/** A field counted in people: its unit (or the singular staff gave) names people. */
export function isPeopleUnit(unit: string | undefined, unitOne?: string): boolean {
  if (!unit) return false;
  return [unit, unitOne].some((u) => u !== undefined && toWordsOf(u).length === 1 && PERSON_NOUNS.has(canon(toWordsOf(u)[0]!)));
}

const toWordsOf = (s: string) => tokens(s.replace(/-/g, ' '));

type Item =
  | { kind: 'self'; i: boolean }
  /** `party`: said as the whole party ("four of us", "a table for four"); `total`: the whole when said alone ("four people"). */
  | { kind: 'count'; n: number; total: boolean; party: boolean; noun?: string }
  | { kind: 'one' } // a companion: "my daughter", "a friend", "her"
  | { kind: 'unclear' } // "a couple", "my kids", "or"
  | { kind: 'unknown' }; // a word that says nothing known

/** Longer than this is a story, not a count. */
const MAX_WORDS = 30;

/**
 * The number of people said, or null when none was said clearly. `unit` is the field's ("people", "guests"),
 * `unitOne` its singular if staff gave one; "four guests" or "four people" for a field counted in guests.
 */
export function spokenCount(text: string, unit: string, unitOne?: string): number | null {
  let t = ` ${tokens(text.replace(/-/g, ' ').replace(/(\d),(\d{3})/g, '$1$2')).join(' ')} `;
  t = t.replace(/\b(no ?one|nobody) else\b|\b(and )?that('?s| is) (it|all)\b|\bno more\b/g, ' ');
  if (t.trim().split(' ').length > MAX_WORDS || /\b(not|no|nobody|none)\b/.test(t)) return null;
  // A number below zero is read as said, so the field's limits refuse it and say them ("from 1 to 12").
  if (/\b(minus|negative)\b/.test(t)) return spokenNumber(t);
  const whole = new Set(['person', 'guest', ...[unit, unitOne].filter((u): u is string => !!u).map(canon)]);
  t = t.replace(/\bgrown ups?\b/g, 'grownups').replace(/\b(family|household) of\b/g, 'party of');
  const alone = ALONE.test(t);
  t = t.replace(new RegExp(ALONE.source, 'g'), ' ').replace(/\b(the )?both of us\b/g, ' two of us ');
  const words = t.split(' ').filter(Boolean);
  // Segments between joining words ("me | my daughter", "two adults | a child").
  const segments: string[][] = [[]];
  for (const w of words)
    if (JOINS.has(w)) segments.push([]);
    else segments[segments.length - 1]!.push(w);
  const read = segments.map((seg) => readSegment(seg, whole));
  const joined = segments.length > 1;
  const items = read.flat();
  if (items.some((x) => x.kind === 'unclear')) return null;
  // Joined, every part must be people: "me and" alone is not two, "me and the dog" not two either.
  if (joined && read.some((r) => !r.some((x) => x.kind !== 'unknown') || r.some((x) => x.kind === 'unknown'))) return null;
  const counts = items.filter((x): x is Extract<Item, { kind: 'count' }> => x.kind === 'count');
  // Two bare numbers ("one one", "four four") are no count said once.
  if (counts.filter((c) => c.noun === undefined && !c.party).length > 1) return null;
  const companions = items.filter((x) => x.kind === 'one').length;
  // "me" said alone is one; "I" only beside someone ("my husband and I"), never in "I would like ...".
  const unknown = items.some((x) => x.kind === 'unknown');
  const self = alone || items.some((x) => x.kind === 'self' && (joined || (counts.length === 0 && !x.i && !unknown)));
  if (!joined) {
    // Alone, a companion ("my daughter") or an unknown word with no count ("hello") says no number.
    if (companions || (!counts.length && !self)) return null;
  }
  // A field that counts one kind of person ("adults"): a count of another kind, or a companion, is not its number.
  const kind = canon(unitOne ?? unit);
  if (!ANYONE.has(kind) && (joined || companions || counts.some((c) => c.noun !== undefined && c.noun !== kind && !ANYONE.has(c.noun)))) return null;
  // Joined, a count is one part of the party ("me and two friends") unless said as the party ("four of us"); "four
  // people, two adults and two kids" is four: a count of anyone is the party when the rest add up to it.
  const isTotal = (c: Extract<Item, { kind: 'count' }>) => c.party || (c.total && !joined);
  const wholeCounts = joined ? counts.filter((c) => c.total && !c.party && c.noun !== undefined) : [];
  const selfOne = self ? 1 : 0;
  if (wholeCounts.length === 1) {
    const rest = counts.filter((c) => c !== wholeCounts[0]).reduce((a, c) => a + (c.party ? 0 : c.n), 0) + companions + selfOne;
    if (rest === wholeCounts[0]!.n) wholeCounts[0]!.party = true;
  }
  const totals = new Set(counts.filter(isTotal).map((c) => c.n));
  const parts = counts.filter((c) => !isTotal(c)).map((c) => c.n);
  const hasParts = parts.length > 0 || companions > 0 || self;
  const sum = parts.reduce((a, b) => a + b, 0) + companions + selfOne;
  if (totals.size > 1) return null;
  if (totals.size === 1) {
    const total = [...totals][0]!;
    return !hasParts || sum === total ? total : null;
  }
  return hasParts ? sum : null;
}

const MODIFIERS = new Set(['other', 'more', 'extra', 'additional', 'little', 'young', 'small', 'grown', 'up', 'adult']);

/** What one segment says: counts, "me", a companion, something unclear, or words it does not know. */
function readSegment(seg: string[], whole: Set<string>): Item[] {
  const out: Item[] = [];
  for (let i = 0; i < seg.length;) {
    const w = seg[i]!;
    const num = /^\d+(\.\d+)?$/.test(w) ? { value: Number(w), next: i + 1 } : w === 'oh' ? null : readWords(seg, i);
    if (num) {
      let k = num.next;
      while (k < seg.length && MODIFIERS.has(seg[k]!) && seg[k + 1] && isPersonWord(seg[k + 1]!)) k++;
      const next = seg[k];
      const before = seg.slice(Math.max(0, i - 2), i).join(' ');
      if (next === 'of' && seg[k + 1] === 'us') {
        out.push({ kind: 'count', n: num.value, total: true, party: true });
        i = k + 2;
        continue;
      }
      const person = next !== undefined && isPersonWord(next);
      // "one people", "one children": not how one is said (noise heard as "one"); how many?
      if (person && num.value === 1 && unitSingular(next) !== next) {
        out.push({ kind: 'unclear' });
        i = k + 1;
        continue;
      }
      const party = /\b(party|group|table|booking|reservation) (of|for)$/.test(before);
      // "four people" is the party; "two adults" a part of it (unless the field counts adults)
      out.push({ kind: 'count', n: num.value, total: party || !person || whole.has(canon(next)), party, ...(person ? { noun: canon(next) } : {}) });
      i = person ? k + 1 : num.next;
      continue;
    }
    if (w === 'us' && seg[i + 1] !== undefined && readWords(seg, i + 1)) {
      const r = readWords(seg, i + 1)!; // "us two"
      out.push({ kind: 'count', n: r.value, total: true, party: true });
      i = r.next;
      continue;
    }
    if (SELF.has(w) || w === 'i') out.push({ kind: 'self', i: w === 'i' });
    else if (GROUP_WORDS.has(w)) out.push({ kind: 'unclear' });
    else if (w === 'him' || (w === 'her' && !(seg[i + 1] !== undefined && isPersonWord(seg[i + 1]!)))) out.push({ kind: 'one' });
    else if (isPersonWord(w)) {
      // "my daughter", "a friend": one; "my kids", "friends": how many? ("my daughter's friend" is the one read first)
      const plural = unitSingular(w) !== w && w !== 'baby';
      if (plural) out.push({ kind: 'unclear' });
      else if (out[out.length - 1]?.kind !== 'one') out.push({ kind: 'one' });
    } else if (!FILLERS.has(w) && !OWNERS.has(w)) out.push({ kind: 'unknown' });
    i++;
  }
  return out;
}

function isPersonWord(w: string): boolean {
  return PERSON_NOUNS.has(canon(w));
}
