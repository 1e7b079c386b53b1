/**
 * What a question is about, as concepts: the words said, stemmed ("walk-ins" and "walk in" alike), with the words
 * people use for the same thing brought to one concept ("drugstore" and "pharmacy", "sign up" and "join") and each
 * of the business's services one concept under its name and synonyms (a profile that lists "toothache" for its
 * emergency visit makes "toothache" mean that service). Words that carry no topic ("do you", "take", "have",
 * "help") are left out, so a question and a staff-written FAQ phrasing meet on what they are about.
 */
import { stemmer } from 'stemmer';
import { tokens } from '../../models/understanding/index.js';
import type { BusinessProfile } from './business-schema.js';

/**
 * Words for the same thing across businesses that take walk-in visitors (clinics, offices, gyms, salons, garages,
 * shops), one group a line: general English, not any one business's words. The first is the concept's name.
 */
const THESAURUS: readonly (readonly string[])[] = [
  [
    'appointment',
    'appointments',
    'booking',
    'book',
    'booked',
    'reservation',
    'reserve',
    'schedule',
    'walk in',
    'walk ins',
    'walkin',
    'walk-in',
    'slot',
    'drop in',
    'drop by',
    'pop in',
  ],
  ['after hours', 'out of hours', 'at night', 'overnight', 'in the night', 'middle of the night'],
  ['card', 'cards', 'credit', 'debit', 'contactless', 'apple pay', 'google pay'],
  ['insurance', 'insurer', 'insurers', 'coverage', 'covered', 'cover', 'medicare', 'medicaid', 'insured'],
  ['installment', 'installments', 'instalment', 'instalments', 'monthly', 'payment plan', 'payment plans', 'financing', 'finance', 'spread the cost'],
  ['price', 'prices', 'cost', 'costs', 'fee', 'fees', 'charge', 'charges', 'rate', 'rates', 'pricing'],
  ['join', 'joining', 'sign up', 'signup', 'sign-up', 'enroll', 'enrol', 'register', 'registration', 'enrollment'],
  ['cancel', 'cancellation', 'cancelling', 'canceling', 'quit', 'terminate'],
  ['child', 'children', 'kid', 'kids', 'toddler', 'toddlers', 'baby', 'babies', 'infant', 'minors'],
  ['childcare', 'child care', 'daycare', 'day care', 'creche', 'babysitting', 'kids club', "kids' club", 'nursery'],
  ['nearby', 'near', 'near by', 'close by', 'close to here', 'closest', 'nearest', 'around the corner', 'next door', 'local'],
  ['pharmacy', 'drugstore', 'drug store', 'chemist', 'chemists', 'apothecary'],
  ['toilet', 'toilets', 'restroom', 'restrooms', 'bathroom', 'bathrooms', 'washroom', 'loo', 'lavatory'],
  ['accessible', 'accessibility', 'wheelchair', 'wheelchairs', 'step free', 'step-free', 'ramp', 'disabled', 'disability', 'mobility'],
  ['pool', 'swimming', 'swim', 'swimming pool'],
  ['wifi', 'wi-fi', 'wi fi', 'internet', 'wireless'],
  ['warranty', 'warranties', 'guarantee', 'guarantees', 'guaranteed'],
  ['loaner', 'loaners', 'courtesy car', 'rental car', 'replacement car', 'borrow', 'lend', 'loan'],
  ['repair', 'repairs', 'fix', 'fixed', 'fixing', 'mend', 'work on', 'service my'],
  ['electric', 'ev', 'evs', 'hybrid', 'hybrids', 'plug-in'],
  ['document', 'documents', 'paperwork', 'papers', 'paper', 'forms', 'form', 'id', 'identification'],
  ['result', 'results', 'report', 'reports'],
  ['patient', 'patients', 'client', 'clients', 'customer', 'customers'],
  ['product', 'products', 'shampoo', 'conditioner', 'retail'],
  ['pet', 'pets', 'dog', 'dogs', 'puppy', 'puppies', 'cat', 'cats', 'kitten', 'kittens', 'animal', 'animals'],
  ['gift', 'gift card', 'gift cards', 'voucher', 'vouchers', 'gift certificate'],
  ['discount', 'discounts', 'promotion', 'promotions', 'promo', 'coupon', 'coupons', 'special offer', 'special offers'],
  ['wait', 'waiting', 'wait time', 'how long', 'queue', 'line'],
  ['refund', 'refunds', 'money back'],
  ['language', 'languages', 'spanish', 'french', 'speak english', 'interpreter', 'translator'],
  ['emergency', 'emergencies', 'urgent', 'urgently', 'same day', 'same-day'],
  ['cash', 'cash only'],
  ['drink', 'drinks', 'coffee', 'water', 'tea'],
];

