/**
 * JSGF grammars per expectation (what the robot just asked). Each returns the grammar text and every word it uses,
 * so the engine can add the words the dictionary lacks before loading it. `free` has no grammar: the n-gram LM.
 * Results are words as spoken ("five five five ...", "j o h n at gmail dot com"); turning them into a phone
 * number or an address is the understanding layer's job.
 */
import { createHash } from 'node:crypto';
import type { CorrectionTarget, Expectation } from '../../speech.js';
import { ACKNOWLEDGEMENTS, GREETINGS, isSayableDomain, LEAD_INS, NO_ANSWERS, UNKNOWN_WORD, YES_ANSWERS } from '../../understanding/index.js';
import { isPeopleUnit, unitSingular } from '../../understanding/count.js';
import { numberToWords } from '../../tts/normalize.js';

export interface GrammarSpec {
  /** Search label reported in SttResult.search, e.g. 'jsgf:digits'. */
  label: string;
  /** Unique per content, so an unchanged grammar is compiled once. */
  name: string;
  jsgf: string;
  words: string[];
  /** Words with their own pronunciation (ARPAbet), not looked up: the stand-ins for unknown words (OOV_WORDS). */
  pronounce?: [string, string][];
}

export const DIGIT_WORDS = ['zero', 'oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'double', 'triple'];
export const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');
export const YES_PHRASES = YES_ANSWERS;
export const NO_PHRASES = NO_ANSWERS;
/** Common first names and surnames the name grammar always knows (configured names are added per visit). */
export const COMMON_NAMES = [
  'james',
  'john',
  'robert',
  'michael',
  'william',
  'david',
  'richard',
  'joseph',
  'thomas',
  'charles',
  'daniel',
  'matthew',
  'anthony',
  'mark',
  'paul',
  'steven',
  'andrew',
  'kevin',
  'brian',
  'george',
  'mary',
  'patricia',
  'jennifer',
  'linda',
  'elizabeth',
  'barbara',
  'susan',
  'jessica',
  'sarah',
  'karen',
  'lisa',
  'nancy',
  'betty',
  'sandra',
  'ashley',
  'emily',
  'michelle',
  'amanda',
  'melissa',
  'laura',
  'anna',
  'maria',
  'emma',
  'olivia',
  'sophia',
  'smith',
  'johnson',
  'williams',
  'brown',
  'jones',
  'garcia',
  'miller',
  'davis',
  'rodriguez',
  'martinez',
  'wilson',
  'anderson',
  'taylor',
  'thomas',
  'moore',
  'jackson',
  'martin',
  'lee',
  'white',
  'harris',
  'clark',
  'lewis',
  'walker',
  'hall',
  'young',
  'king',
  'wright',
  'lopez',
  'hill',
  'green',
  'adams',
  'baker',
  'nelson',
  'carter',
];

/**
 * Stand-ins for a word the grammar does not know: one "word" per phone, looped. Said where a name or a domain goes,
 * audio that no listed word fits is heard as a run of these instead of the nearest listed word; each phone pays the
 * word insertion penalty, so a listed word that fits still wins. The engine reports a run of them as the one word
 * UNKNOWN_WORD (markUnknownWords). Sixteen phones, one or two per broad class, not the model's 39: measured on
 * rendered unlisted surnames and own domains (test/voice/oov.test.ts, flite:rms, clean and 15 dB) both sets caught
 * about as many (names wrong-and-sure 1 vs 2 of 24, emails 3 vs 3), while the whole-utterance pass of a name cost
 * 2.9x the time without stand-ins with 39 phones and 1.5x with 16 (single-phone words fan out to every context).
 */
export const OOV_PHONES = 'AA AE IY UW ER OW T K D F S SH M N L R'.split(' ');
export const OOV_WORDS: [string, string][] = OOV_PHONES.map((p) => [`oov_${p.toLowerCase()}`, p]);

/** A hearing with each run of OOV_WORDS as the one word UNKNOWN_WORD. */
export function markUnknownWords(text: string): string {
  return text.replace(/\boov_[a-z]+(?:\s+oov_[a-z]+)*\b/g, UNKNOWN_WORD);
}
/** The rules a grammar adds to hear an unknown word: two phones or more. */
function oovRules(rules: Record<string, string>): string {
  rules.oovph = `( ${OOV_WORDS.map(([w]) => w).join(' | ')} )`;
  rules.oov = '<oovph> <oovph> +';
  return '<oov>';
}

/** Lower-case words a recognizer can use: digits spelled, punctuation dropped. */
export function toWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\d+/g, (d) => ` ${Number(d) < 1e12 ? numberToWords(Number(d)) : d} `)
    .replace(/[^a-z' ]+/g, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter(Boolean);
}

function alt(phrases: string[]): string {
  const uniq = [...new Set(phrases.map((p) => toWords(p).join(' ')).filter(Boolean))];
  return uniq.length === 1 ? (uniq[0] as string) : `( ${uniq.join(' | ')} )`;
}

/**
 * The lead-in before an answer (models/understanding/leads.ts): an optional acknowledgement and an optional phrase.
 * Measured on the voice-visit answers (84 per field: both sets, clean and 15 dB SNR) said after lead-ins the
 * grammars did not know before ("sure", "you can reach me at", "send it to", "hello, i'm", ...): phones 33 -> 55 of
 * 84 exact, names 32 -> 58, emails 36 -> 75 (with the parser dropping the lead-in); the answers as scripted about
 * the same (phones 71 -> 70, names 76 -> 79, emails 75 -> 74).
 */
function leadIn(rules: Record<string, string>, field: keyof typeof LEAD_INS, greetings = false): string {
  rules.ack = alt([...ACKNOWLEDGEMENTS]);
  rules.pre = alt([...LEAD_INS[field]]);
  if (!greetings) return '[ <ack> ] [ <pre> ]';
  // A greeting only before a lead-in ("hi, i'm ana"): alone, "hello" took the place of "robert" in noise.
  rules.greet = alt([...GREETINGS]);
  return '[ <ack> ] [ [ <greet> ] <pre> ]';
}

function build(kind: string, rules: Record<string, string>, pub: string): GrammarSpec {
  const body = Object.entries(rules)
    .map(([name, rhs]) => `${name === pub ? 'public ' : ''}<${name}> = ${rhs} ;`)
    .join('\n');
  const jsgf = `#JSGF V1.0;\ngrammar ${kind};\n${body}\n`;
  const words = [
    ...new Set(
      Object.values(rules)
        .join(' ')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\/[0-9.]+\//g, ' ')
        .replace(/[()|[\]+*;]/g, ' ')
        .split(/\s+/)
        .filter(Boolean),
    ),
  ];
  const hash = createHash('sha1').update(jsgf).digest('hex').slice(0, 10);
  return { label: `jsgf:${kind}`, name: `${kind}-${hash}`, jsgf, words };
}

/** A phone number shape: groups of n digits, or literal words (a country code as said, e.g. 'one'). */
export type PhoneShape = (number | string)[];
/** Default North American shapes: 3-3-4, "one" 3-3-4, and 3-4. */
export const NANP_PHONE_GROUPS: PhoneShape[] = [
  [3, 3, 4],
  ['one', 3, 3, 4],
  [3, 4],
];

/** Ways to say n digits: single digits, "double x" (2) and "triple x" (3), e.g. 3 -> d d d | double d d | ... */
function groupRule(n: number, doubles: boolean): string {
  const out: string[] = [];
  const walk = (left: number, parts: string[]) => {
    if (left === 0) return void out.push(parts.join(' '));
    walk(left - 1, [...parts, '<digit>']);
    if (doubles && left >= 2) walk(left - 2, [...parts, 'double <digit>']);
    if (doubles && left >= 3) walk(left - 3, [...parts, 'triple <digit>']);
  };
  walk(n, []);
  return out.length === 1 ? (out[0] as string) : `( ${out.join(' | ')} )`;
}

/**
 * Phone numbers with their exact shape (groups of digits): measured on rendered speech at 15 dB babble, the shaped
 * grammar got 33/40 numbers exact against 19/40 for a free loop of digits (which inserts digits in noise), and
 * a weighted mix of both 23/40. Pass other shapes for other countries. Allowing "double five" / "triple five"
 * inside groups cost 8 of those 33 in noise, so it is opt-in.
 */
export function digitsGrammar(groups: PhoneShape[] = NANP_PHONE_GROUPS, doubles = false): GrammarSpec {
  const sizes = [...new Set(groups.flat().filter((g): g is number => typeof g === 'number'))].sort();
  const part = (g: number | string) => (typeof g === 'number' ? `<g${g}>` : toWords(g).join(' '));
  const rules: Record<string, string> = {
    digit: alt(DIGIT_WORDS.filter((d) => d !== 'double' && d !== 'triple')),
  };
  rules.phone = `${leadIn(rules, 'phone')} ( ${groups.map((g) => g.map(part).join(' ')).join(' | ')} )`;
  for (const n of sizes) rules[`g${n}`] = groupRule(n, doubles);
  return build('digits', rules, 'phone');
}

export function yesNoGrammar(): GrammarSpec {
  return build('yesno', { answer: alt([...YES_PHRASES, ...NO_PHRASES]) }, 'answer');
}

/** What starts a correction at the read-back; the dialog drops the same words before reading the value. */
export const CORRECTION_NO = ['no', 'nope', 'nah', 'wrong', 'not quite', 'sorry', 'no sorry', "no that's wrong", 'no that is wrong'];
// Not "correct": it reads as a yes.
const CORRECTION_CHANGE = ['change', 'please change', 'can you change', 'fix'];
const CORRECTION_TO = ['is', 'to', 'should be', 'was', "it's", 'it is'];

/** A grammar's rules with every rule name prefixed (so several grammars can live in one), and its public rule's name. */
function prefixedRules(g: GrammarSpec, prefix: string): { rules: Record<string, string>; pub: string } {
  const rules: Record<string, string> = {};
  let pub = '';
  for (const m of g.jsgf.matchAll(/^(public )?<([a-z0-9_]+)> = (.*) ;$/gm)) {
    const name = `${prefix}${m[2]}`;
    if (m[1]) pub = name;
    rules[name] = (m[3] as string).replace(/<([a-z0-9_]+)>/g, `<${prefix}$1>`);
  }
  return { rules, pub };
}

/**
 * The read-back ("Let me check. name: ...; phone number: ... Is that right?"): yes and no as in `yesNoGrammar`, and
 * a correction of each field read: "no" (or "sorry", "not quite") then the value as the field's own grammar hears
 * it with its lead-ins ("no, my name is keiko tanaka", "no, it's ...", "no, i said a color"); the field named,
 * with or without its value ("the phone is ...", "change the email", "no, the date is next tuesday"). Without such
 * paths a long correction could only come out as the nearest yes/no phrase, and "no, my name is keiko tanaka" was
 * heard "that is correct" (persona p04, about 1 run in 3): a wrong name stored. Fields whose value has no grammar
 * (free text, a yes/no) can still be named. `vocabulary`: names for the name and email grammars (the visitor's
 * name as heard).
 */
export function readBackGrammar(
  corrections: CorrectionTarget[],
  vocabulary: string[] = [],
  phone: { groups?: PhoneShape[]; doubles?: boolean } = {},
  emailDomains: string[] = [],
): GrammarSpec {
  const rules: Record<string, string> = {
    yn: alt([...YES_PHRASES, ...NO_PHRASES]),
    neg: alt(CORRECTION_NO),
    chg: alt(CORRECTION_CHANGE),
    det: alt(['the', 'my']),
    to: alt(CORRECTION_TO),
  };
  const said: string[] = [];
  const named: string[] = [];
  const stated: string[] = [];
  // The corrections' own pronunciations (the unknown-word loop of the name and email grammars) go with them.
  const pronounce = new Map<string, string>();
  corrections.forEach((c, k) => {
    const value = c.expect.kind === 'yesno' ? null : grammarFor(c.expect, vocabulary, phone, emailDomains);
    for (const [w, p] of value?.pronounce ?? []) pronounce.set(w, p);
    const names = [...new Set(c.names.map((n) => toWords(n.replace(/^(?:my|the)\s+/i, '')).join(' ')).filter(Boolean))];
    const sub = value ? prefixedRules(value, `f${k}_`) : null;
    if (sub) Object.assign(rules, sub.rules);
    if (names.length) {
      rules[`n${k}`] = alt(names);
      named.push(sub ? `<n${k}> [ <to> <${sub.pub}> ]` : `<n${k}>`);
      if (sub) stated.push(`<n${k}> <to> <${sub.pub}>`);
    }
    if (sub) said.push(`<${sub.pub}>`);
  });
  if (!said.length && !named.length) return build('readback', { answer: rules.yn as string }, 'answer');
  if (named.length) rules.named = `[ <det> ] ( ${named.join(' | ')} )`;
  if (said.length) rules.said = `[ i said ] ( ${said.join(' | ')} )`;
  if (stated.length) rules.stated = `<det> ( ${stated.join(' | ')} )`;
  // A value alone ("keiko tanaka") or a field's name alone is no path: only after "no" or "change", or said in a
  // sentence ("the phone is ..."). Measured at 15 dB: with bare field names, noise around a yes was heard as
  // "guests" or "service is dye".
  rules.fix = [
    ...(said.length ? ['<neg> <said>'] : []),
    ...(named.length ? ['<neg> <named>', '[ <neg> ] <chg> <named>'] : []),
    ...(stated.length ? ['<stated>'] : []),
  ].join(' | ');
  rules.answer = '<yn> | <fix>';
  const g = build('readback', rules, 'answer');
  return pronounce.size ? { ...g, pronounce: [...pronounce] } : g;
}

export function choiceGrammar(choices: { label: string; synonyms: string[] }[], kind = 'choice'): GrammarSpec {
  const phrases = choices.flatMap((c) => [c.label, ...c.synonyms]);
  return build(
    kind,
    {
      answer: '[ <pre> ] [ <det> ] <choice> [ please ]',
      pre: alt(['i want', 'i would like', "i'd like", 'i need', "i'm here for", 'i am here for', "i'm interested in", 'just', 'for', "it's"]),
      det: alt(['a', 'an', 'the', 'some', 'my']),
      choice: alt(phrases),
    },
    'answer',
  );
}

/**
 * Email providers said as words, with the top-level domains each really uses: "hotmail dot com", never "hotmail dot
 * org". Measured on noisy answers (15 dB): a free top level after a provider turned "outlook dot com" into ".org",
 * ".co" or ".ar" on 6 of 84 addresses; any other domain is spelled and takes any top level.
 */
export const EMAIL_PROVIDERS: Record<string, string[]> = {
  gmail: ['com'],
  googlemail: ['com'],
  yahoo: ['com', 'co uk', 'ca'],
  hotmail: ['com', 'co uk', 'ca', 'fr'],
  outlook: ['com'],
  live: ['com', 'ca', 'co uk'],
  msn: ['com'],
  icloud: ['com'],
  me: ['com'],
  mac: ['com'],
  aol: ['com'],
  'a o l': ['com'],
  proton: ['me'],
  protonmail: ['com', 'ch'],
  comcast: ['net'],
  verizon: ['net'],
  att: ['net'],
  'a t t': ['net'],
  gmx: ['com', 'net', 'de'],
  zoho: ['com'],
  yandex: ['com', 'ru'],
  fastmail: ['com', 'fm'],
};
export const EMAIL_DOMAINS = Object.keys(EMAIL_PROVIDERS).filter((p) => !p.includes(' '));
export const EMAIL_TLDS = ['com', 'net', 'org', 'edu', 'gov', 'info', 'biz', 'me', 'io', 'co', 'us'];

/**
 * Addresses: `<local> at <domain>`. The local part is the visitor's own name words (first, last, initials, spelled,
 * joined by nothing, dot, underscore or dash, then up to four digits: "ana dot lopez", "ana l", "ana lopez seven",
 * "a n a"), or spelled letter by letter; before the name is known, common name words. Most people build their
 * address from their name, and those arrangements are hard to reach through free letters (b/p/d, m/n, a/eight are
 * easily confused). The domain is a provider with its own top levels, an extra `domains` word (e.g. the business's
 * own: full domains such as "btinternet.com", said with their own top levels) or three letters or more, then a top
 * level word or two letters. `vocabulary`: the visitor's name as heard earlier in the visit (and any configured names).
 * `unknownWords`: a domain no listed word fits may be heard as the unknown word (OOV_WORDS); off only to measure it.
 */
export function emailGrammar(vocabulary: string[] = [], domains: string[] = [], unknownWords = true): GrammarSpec {
  const own = [...new Set(vocabulary.flatMap(toWords))].filter((w) => /^[a-z]+$/.test(w));
  const digits = DIGIT_WORDS.filter((d) => d !== 'double' && d !== 'triple' && d !== 'oh'); // "oh" sounds like the letter o
  const symbols = ['dot', 'underscore', 'dash', 'hyphen', 'period', 'plus'];
  // "bella-salon.co.uk" -> "bella dash salon dot co dot uk": labels as words, said the way spokenEmail reads back.
  const extraDomains = domains
    .map((d) => d.trim().toLowerCase())
    .filter(isSayableDomain)
    .map((d) =>
      d
        .split('.')
        .map((label) => label.split('-').join(' dash '))
        .join(' dot '),
    );
  const digitsTail = '[ <dg> [ <dg> [ <dg> [ <dg> ] ] ] ]';
  const rules: Record<string, string> = {
    sep: alt(['dot', 'underscore', 'dash', 'hyphen', 'period']),
    dg: alt(digits),
    // Spelled: letters, digits and symbols one by one (the visitor's own name spelled is in <own>). Spelled forms
    // of every common name here made the search so wide that PocketSphinx pruned every path (empty results).
    // An address starts with a letter or digit: a leading "period" was "mary" misheard in noise.
    stok: `<letter> | ${alt([...digits, ...symbols])}`,
    stok0: `<letter> | ${alt(digits)}`,
    // A spelled domain has three letters at least: one or two letters were mostly noise ("l dot com").
    domain: `<provider> | ${extraDomains.length ? '<extra> | ' : ''}( ( <letter> <letter> <letter> + ${unknownWords ? '| <oov> ' : ''}) dot <tld> [ dot <tld> ] )`,
    provider: alt(Object.entries(EMAIL_PROVIDERS).flatMap(([p, tlds]) => tlds.map((t) => `${p} dot ${t.split(' ').join(' dot ')}`))),
    tld: `${alt(EMAIL_TLDS)} | <letter> <letter>`,
    letter: alt(LETTERS),
  };
  if (unknownWords) oovRules(rules);
  rules.email = `${leadIn(rules, 'email')} <local> at <domain>`;
  if (extraDomains.length) rules.extra = alt(extraDomains);
  if (own.length) {
    // JSGF weights (/0.7/ <own> | ...) were tried here and changed nothing in PocketSphinx 5prealpha's results,
    // even at 0.01 against 0.98: the own-name branch helps by offering the name's arrangements, not by a prior.
    // With the visitor's name known, other people's names are left out of the local part: "emma eight" was heard
    // as "anthony", "anna" as "amanda". Measured on the voice-visit emails with the name known (84 answers, clean
    // and 15 dB): 71 -> 75 exact; an address built on someone else's name is still reachable spelled.
    rules.local = '<own> | ( <stok0> <stok> * )';
    rules.own = `<opart> [ [ <sep> ] <opart> ] ${digitsTail}`;
    rules.opart = alt([...own, ...own.map((n) => n.charAt(0)), ...own.map((n) => n.split('').join(' '))]);
  } else {
    // No name known yet. Said as words: name [sep name] [up to 4 digits] (bounded: a free loop inserts names in
    // noise). Spelled: common names spelled whole bias the letter search toward real names.
    rules.said = `<wpart> [ <sep> <wpart> ] ${digitsTail}`;
    rules.wpart = `${alt(COMMON_NAMES)} | <letter>`;
    rules.spelled = alt(COMMON_NAMES.map((n) => n.split('').join(' ')));
    rules.local = '( <said> ) | ( ( <spelled> | <stok0> ) ( <spelled> | <stok> ) * )';
  }
  return { ...build('email', rules, 'email'), ...(unknownWords ? { pronounce: OOV_WORDS } : {}) };
}

const SURNAME_FROM = COMMON_NAMES.indexOf('smith');
export const COMMON_FIRST_NAMES = COMMON_NAMES.slice(0, SURNAME_FROM);
export const COMMON_SURNAMES = COMMON_NAMES.slice(SURNAME_FROM);

/**
 * A name said as a first name and an optional surname (after an optional "my name is"), or spelled letter by
 * letter. Configured names may stand in either place. Measured: allowing three free name words let noise add a
 * third name to most answers. `unknownWords`: either name may be heard as the unknown word (OOV_WORDS), so a name
 * the list lacks is asked to be spelled instead of heard as the nearest listed one; off only to measure it.
 */
export function nameGrammar(vocabulary: string[] = [], unknownWords = true): GrammarSpec {
  const extra = vocabulary.flatMap(toWords);
  const rules: Record<string, string> = {
    first: alt([...COMMON_FIRST_NAMES, ...extra]),
    last: alt([...COMMON_SURNAMES, ...extra]),
    letter: alt(LETTERS),
  };
  const oov = unknownWords ? ` | ${oovRules(rules)}` : '';
  rules.name = `${leadIn(rules, 'name', true)} ( ( <first>${oov} ) [ <last>${oov} ] | <letter> <letter> + )`;
  return { ...build('name', rules, 'name'), ...(unknownWords ? { pronounce: OOV_WORDS } : {}) };
}

/** Several choices in one answer: "a color and a trim", "color plus a trim". */
export function multiChoiceGrammar(choices: { label: string; synonyms: string[] }[]): GrammarSpec {
  const phrases = choices.flatMap((c) => [c.label, ...c.synonyms]);
  return build(
    'multichoice',
    {
      answer: '[ <pre> ] <item> ( [ <join> ] <item> ) * [ please ]',
      item: '[ <det> ] <choice>',
      pre: alt(['i want', 'i would like', "i'd like", 'i need', "i'm here for", 'i am here for', "i'm interested in", 'just', "it's"]),
      join: alt(['and', 'and also', 'plus', 'also', 'as well as', 'with']),
      det: alt(['a', 'an', 'the', 'some', 'my']),
      choice: alt(phrases),
    },
    'answer',
  );
}

const NUMBER_WORDS = [
  ...['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen'],
  ...['fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty'],
  ...['sixty', 'seventy', 'eighty', 'ninety', 'hundred', 'thousand'],
];

/** A number said as words ("one hundred and twenty", "twelve point five"), with its unit if the field has one. */
export function numberGrammar(unit?: string, unitOne?: string): GrammarSpec {
  const rules: Record<string, string> = {
    nw: alt(NUMBER_WORDS),
    num: '<nw> ( [ and ] <nw> ) * [ point <nw> + | and a half ]',
    pre: alt(["it's", 'it is', 'about', 'around', 'maybe', 'i am', "i'm", 'we are', "we're", 'i have', 'i need', 'i would like', 'just']),
  };
  if (unit && isPeopleUnit(unit, unitOne)) return peopleGrammar(rules, unit, unitOne);
  rules.answer = `[ <pre> ] <num> ${unit && toWords(unit).length ? `[ ${alt([unit, ...(unit.endsWith('s') ? [unit.slice(0, -1)] : [])])} ]` : ''}`;
  return build('number', rules, 'answer');
}

/** Said with "my" or "a" beside "me" ("me and my daughter"): one person each (models/understanding/count.ts). */
const COMPANIONS = [
  ...['wife', 'husband', 'partner', 'daughter', 'son', 'friend', 'mother', 'mom', 'father', 'dad', 'sister', 'brother'],
  ...['boyfriend', 'girlfriend', 'child', 'kid', 'baby'],
];

/**
 * A number of people, as people say it (the field's unit names people: "people", "guests", "adults"): the number with
 * the unit or its singular ("one person", "four guests"), "just me", "the two of us", "a party of four", "me and my
 * daughter", "two adults and a child"; and the unclear answers ("a couple", "two or three") so they are heard as
 * what they are and asked again, not heard as the nearest number. Every path is bounded: no loop beyond the number's.
 */
function peopleGrammar(rules: Record<string, string>, unit: string, unitOne?: string): GrammarSpec {
  rules.pre = alt([
    ...["it's", 'it is', 'about', 'around', 'maybe', 'we are', "we're", 'i need', 'i would like'],
    ...['there will be', "there'll be", 'it will be', "it'll be", 'there are', 'we will be', "we'll be"],
  ]);
  rules.pw = alt([unit, unitOne ?? unitSingular(unit), 'people', 'person', 'adults', 'kids', 'children']);
  rules.rel = alt(COMPANIONS);
  rules.comp = '( my | a ) <rel> | <nw> ( <pw> | friends )';
  rules.count = '<num> [ <pw> ] | [ the ] <nw> of us | both of us | a ( party | table ) ( of | for ) <num> | <nw> <pw> and ( <nw> <pw> | a <rel> )';
  rules.self = '( me | myself ) [ alone ] | by myself | on my own';
  rules.with = '( me | myself ) ( and | plus | with ) ( <comp> [ and <comp> ] | one ) | my <rel> and ( i | me )';
  rules.unclear = 'a ( couple | few ) [ of us ] | <nw> or <nw> [ <pw> ]';
  rules.answer = '[ <pre> ] [ just | only ] ( <count> | <with> | <self> | <unclear> )';
  return build('number', rules, 'answer');
}

const ORDINAL_WORDS = [
  ...['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'],
  ...['thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth', 'thirtieth'],
];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * A day ("next tuesday", "the fifth of january", "tomorrow") and, when `time`, a time of day ("at three", "at half
 * past two", "at ten thirty in the morning"). The words are read by chrono-node (models/understanding/date.ts).
 */
export function dateGrammar(time: boolean, years = false): GrammarSpec {
  const rules: Record<string, string> = {
    ord: `${alt(ORDINAL_WORDS)} | ( twenty | thirty ) ${alt(ORDINAL_WORDS.slice(0, 9))}`,
    month: alt(MONTHS),
    weekday: alt(WEEKDAYS),
    small: alt(NUMBER_WORDS.slice(1, 13)),
    rel: alt(['today', 'tomorrow', 'the day after tomorrow']),
    day: '<rel> | [ on ] [ this | next ] <weekday> [ the <ord> ] | [ on ] [ the ] <ord> of <month> | [ on ] <month> [ the ] <ord> | in <small> ( days | weeks )',
    pre: alt(["it's", 'it is', 'maybe', 'how about', 'i would like', "i'd like", 'i can come', 'i could do']),
  };
  if (time) {
    rules.hour = alt(NUMBER_WORDS.slice(1, 13));
    rules.mins = alt(['fifteen', 'thirty', 'forty five', 'oh five', 'ten', 'twenty', 'forty', 'fifty']);
    rules.part = alt(['a m', 'p m', 'in the morning', 'in the afternoon', 'in the evening']);
    rules.time = "noon | ( half past | quarter past | quarter to ) <hour> | <hour> [ <mins> | o'clock ] [ <part> ]";
    rules.answer = '[ <pre> ] ( <day> [ [ at ] <time> ] | at <time> <day> )';
  } else rules.answer = '[ <pre> ] <day>';
  if (years) {
    // A year said as people say them ("nineteen eighty five", "nineteen oh five", "two thousand and five"), after the
    // day; its own label, so a cached date grammar without years is never used for it.
    rules.unit = alt(NUMBER_WORDS.slice(1, 10));
    rules.teen = alt(NUMBER_WORDS.slice(10, 20));
    rules.tens = alt(NUMBER_WORDS.slice(20, 28));
    rules.year =
      '( eighteen | nineteen | twenty ) ( hundred | oh <unit> | <teen> | <tens> [ <unit> ] ) | two thousand [ [ and ] ( <unit> | <teen> | <tens> [ <unit> ] ) ]';
    rules.answer = rules.answer.replace('<day>', '<day> [ <year> ]');
    return build('dateyears', rules, 'answer');
  }
  return build('date', rules, 'answer');
}

/** NATO words as the spelling grammar hears them ("x ray" two words for the dictionary). */
const NATO_WORDS = [
  ...['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike'],
  ...['november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra', 'tango', 'uniform', 'victor', 'whiskey', 'yankee', 'zulu'],
];

/**
 * Spelling: letters one by one, NATO words, "m as in mike", "double l"; for an email also digits and symbols, for a
 * name "space" between words. Redecoded over the whole utterance like names and emails.
 */
export function spellGrammar(as: 'name' | 'email', said?: GrammarSpec): GrammarSpec {
  const rules: Record<string, string> = {
    letter: alt(LETTERS),
    nato: alt(NATO_WORDS),
    item: '<letter> [ ( as in | for ) <nato> ] | <nato> | double <letter>',
  };
  if (as === 'email') {
    rules.sym = alt(['at', 'dot', 'underscore', 'dash', 'plus', ...DIGIT_WORDS.filter((d) => d !== 'double' && d !== 'triple' && d !== 'oh')]);
    // The top level said as a word at the end ("... dot com"): nobody spells "c o m".
    rules.tldw = alt([...EMAIL_TLDS, 'uk']);
    rules.letters = '( <item> | <sym> ) + [ dot <tldw> [ dot <tldw> ] ]';
  } else rules.letters = '<item> + ( space <item> + ) *';
  if (!said) {
    rules.answer = rules.letters;
    delete rules.letters;
    return build(`spell${as}`, rules, 'answer');
  }
  // Or "sure" (then the letters), or "no"; or the answer said again in words, as the field's own grammar hears it
  // (its unknown-word loop included, so a name it does not know said again is heard as unknown again, never as the
  // nearest listed one).
  const sub = prefixedRules(said, 'w_');
  Object.assign(rules, sub.rules);
  rules.yn = alt([...YES_PHRASES, ...NO_PHRASES]);
  rules.answer = `<letters> | <yn> | <${sub.pub}>`;
  const g = build(`spell${as}`, rules, 'answer');
  return said.pronounce ? { ...g, pronounce: said.pronounce } : g;
}

/** A phrase pattern ("( talk | speak ) to [ a ] person", models/understanding/phrase-pattern.ts) as a JSGF expansion. */
function patternJsgf(pattern: string): { jsgf: string; words: string[] } {
  const words: string[] = [];
  const parts = pattern
    .replace(/([()[\]|])/g, ' $1 ')
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((t) => {
      if (/^[()[\]|]$/.test(t)) return [t];
      const w = toWords(t);
      words.push(...w);
      return w;
    });
  return { jsgf: parts.join(' '), words };
}

/**
 * An answer grammar that also hears `patterns` said instead of an answer: the dialog's commands ("start over"), the
 * questions the business can answer ("are you open on sunday") and requests for a person, as phrase patterns, so
 * a family of phrasings is one compact path (461 phrasings written out one by one tripled the decode time of a
 * phone answer). The answer stays the same search (label), so a phone answer is still decoded twice; what was heard
 * is read by the dialog, which tells a side phrase from an answer. Free speech (the language model) hears these
 * anyway.
 */
export function withAlsoHear(g: GrammarSpec, patterns: readonly string[]): GrammarSpec {
  const said = [...new Set(patterns.map(patternJsgf).filter((p) => p.words.length))];
  const pub = /public <([a-z0-9]+)> =/.exec(g.jsgf)?.[1];
  if (!said.length || !pub) return g;
  const side = said.length === 1 ? said[0]!.jsgf : `( ${[...new Set(said.map((p) => p.jsgf))].map((j) => `( ${j} )`).join(' | ')} )`;
  const jsgf = `${g.jsgf.replace(`public <${pub}> =`, `<${pub}> =`)}<sidetalk> = ${side} ;\npublic <utterance> = <${pub}> | <sidetalk> ;\n`;
  const words = [...new Set([...g.words, ...said.flatMap((p) => p.words)])];
  const kind = g.label.replace(/^jsgf:/, '');
  const hash = createHash('sha1').update(jsgf).digest('hex').slice(0, 10);
  // Pronunciations go with the answer's rules (the unknown-word loop): without them its phone words would be guessed by g2p.
  return { label: g.label, name: `${kind}-side-${hash}`, jsgf, words, ...(g.pronounce ? { pronounce: g.pronounce } : {}) };
}

/** Grammar for an expectation, or null for free speech (language model). */
export function grammarFor(
  expect: Expectation,
  vocabulary: string[] = [],
  phone: { groups?: PhoneShape[]; doubles?: boolean } = {},
  emailDomains: string[] = [],
): GrammarSpec | null {
  switch (expect.kind) {
    case 'phone':
      return digitsGrammar(phone.groups, phone.doubles);
    case 'yesno':
      return expect.corrections?.length ? readBackGrammar(expect.corrections, vocabulary, phone, emailDomains) : yesNoGrammar();
    case 'choice':
      return choiceGrammar(expect.choices, expect.of === 'fields' ? 'fieldpick' : 'choice');
    case 'email':
      return emailGrammar(vocabulary, emailDomains);
    case 'name':
      return nameGrammar(vocabulary);
    case 'multichoice':
      return multiChoiceGrammar(expect.choices);
    case 'number':
      return numberGrammar(expect.unit, expect.unitOne);
    case 'date':
      return dateGrammar(expect.time, expect.years === true);
    case 'spell':
      return spellGrammar(expect.as, expect.orSaid ? (expect.as === 'name' ? nameGrammar(vocabulary) : emailGrammar(vocabulary, emailDomains)) : undefined);
    case 'free':
      return null;
  }
}

/** Letter names as the en-us dictionary says them (ARPAbet), for `restoreMergedLetters`. */
const LETTER_PHONES: Record<string, string> = {
  a: 'EY',
  b: 'B IY',
  c: 'S IY',
  d: 'D IY',
  e: 'IY',
  f: 'EH F',
  g: 'JH IY',
  h: 'EY CH',
  i: 'AY',
  j: 'JH EY',
  k: 'K EY',
  l: 'EH L',
  m: 'EH M',
  n: 'EH N',
  o: 'OW',
  p: 'P IY',
  q: 'K Y UW',
  r: 'AA R',
  s: 'EH S',
  t: 'T IY',
  u: 'Y UW',
  v: 'V IY',
  w: 'D AH B AH L Y UW',
  x: 'EH K S',
  y: 'W AY',
  z: 'Z IY',
};

/** Said right after `prev`, `next` adds no new sound: the same letter again, or its name is the end of prev's ("j a"). */
function mergesInto(prev: string, next: string): boolean {
  const p = LETTER_PHONES[prev];
  const n = LETTER_PHONES[next];
  return prev === next || (p !== undefined && n !== undefined && (p === n || p.endsWith(` ${n}`)));
}

/**
 * Spelled letters that run into the letter before them ("j a" is one long "jay", "n n" one long "en") reach
 * PocketSphinx as one letter: the visitor's own name spelled "j a m e s" comes back "j m e s", "a n n a" as "a n a".
 * Where putting back only such letters spells one of `names` (the visitor's name, heard earlier in the visit), the
 * run of letters is replaced by that spelling; anything else is left as heard.
 */
export function restoreMergedLetters(text: string, names: readonly string[]): string {
  const targets = [...new Set(names.flatMap(toWords))].filter((n) => /^[a-z]{2,}$/.test(n));
  if (!targets.length) return text;
  const words = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  const spelledAt = (k: number) =>
    /^[a-z]$/.test(words[k] ?? '') || (words[k] === 'eight' && (/^[a-z]$/.test(words[k - 1] ?? '') || /^[a-z]$/.test(words[k + 1] ?? '')));
  for (let i = 0; i < words.length;) {
    let j = i;
    while (j < words.length && spelledAt(j)) j++;
    if (j - i >= 2) {
      const run = words.slice(i, j);
      const name = targets.find((n) => n.length >= run.length && spellsWithMerges(run, n));
      out.push(...(name ? name.split('') : run));
      i = j;
    } else {
      out.push(words[i]!);
      i++;
    }
  }
  return out.join(' ');
}

/**
 * Spelled letters PocketSphinx confuses in the email grammar, where digits are words too: "a" heard as "eight"
 * (v18: "a n n a" came back "eight m n a"), "n" as "m" and back. Only ever used to reach the visitor's own name.
 */
const SOUNDS_LIKE: Record<string, string[]> = { eight: ['a'], m: ['n'], n: ['m'] };

/**
 * Whether `name` is `run` with letters put back only where they merge into the letter before them, and confusable
 * letters (SOUNDS_LIKE) read as the name's.
 */
function spellsWithMerges(run: readonly string[], name: string): boolean {
  // reach[k]: prefixes of `name` reachable having consumed k letters of the run.
  let reach = new Set<number>([0]);
  const grow = (s: Set<number>) => {
    for (let j = 1; j < name.length; j++) if (s.has(j) && mergesInto(name[j - 1]!, name[j]!)) s.add(j + 1);
    return s;
  };
  for (const letter of run) {
    const next = new Set<number>();
    for (const j of reach) if (name[j] === letter || SOUNDS_LIKE[letter]?.includes(name[j]!)) next.add(j + 1);
    reach = grow(next);
  }
  return reach.has(name.length);
}
