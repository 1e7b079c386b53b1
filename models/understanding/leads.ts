/**
 * What people say before the answer itself: an acknowledgement ("sure", "yeah") and a lead-in ("you can reach me
 * at"). One list for both sides: the recognizer's grammars accept these (models/stt/pocketsphinx/grammars.ts) and
 * the parsers here drop them, so whatever can be heard can be understood. No lead word may sound like a value in its
 * field: "to" and "for" are digits in a phone number, "oh" is zero.
 */
import { tokens } from './words.js';

// Short words ("so", "well") were left out: in noise they took the place of a name's first syllable ("well" for
// "robert" in "robert w at aol dot com").
export const ACKNOWLEDGEMENTS: readonly string[] = ['sure', 'yes', 'yeah', 'okay', 'of course', 'yes sure'];
export const GREETINGS: readonly string[] = ['hi', 'hello', 'hi there', 'hello there'];

export const LEAD_INS = {
  phone: [
    'my number is',
    "my number's",
    'my phone number is',
    "my phone number's",
    'my phone is',
    'my cell is',
    'my cell number is',
    'my cell phone number is',
    'my mobile is',
    'my mobile number is',
    'the number is',
    'the best number is',
    "it's",
    'it is',
    "that's",
    'that would be',
    'you can reach me at',
    'you can reach me on',
    'reach me at',
    'you can call me at',
    'you can call me on',
    'call me at',
    'call me on',
  ],
  email: [
    'my email is',
    "my email's",
    'my email address is',
    'my address is',
    'the email is',
    "it's",
    'it is',
    "that's",
    'that would be',
    'you can email me at',
    'email me at',
    'you can reach me at',
    'reach me at',
    'send it to',
    'you can send it to',
  ],
  name: [
    'my name is',
    "my name's",
    "i'm",
    'i am',
    "it's",
    'it is',
    'this is',
    "that's",
    'call me',
    'you can call me',
    'they call me',
    'the name is',
    "the name's",
    'name is',
    'my first name is',
    "i'm called",
  ],
} as const satisfies Record<string, readonly string[]>;

const asTokens = (phrases: readonly string[]): string[][] => phrases.map((p) => tokens(p)).sort((a, b) => b.length - a.length);
const ACK_TOKENS = asTokens([...ACKNOWLEDGEMENTS, ...GREETINGS]);
const LEAD_TOKENS = { phone: asTokens(LEAD_INS.phone), email: asTokens(LEAD_INS.email), name: asTokens(LEAD_INS.name) };

/** A field's lead-ins as words, longest first (what afterLeadIn matches). */
export function leadInWords(field: keyof typeof LEAD_INS): readonly string[][] {
  return LEAD_TOKENS[field];
}

function startsWith(words: readonly string[], at: number, seq: readonly string[]): boolean {
  return seq.every((w, j) => words[at + j] === w);
}

/** `words` without the acknowledgements and the one lead-in they start with (the longest that fits). */
export function afterLeadIn(words: readonly string[], field: keyof typeof LEAD_INS): string[] {
  let i = 0;
  for (let found = true; found;) {
    found = false;
    for (const a of ACK_TOKENS) {
      if (startsWith(words, i, a)) {
        i += a.length;
        found = true;
        break;
      }
    }
  }
  const lead = LEAD_TOKENS[field].find((l) => startsWith(words, i, l));
  return words.slice(i + (lead?.length ?? 0));
}