/** Words with no topic of their own (question words, helpers, verbs of doing business). */
const STOP = new Set(
  (
    'a an the and or but to of in on at for with from by about into over after before up out off ' +
    'i me my mine myself we us our you your yours yourself he she it its they them their this that these those ' +
    'do does did done doing is are was were be been being am will would can could should shall may might must ' +
    'have has had having get gets got getting take takes took make makes made give gives go goes going come ' +
    'what when where which who whom whose why how whats wheres whens hows there here any some much many ' +
    'just really actually also please thanks thank um uh oh so well okay ok hi hello hey sorry excuse ' +
    'offer offers provide provides treat treats see sees accept accepts handle handles serve serves deal ' +
    'help need needs want wants like know tell let thing things something anything someone anyone work happen happens ' +
    'guys yall ya all if not no yes still ever usually also then than too very more most'
  ).split(' '),
);

/** A concept's id: a thesaurus group's first word, or `svc:<index>` for a service. */
type Concept = string;

interface Phrase {
  stems: string[];
  concept: Concept;
}

const stemOf = (w: string): string => stemmer(w.replace(/'s$|'/g, ''));

/** Words as said, lower case, hyphens and slashes as spaces, possessives kept as the word. */
function words(text: string): string[] {
  return tokens(text.replace(/[-/]/g, ' '))
    .map((w) => w.replace(/[^a-z0-9']/g, ''))
    .filter(Boolean);
}

function phrasesOf(group: readonly string[], concept: Concept): Phrase[] {
  return group.map((p) => ({ stems: words(p).map(stemOf), concept })).filter((p) => p.stems.length > 0);
}

const THESAURUS_PHRASES: Phrase[] = THESAURUS.flatMap((g) => phrasesOf(g, g[0]!));

/** The phrases a business's services add: each service one concept under its name and synonyms. */
export function servicePhrases(profile: BusinessProfile): Phrase[] {
  return profile.services.flatMap((s, i) => phrasesOf([s.name, ...s.synonyms], `svc:${i}`));
}

/**
 * The concepts of `text`, in order: phrases of the business's services first (its own words), then the thesaurus,
 * longest first; the other words stemmed; words with no topic left out.
 */
export function conceptsOf(text: string, extra: readonly Phrase[] = []): string[] {
  const stems = words(text).map(stemOf);
  const table = [...extra, ...THESAURUS_PHRASES].sort((a, b) => b.stems.length - a.stems.length);
  const out: string[] = [];
  const raw = words(text);
  for (let i = 0; i < stems.length;) {
    const hit = table.find((p) => p.stems.every((s, k) => stems[i + k] === s));
    if (hit) {
      out.push(hit.concept);
      i += hit.stems.length;
      continue;
    }
    const w = raw[i]!.replace(/'s$|'/g, '');
    if (!STOP.has(w) && !STOP.has(raw[i]!) && w.length > 1) out.push(stems[i]!);
    i++;
  }
  return out;
}

/**
 * Whether two concepts are one: equal, or one a word of its own at the end of the other ("haircut" and "cut"; not
 * "women" and "men": what is left before it must be a word too).
 */
function same(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.includes(':') || b.includes(':')) return false;
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return short.length >= 3 && long.length - short.length >= 3 && long.endsWith(short);
}

const hasConcept = (set: readonly string[], c: string) => set.some((s) => same(s, c));

export interface FaqMatch {
  index: number;
  /** Of the best phrasing's concepts, the share the question holds. */
  recall: number;
  /** Of the question's concepts, the share the entry (its phrasings and its answer) holds. */
  precision: number;
  /** How many of the question's concepts the entry holds. */
  shared: number;
}

/** The FAQ entry the question is most about, or null when it shares nothing with any. */
export function bestFaq(text: string, profile: BusinessProfile): FaqMatch | null {
  const extra = servicePhrases(profile);
  const said = [...new Set(conceptsOf(text, extra))];
  if (!said.length) return null;
  // A service said by a synonym ("toothache") is also what its name's words are ("emergency"), as an entry may say.
  const named = (c: string): string[] => (c.startsWith('svc:') ? [c, ...conceptsOf(profile.services[Number(c.slice(4))]!.name)] : [c]);
  const holds = (set: readonly string[], c: string) => named(c).some((x) => hasConcept(set, x));
  let best: FaqMatch | null = null;
  profile.faq.forEach((entry, index) => {
    const phrasings = entry.phrasings.map((p) => [...new Set(conceptsOf(p, extra))]).filter((p) => p.length);
    const all = [...phrasings.flat(), ...conceptsOf(entry.answer, extra)];
    const recall = Math.max(0, ...phrasings.map((p) => p.filter((c) => said.some((x) => c === x || holds([c], x))).length / p.length));
    const shared = said.filter((c) => holds(all, c)).length;
    const m = { index, recall, precision: shared / said.length, shared };
    if (shared && (!best || m.recall + m.precision > best.recall + best.precision)) best = m;
  });
  return best;
}

/**
 * The service a question names, by its name or a synonym: the one whose words the question holds the largest
 * share of (at least half), the most words on a tie ("blow dry" is the blow dry, not the cut and blow dry).
 */
export function serviceAsked(text: string, profile: BusinessProfile): number | null {
  const named = serviceNamed(text, profile);
  if (named !== null) return named;
  const said = conceptsOf(text);
  let best: { i: number; share: number; n: number } | null = null;
  profile.services.forEach((s, i) => {
    for (const name of [s.name, ...s.synonyms]) {
      const want = conceptsOf(name);
      if (!want.length) continue;
      const n = want.filter((c) => hasConcept(said, c)).length;
      const share = n / want.length;
      if (share >= 0.5 && (!best || share > best.share || (share === best.share && n > best.n))) best = { i, share, n };
    }
  });
  return best === null ? null : (best as { i: number }).i;
}

/**
 * The service whose name or synonym is said word for word, the longest such name. A name that is also a common
 * little word ("will", "pass") counts only after a/an/the/my/your: "what do you charge for a will", not "what will
 * a divorce cost".
 */
function serviceNamed(text: string, profile: BusinessProfile): number | null {
  const t = ` ${words(text).join(' ')} `;
  let best: { i: number; n: number } | null = null;
  profile.services.forEach((s, i) => {
    for (const name of [s.name, ...s.synonyms]) {
      const w = words(name).filter((x, k) => k > 0 || !['a', 'an', 'the', 'some'].includes(x));
      if (!w.length) continue;
      const phrase = w.join(' ');
      const found = w.length === 1 && STOP.has(w[0]!) ? new RegExp(` (?:a|an|the|my|your|our) ${phrase} `).test(t) : t.includes(` ${phrase} `);
      if (found && (!best || w.length > best.n)) best = { i, n: w.length };
    }
  });
  return best === null ? null : (best as { i: number }).i;
}

/**
 * The words a question about a FAQ entry may use for what it is about: for each concept of its phrasings, the
 * thesaurus group's words ("walk ins" for an entry about appointments) or the words as staff wrote them. For the
 * speech grammars, so what the text side maps to an entry can also be heard.
 */
export function faqTopicWords(profile: BusinessProfile): string[] {
  const out = new Set<string>();
  for (const entry of profile.faq) {
    for (const p of entry.phrasings) {
      const raw = words(p);
      for (const w of raw) {
        const stem = stemOf(w);
        const group = THESAURUS.find((g) => g.some((x) => words(x).length === 1 && stemOf(x) === stem));
        if (group) for (const x of group) out.add(words(x).join(' '));
        else if (!STOP.has(w) && w.length > 2) out.add(w);
      }
    }
  }
  return [...out].filter(Boolean);
}

/** How many of the question's concepts a text (the address, the parking note) holds. */
export function sharedWith(text: string, other: string): { shared: number; of: number } {
  const said = [...new Set(conceptsOf(text))];
  const there = conceptsOf(other);
  return { shared: said.filter((c) => hasConcept(there, c)).length, of: said.length };
}
