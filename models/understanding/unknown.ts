/**
 * An unknown word in a hearing: where a name or an email domain goes, the recognizer can hear "a word it does not
 * know" (a loop of phones) instead of the nearest word it knows. The hearing then holds UNKNOWN_WORD in that place;
 * the readers never make a value of it, and the dialog asks for that part to be spelled (unsure-part.ts).
 */
import { tokens } from './words.js';

export const UNKNOWN_WORD = 'unknownword';

export function hasUnknownWord(text: string): boolean {
  return tokens(text).includes(UNKNOWN_WORD);
}

/** A hearing as shown and kept in the transcript: the unknown word as "…" (what the robot could not make out). */
export function asShown(text: string): string {
  return text.replace(new RegExp(`\\b${UNKNOWN_WORD}\\b`, 'g'), '…');
}
