/**
 * Lead scoring as data: each rule awards points when its test holds. The score explains itself: every rule that
 * gave points is in `reasons`, in rule order.
 */
import { z } from 'zod';
import { hasValue, valueMatches, type ContactSnapshot } from './snapshot.js';

const ref = z.string().min(1).max(64);
const scalar = z.union([z.string().min(1).max(200), z.number().finite(), z.boolean()]);

export const scoringTestSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('field-present'), field: ref }).strict(),
    z.object({ kind: z.literal('field-equals'), field: ref, value: scalar }).strict(),
    /** A choice field holds this option (one of several, for multi-choice). */
    z.object({ kind: z.literal('choice'), field: ref, value: z.string().min(1).max(64) }).strict(),
    z.object({ kind: z.literal('tag'), tag: ref }).strict(),
    /** Source channel ('kiosk-voice') or campaign tag id. */
    z.object({ kind: z.literal('source'), source: ref }).strict(),
    z.object({ kind: z.literal('stage'), stage: ref }).strict(),
    z.object({ kind: z.literal('returning') }).strict(),
  ],
  { error: 'kind must be one of field-present, field-equals, choice, tag, source, stage, returning' },
);
export type ScoringTest = z.output<typeof scoringTestSchema>;

export const scoringRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lower-case letters, digits and -'),
    /** Shown in the score's reasons, e.g. "Gave a phone number". */
    label: z.string().trim().min(1, 'write what the points are for, e.g. "Gave a phone number"').max(120, 'at most 120 characters'),
    points: z
      .number({ message: 'write a whole number of points, e.g. 10' })
      .int('write a whole number of points, e.g. 10')
      .min(-1000, 'at least -1000 points')
      .max(1000, 'at most 1000 points'),
    when: scoringTestSchema,
  })
  .strict();
export type ScoringRule = z.output<typeof scoringRuleSchema>;

export interface ScoreReason {
  rule: string;
  label: string;
  points: number;
}

export interface Score {
  score: number;
  reasons: ScoreReason[];
}

export function testHolds(test: ScoringTest, c: ContactSnapshot): boolean {
  switch (test.kind) {
    case 'field-present':
      return hasValue(c.fields[test.field]);
    case 'field-equals':
    case 'choice':
      return valueMatches(c.fields[test.field], test.value);
    case 'tag':
      return c.tags.includes(test.tag);
    case 'source':
      return c.source.channel === test.source || c.source.campaign === test.source;
    case 'stage':
      return c.stage === test.stage;
    case 'returning':
      return c.returning;
  }
}

export function scoreContact(rules: readonly ScoringRule[], c: ContactSnapshot): Score {
  const reasons: ScoreReason[] = [];
  let score = 0;
  for (const r of rules) {
    if (!testHolds(r.when, c)) continue;
    score += r.points;
    reasons.push({ rule: r.id, label: r.label, points: r.points });
  }
  return { score, reasons };
}

/** Whether any scoring rule looks at the stage (then a stage change can move the score). */
export function scoreDependsOnStage(rules: readonly ScoringRule[]): boolean {
  return rules.some((r) => r.when.kind === 'stage');
}
