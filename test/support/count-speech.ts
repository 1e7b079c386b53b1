/**
 * How a number of people is said ("just me", "the two of us", "a party of four", "four"), rendered and heard
 * through the number grammar with the dialog's side talk (as at the salon's "How many people is the booking
 * for?"), then read as the dialog reads it: side talk is no answer, else the number understood and checked against
 * the field's limits. Ambiguous answers ("a couple", "two or three") must come back as no number (asked again).
 */
import { fieldType } from '../../device/intake/types/index.js';
import type { IntakeField } from '../../device/config/schema.js';
import type { SttEngine } from '../../models/stt/types.js';
import { understand } from '../../models/understanding/index.js';
import type { RenderVoice } from './render-speech.js';
import { SALON_PROFILE } from './salon-profile.js';
import { alsoHearFor, expectationOf, hearRendered, sideKindOf } from './side-talk.js';

export type CountKind = 'self' | 'one' | 'us' | 'with' | 'party' | 'plain' | 'unclear';

export interface CountCase {
  say: string;
  kind: CountKind;
  /** The number meant; null: no number should be taken (asked again). */
  want: number | null;
}

/** The phrasings of issue 15's brief, and plain numbers (the "before/after" set). */
export const COUNT_CASES: CountCase[] = [
  { say: 'just me', kind: 'self', want: 1 },
  { say: 'only me', kind: 'self', want: 1 },
  { say: 'myself', kind: 'self', want: 1 },
  { say: "it's just me", kind: 'self', want: 1 },
  { say: 'only one person', kind: 'one', want: 1 },
  { say: 'one person', kind: 'one', want: 1 },
  { say: 'just the two of us', kind: 'us', want: 2 },
  { say: 'the two of us', kind: 'us', want: 2 },
  { say: 'three of us', kind: 'us', want: 3 },
  { say: 'there will be four of us', kind: 'us', want: 4 },
  { say: 'me and my daughter', kind: 'with', want: 2 },
  { say: 'my husband and I', kind: 'with', want: 2 },
  { say: 'a party of four', kind: 'party', want: 4 },
  { say: 'four people', kind: 'party', want: 4 },
  { say: 'two adults', kind: 'party', want: 2 },
  { say: 'four', kind: 'plain', want: 4 },
  { say: 'twelve', kind: 'plain', want: 12 },
  { say: 'two', kind: 'plain', want: 2 },
  { say: 'six', kind: 'plain', want: 6 },
  { say: 'a couple', kind: 'unclear', want: null },
  { say: 'two or three', kind: 'unclear', want: null },
];

/** The salon persona form's field (test/support/persona-visits.ts). */
export const GUESTS_FIELD: IntakeField = {
  id: 'guests',
  kind: 'number',
  label: 'Guests',
  prompt: 'How many people is the booking for?',
  required: true,
  min: 1,
  max: 12,
  unit: 'people',
};

export type CountOutcome = 'exact' | 'wrong' | 'left';

export interface CountRow {
  c: CountCase;
  voice: RenderVoice;
  snrDb: number | null;
  heard: string;
  got: number | null;
  outcome: CountOutcome;
}

const CTX = { country: 'US', timezone: 'UTC', now: () => new Date('2026-12-07T15:00:00Z'), message: (k: string) => k };

/** What the dialog would store from a hearing: null for side talk, no number, or one out of the field's limits. */
export function storedCount(field: IntakeField, heard: { text: string; firstPass?: string }): number | null {
  if (sideKindOf(heard, SALON_PROFILE)) return null;
  const u = understand(heard.text, expectationOf(field));
  if (!u.ok) return null;
  const r = fieldType('number').check(field, u.value, CTX);
  return r.ok && typeof r.value === 'number' ? r.value : null;
}

export async function hearCount(stt: SttEngine, c: CountCase, voice: RenderVoice, snrDb: number | null, seed: number, field = GUESTS_FIELD): Promise<CountRow> {
  const expect = expectationOf(field);
  const alsoHear = alsoHearFor(SALON_PROFILE, field.id, expect);
  const heard = await hearRendered(stt, c.say, voice, { expect, ...(alsoHear ? { alsoHear } : {}) }, snrDb === null ? undefined : { snrDb, seed });
  const got = storedCount(field, heard);
  const outcome: CountOutcome = got === c.want ? 'exact' : got === null ? 'left' : 'wrong';
  return { c, voice, snrDb, heard: heard.text, got, outcome };
}

export function countTally(rows: CountRow[]): { n: number; exact: number; wrong: number; left: number } {
  return {
    n: rows.length,
    exact: rows.filter((r) => r.outcome === 'exact').length,
    wrong: rows.filter((r) => r.outcome === 'wrong').length,
    left: rows.filter((r) => r.outcome === 'left').length,
  };
}
