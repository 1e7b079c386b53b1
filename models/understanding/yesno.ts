/**
 * Yes or no, in the many ways people say them: ONE table for what the audio grammar lets the recognizer hear
 * (models/stt/pocketsphinx/grammars.ts) and what spokenYesNo reads.
 * `answer`: a whole answer the yes/no grammar holds; `cue`: words that decide an answer wherever they stand in it
 * ("no, change it"); `both`: either.
 */
import { tokens } from './words.js';

type Use = 'answer' | 'cue' | 'both';
const YES_NO: readonly (readonly [phrase: string, means: 'yes' | 'no', use: Use])[] = [
  ['yes', 'yes', 'both'],
  ['yeah', 'yes', 'both'],
  ['yep', 'yes', 'both'],
  ['yup', 'yes', 'both'],
  ['sure', 'yes', 'both'],
  ['correct', 'yes', 'both'],
  ['right', 'yes', 'both'],
  ["that's right", 'yes', 'both'],
  ['that is right', 'yes', 'both'],
  ["that's correct", 'yes', 'answer'],
  ['that is correct', 'yes', 'answer'],
  ["it's correct", 'yes', 'answer'],
  ['it is', 'yes', 'answer'],
  ['yes it is', 'yes', 'answer'],
  ['yes please', 'yes', 'answer'],
  ['absolutely', 'yes', 'both'],
  ['of course', 'yes', 'both'],
  ['okay', 'yes', 'both'],
  ['affirmative', 'yes', 'both'],
  ['exactly', 'yes', 'both'],
  ['perfect', 'yes', 'both'],
  ['sounds good', 'yes', 'both'],
  ['uh huh', 'yes', 'answer'],
  ['yes that is right', 'yes', 'answer'],
  ["yes that's right", 'yes', 'answer'],
  ['yes correct', 'yes', 'answer'],
  ['yes that is correct', 'yes', 'answer'],
  ["that's fine", 'yes', 'answer'],
  ['that is fine', 'yes', 'answer'],
  ['sure that is fine', 'yes', 'answer'],
  ["sure that's fine", 'yes', 'answer'],
  ['yes that is fine', 'yes', 'answer'],
  ['looks good', 'yes', 'answer'],
  ['all good', 'yes', 'answer'],
  ['ok', 'yes', 'cue'],
  ['definitely', 'yes', 'cue'],
  ['agree', 'yes', 'cue'],
  ['i agree', 'yes', 'cue'],
  ['please do', 'yes', 'cue'],
  ['go ahead', 'yes', 'cue'],
  ['fine', 'yes', 'cue'],
  ['no', 'no', 'both'],
  ['nope', 'no', 'both'],
  ['nah', 'no', 'both'],
  ['no thanks', 'no', 'answer'],
  ['no thank you', 'no', 'answer'],
  ['wrong', 'no', 'both'],
  ["that's wrong", 'no', 'both'],
  ['that is wrong', 'no', 'answer'],
  ['incorrect', 'no', 'both'],
  ["that's not right", 'no', 'answer'],
  ['that is not right', 'no', 'answer'],
  ['not right', 'no', 'both'],
  ['not quite', 'no', 'answer'],
  ['negative', 'no', 'both'],
  ['not really', 'no', 'answer'],
  ["no it's not", 'no', 'answer'],
  ['no it is not', 'no', 'answer'],
  ["it's not", 'no', 'answer'],
  ['no that is wrong', 'no', 'answer'],
  ["no that's wrong", 'no', 'answer'],
  ['not', 'no', 'cue'],
  ["don't", 'no', 'cue'],
  ['do not', 'no', 'cue'],
  ['never', 'no', 'cue'],
  ['rather not', 'no', 'cue'],
  ['change', 'no', 'cue'],
  ['fix', 'no', 'cue'],
];

const phrases = (means: 'yes' | 'no', use: Use): string[] => YES_NO.filter(([, m, u]) => m === means && (u === use || u === 'both')).map(([p]) => p);

/** Whole answers of the audio yes/no grammar, in the table's order. */
export const YES_ANSWERS: readonly string[] = phrases('yes', 'answer');
export const NO_ANSWERS: readonly string[] = phrases('no', 'answer');
const YES = phrases('yes', 'cue');
const NO = phrases('no', 'cue');

export type YesNo = 'yes' | 'no' | null;

const WHOLE_ANSWERS = new Set([...YES_ANSWERS, ...NO_ANSWERS].map((p) => tokens(p).join(' ')));

/** Whether the words are one whole yes or no answer ("sure", "no thanks"), as the yes/no grammar hears one, and nothing more. */
export function isYesNoAnswer(text: string): boolean {
  return WHOLE_ANSWERS.has(tokens(text).join(' '));
}

export function spokenYesNo(text: string): YesNo {
  const t = ` ${tokens(text).join(' ')} `;
  // Negatives first: "not right" must not read as "right".
  const no = NO.some((p) => t.includes(` ${p} `));
  const yes = YES.some((p) => t.includes(` ${p} `));
  if (no) return 'no';
  if (yes) return 'yes';
  return null;
}

/** The audio a short yes may take at most: generous for a slow voice, a breath and a pause (ms). */
export const YES_AUDIO = { baseMs: 700, perSyllableMs: 300 } as const;

/** Syllables of a phrase, as vowel groups per word (over-counts a little, which only makes the limit kinder). */
export function syllables(text: string): number {
  return tokens(text).reduce((n, w) => n + Math.max(1, w.match(/[aeiouy]+/g)?.length ?? 0), 0);
}

/**
 * Whether `speechMs` of audio is far too long for the yes heard in it: "that is correct" takes under a second in
 * every test voice (0.6-0.9 s), "no, my name is Keiko Tanaka" about two (1.9-2.3 s). A yes heard from an utterance
 * that long was something else squeezed into the nearest phrase the grammar holds, and is asked again.
 */
export function tooLongForYes(text: string, speechMs: number): boolean {
  return speechMs > YES_AUDIO.baseMs + YES_AUDIO.perSyllableMs * syllables(text);
}
