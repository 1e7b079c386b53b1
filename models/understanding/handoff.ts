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
  'reception',
  'front desk',
  'front office',
  'manager',
  'supervisor',
  'boss',
  'owner',
  'employee',
  'representative',
  'rep',
  'agent',
  'operator',
  'people',
  'team member',
  'someone from your team',
  'someone from the team',
  'someone from the office',
  'someone who works here',
  'somebody who works here',
  'whoever is in charge',
  'whoever works here',
  'someone in charge',
  'person in charge',
];
/**
 * Who a business's visitors come to see ("can I speak to a lawyer"): a request for a person only with a verb of
 * talking; "I need a lawyer for my divorce" or "I'd like to see a doctor today" is why they came.
 */
const ROLES = ['stylist', 'doctor', 'lawyer', 'attorney', 'trainer', 'dentist', 'nurse', 'mechanic', 'technician', 'barber', 'therapist', 'coach', 'advisor'];
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
  'deal with',
  'put me through to',
  'put me through',
  'connect me to',
  'connect me with',
  'transfer me to',
  'pass me to',
  'pass me over to',
  'hand me over to',
  'hand me to',
];
const GET = ['get', 'call', 'fetch', 'find', 'send', 'bring', 'page', 'grab'];
const WANT = [
  'i want',
  'i need',
  'i would like',
  "i'd like",
  "i'd prefer",
  'i would prefer',
  "i'd rather have",
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

const rx = (words: readonly string[]) => [...words].sort((a, b) => b.length - a.length).join('|');
const DET = '(?:a |an |the |some |any |your |one of your |to )?(?:real |actual |live |proper )?';
const WHO = `${DET}(?:${rx(PEOPLE)})`;
const WHO_OR_ROLE = `${DET}(?:${rx([...PEOPLE, ...ROLES])})`;
const PATTERNS: RegExp[] = [
  new RegExp(`\\b(?:${rx(TALK)}) ${WHO_OR_ROLE}\\b`),
  new RegExp(`\\b(?:${rx(GET)}) (?:me |over |in |out )?${WHO}\\b`),
  new RegExp(`\\b(?:${rx(WANT)}) ${WHO}\\b`),
  // Someone of the business asked to come out: "can I have a stylist come over".
  new RegExp(`\\b(?:${rx([...WANT, ...GET])}|can|could) ${WHO_OR_ROLE} (?:to )?come\\b`),
  new RegExp(`^(?:${WHO})(?: please)?$`),
  new RegExp(`\\b(?:is there|are there) ${WHO}\\b`),
  new RegExp(`\\b(?:is|are) (?:there )?${WHO} (?:here|there|around|working|available|free|in|about|at the desk)\\b`),
  new RegExp(`\\bwhere(?:'s| is| are) ${WHO}\\b`),
  new RegExp(`\\bput ${WHO} on\\b`),
  new RegExp(`\\b(?:can|could|would|will) ${WHO} (?:please )?(?:help|come|assist|see me|talk to me|speak to me)\\b`),
  new RegExp(`\\b(?:help|assistance) from ${WHO}\\b`),
  /\b(?:not|no more|stop|no) (?:talking to )?(?:a |the )?(?:robot|robots|machine|machines)\b/,
  /\b(?:don't|do not|dont) want (?:to (?:talk|speak) (?:to|with) )?(?:a |the )?(?:robot|machine)\b/,
  /\b(?:human|person|operator|representative|agent|someone|somebody) please\b/,
  /\bplease (?:get|call|find|fetch) (?:me )?(?:a |an |the |some )?(?:human|person|someone|somebody)\b/,
];

/**
 * What follows a request when it is why the visitor came ("I'd like to see a person about my tax return", "can I
 * talk to someone about a divorce"): the intake's reason, asked for anyway, not a wish to stop talking to the robot.
 */
const TOPIC_AFTER = /^ (?:about|regarding|concerning|re) (?!(?:this|that|it|something|anything)\b)\w/;

/** Whether `text` asks for a person. */
export function asksForPerson(text: string): boolean {
  const t = tokens(text).join(' ');
  return PATTERNS.some((p) => {
    const m = p.exec(t);
    return m !== null && !TOPIC_AFTER.test(t.slice(m.index + m[0].length));
  });
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
  'is there a ( real person | human | person ) [ here | i can talk to ]',
  '( is | are ) ( anyone | anybody | someone | somebody ) ( here | around | available | working )',
  '( put me through to | connect me ( to | with ) | transfer me to ) ( a person | a human | someone | somebody | the manager | the receptionist )',
  "i'd rather ( talk | speak ) to ( a human | a person | someone )",
  '( can | could ) ( someone | somebody | a person | a staff member ) help me',
  '( can | could ) you ( get | send | call ) ( someone | somebody | a person | the manager )',
  '( human | person | a person | a real person | someone | operator | representative ) please',
  "i ( don't | do not ) want to talk to a robot",
];
