/**
 * What a visitor says instead of an answer: "start over", "repeat that", "skip", "I don't know", "let me spell it".
 * Matched on the whole utterance (give or take "please", "sorry", "can you"), never on a word inside an answer:
 * "my name is Skip Jones" is a name.
 */
import { tokens } from './words.js';

export type DialogCommand = 'start-over' | 'repeat' | 'skip' | 'dont-know' | 'spell';

const PHRASES: Record<DialogCommand, string[]> = {
  'start-over': ['start over', 'start again', "let's start over", 'lets start over', 'begin again', 'start from the beginning', 'can we start over', 'restart'],
  repeat: [
    'repeat that',
    'repeat',
    'repeat the question',
    'say that again',
    'say it again',
    'what did you say',
    'pardon',
    'pardon me',
    'come again',
    'what was that',
    'i did not hear you',
    "i didn't hear you",
    'what was the question',
    'sorry what',
  ],
  skip: [
    'skip',
    'skip it',
    'skip that',
    'skip this',
    'skip this one',
    'next question',
    'pass',
    "i'd rather not say",
    'i would rather not say',
    'rather not say',
    'next',
  ],
  'dont-know': [
    "i don't know",
    'i do not know',
    'dont know',
    "don't know",
    'no idea',
    'not sure',
    "i'm not sure",
    'i am not sure',
    'i have no idea',
    "i can't remember",
    'i forget',
  ],
  spell: [
    'let me spell it',
    'let me spell that',
    "i'll spell it",
    'i will spell it',
    'can i spell it',
    'i can spell it',
    'spell it',
    'i want to spell it',
    "i'd like to spell it",
    'let me spell it out',
    "i'll spell it out",
    'spelling',
  ],
};

const POLITE = new Set(['please', 'sorry', 'um', 'uh', 'oh', 'so', 'can', 'could', 'you', 'just', 'actually', 'okay', 'ok', 'well', 'er']);

function core(text: string): string {
  const words = tokens(text);
  let i = 0;
  let j = words.length;
  while (i < j && POLITE.has(words[i]!)) i++;
  while (j > i && POLITE.has(words[j - 1]!)) j--;
  return words.slice(i, j).join(' ');
}

const TABLE = new Map<string, DialogCommand>(
  Object.entries(PHRASES).flatMap(([cmd, ps]) => ps.map((p) => [tokens(p).join(' '), cmd as DialogCommand] as const)),
);

/** The command said, or null for an ordinary answer. */
export function spokenCommand(text: string): DialogCommand | null {
  const c = core(text);
  return TABLE.get(c) ?? TABLE.get(tokens(text).join(' ')) ?? null;
}

/** Every phrase, for the grammars (a command must be hearable to be understood). */
export const COMMAND_PHRASES: readonly string[] = Object.values(PHRASES).flat();
