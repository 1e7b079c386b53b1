/**
 * Tries at one question that disagree. A visitor asked again says the answer again, and the recognizer can hear the
 * second saying cleanly and wrongly: the 22-visit test heard "paul nelson four at fastmail dot com" (its two passes
 * disagreeing), asked again, then heard "o nelson four at fastmail dot com" by both passes and kept it. Each try
 * alone looked like evidence; side by side they say the robot cannot hear this answer. So the first try the robot
 * could read but doubted is the reference, and a later try is kept only where it reads as one of the reference's
 * hearings, part by part (an address's local part and domain apart). Not the latest try: a visitor asked again
 * says it the same way, and the same mishearing twice is no confirmation.
 */
import type { Expectation, Heard } from '../../models/speech.js';
import { heardEmailParts, spelledLocalPart, understand, type UnderstandingContext } from '../../models/understanding/index.js';
import type { FieldValue } from './fields.js';

/** One hearing of an answer, in parts; undefined where that part gives no evidence. */
export type Reading = readonly (string | undefined)[];

/**
 * What one hearing reads as, in parts: an address's local part and domain; any other answer its value whole. Null
 * when it reads as nothing. A local part heard as letters one by one (what the recognizer falls back to for a word it
 * cannot place, see spelledLocalPart) and a part holding a word it did not know are no evidence of what was said.
 */
export function readingOf(text: string, expect: Expectation, ctx: UnderstandingContext): Reading | null {
  if (expect.kind === 'email') {
    const p = heardEmailParts(text);
    if (!p) return null;
    return [spelledLocalPart(text) !== null || p.local.includes('?') ? undefined : p.local, p.domain.includes('?') ? undefined : p.domain];
  }
  const u = understand(text, expect, ctx);
  return u.ok ? [JSON.stringify(u.value)] : null;
}

/** Both hearings of a try (the whole-utterance pass and, where there was one, the live pass), as readings. */
export function readingsOf(heard: Heard, expect: Expectation, ctx: UnderstandingContext): Reading[] {
  const out: Reading[] = [];
  for (const text of [heard.text, heard.firstPass]) {
    const r = text === undefined ? null : readingOf(text, expect, ctx);
    if (r) out.push(r);
  }
  return out;
}

/** A value about to be kept, in the same parts. */
export function readingOfValue(expect: Expectation, value: FieldValue): Reading {
  if (expect.kind === 'email' && typeof value === 'string' && value.includes('@')) {
    const at = value.lastIndexOf('@');
    return [value.slice(0, at).toLowerCase(), value.slice(at + 1).toLowerCase()];
  }
  return [JSON.stringify(value)];
}

/**
 * Whether a try agrees with the reference: each part some hearing of the reference gave evidence of reads here as one
 * of them did. No reference, or one with no evidence, is agreement.
 */
export function agreesWith(reading: Reading, reference: readonly Reading[]): boolean {
  return reading.every((part, k) => {
    const heard = reference.map((r) => r[k]).filter((p): p is string => p !== undefined);
    return heard.length === 0 || (part !== undefined && heard.includes(part));
  });
}
