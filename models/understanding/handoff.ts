/**
 * "I want to talk to a person", in the ways people say it. Only a request for a person counts: an answer that
 * mentions people ("a friend told me", "my name is Person") does not.
 * The speech grammars hear the phrasings of `PERSON_REQUEST_PATTERNS` at every prompt.
 */
import { tokens } from './words.js';

/** Who a visitor asks for (the matcher also takes "a", "the", "real", ... before them). */
const PEOPLE = [
  'person',
  'human',
  'human being',
  'someone',
  'somebody',
  'anyone',
  'anybody',
  'staff',
  'staff member',
  'member of staff',
  'member of the staff',
  'member of your staff',
  'receptionist',
  'manager',
  'employee',
  'representative',
  'rep',
  'agent',
  'operator',
  'people',
  'team member',
  'someone from your team',
  'someone from the team',
  'stylist',
  'doctor',
  'lawyer',
  'trainer',
];
const TALK = [
  'talk to',
  'talk with',
  'speak to',
  'speak with',
  'chat to',
  'chat with',
  'talking to',
  'talking with',
  'speaking to',
  'speaking with',
  'chatting with',
];
const GET = ['get', 'call', 'fetch', 'find', 'send', 'bring'];
const WANT = [
  'i want',
  'i need',
  'i would like',
  "i'd like",
  'i wanna',
  'can i have',
  'can i get',
  'can i see',
  'could i have',
  'could i get',
  'could i see',
  'may i see',
  'may i speak to',
];

const rx = (words: readonly string[]) => words.join('|');
const WHO = `(?:a |an |the |some |one of your |to )?(?:real |actual |live )?(?:${rx([...PEOPLE].sort((a, b) => b.length - a.length))})`;
const PATTERNS: RegExp[] = [
  new RegExp(`\\b(?:${rx(TALK)}) ${WHO}\\b`),
  new RegExp(`\\b(?:${rx(GET)}) (?:me |over )?${WHO}\\b`),
  new RegExp(`\\b(?:${rx(WANT)}) ${WHO}\\b`),
  new RegExp(`^(?:${WHO})(?: please)?$`),
  /\b(?:is there|are there) (?:anyone|someone|somebody|a person|staff)(?: here| around| i can (?:talk|speak) to| working)?\b/,
  /\b(?:can|could) (?:someone|somebody|a person|a human|anyone) (?:help|come|assist)\b/,
  /\b(?:not|no more|stop) (?:talking to )?(?:a |the )?(?:robot|machine)\b/,
  /\b(?:don't|do not|dont) want to (?:talk|speak) (?:to|with) (?:a |the )?(?:robot|machine)\b/,
  /\b(?:human|person|operator|representative|agent) please\b/,
];

/** Whether `text` asks for a person. */
export function asksForPerson(text: string): boolean {
  const t = tokens(text).join(' ');
  return PATTERNS.some((p) => p.test(t));
}

/**
 * The ways of asking for a person a speech grammar offers at every prompt, as phrase patterns (phrase-pattern.ts):
 * the usual openings with the people most asked for, and the short forms; every phrasing they expand to is one
 * `asksForPerson` accepts (handoff.test.ts), so what can be heard is understood. Kept to the common ones: each is a
 * path noise could take instead of an answer (measured in test/voice/side-talk.test.ts).
 */
const OPENINGS = ['i want to', 'i need to', 'i would like to', "i'd like to", 'can i', 'could i', 'let me', 'i wanna'];
const ASKED = ['[ a ] [ real ] person', 'a human', 'someone', 'somebody', 'a staff member', 'a member of staff', 'the manager', 'the receptionist'];
const either = (xs: readonly string[]) => `( ${xs.join(' | ')} )`;
export const PERSON_REQUEST_PATTERNS: readonly string[] = [
  `[ ${OPENINGS.join(' | ')} ] ( talk | speak ) ( to | with ) ${either(ASKED)}`,
  // Not "call someone": short, and heard in noise at a multiple-choice question (persona bench, p03 at 15 dB).
  `( get me | can i see ) ${either(['a person', 'a human', 'someone', 'somebody', 'the manager'])}`,
  'is there ( anyone | someone | somebody ) [ here | i can talk to ]',
  '( can | could ) ( someone | somebody ) help me',
  '( human | person | a person | operator | representative ) please',
  "i ( don't | do not ) want to talk to a robot",
];
