/**
 * Handoff rules as data, set by staff without code: *when* (a trigger), *if* (conditions, all must hold), *then*
 * (ordered actions). Rules run in their order. Checked against people and the CRM by ./validate.ts.
 */
import { z } from 'zod';
import { dueSchema } from './business-hours.js';
import { memberIdSchema, ROLES } from './people.js';

const ref = z.string().min(1).max(64);
const role = z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` });
const scalar = z.union([z.string().min(1).max(200), z.number().finite(), z.boolean()]);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write a time as HH:MM in 24-hour time, e.g. 08:30');

export const triggerSchema = z.discriminatedUnion(
  'on',
  [
    z.object({ on: z.literal('lead-stored') }).strict(),
    /** Any field when `field` is left out. */
    z.object({ on: z.literal('field-answered'), field: ref.optional() }).strict(),
    z.object({ on: z.literal('tag-added'), tag: ref.optional() }).strict(),
    z.object({ on: z.literal('stage-entered'), stage: ref }).strict(),
    /** The score goes from below `score` to `score` or more. */
    z.object({ on: z.literal('score-crosses'), score: z.number().int().min(-100_000).max(100_000) }).strict(),
    z.object({ on: z.literal('person-requested') }).strict(),
    z.object({ on: z.literal('visit-abandoned') }).strict(),
  ],
  { error: 'trigger "on" must be one of lead-stored, field-answered, tag-added, stage-entered, score-crosses, person-requested, visit-abandoned' },
);
export type Trigger = z.output<typeof triggerSchema>;

export const conditionSchema = z.discriminatedUnion(
  'kind',
  [
    /** The field holds a value, or (with `equals`) that value; a multi-choice field matches when it holds it. */
    z.object({ kind: z.literal('field'), field: ref, equals: scalar.optional() }).strict(),
    z.object({ kind: z.literal('tag'), tag: ref, present: z.boolean().default(true) }).strict(),
    /** Source channel ('kiosk-voice') or campaign tag id. */
    z.object({ kind: z.literal('source'), source: ref }).strict(),
    z.object({ kind: z.literal('stage'), stages: z.array(ref).min(1, 'name at least one stage') }).strict(),
    z
      .object({ kind: z.literal('score'), min: z.number().int().optional(), max: z.number().int().optional() })
      .strict()
      .refine((s) => s.min !== undefined || s.max !== undefined, { message: 'give a score min, max or both' }),
    /** Local time of the device; `from` after `to` spans midnight (22:00-06:00). */
    z.object({ kind: z.literal('time-of-day'), from: clock, to: clock }).strict(),
    z.object({ kind: z.literal('consent'), given: z.boolean().default(true) }).strict(),
  ],
  { error: 'condition kind must be one of field, tag, source, stage, score, time-of-day, consent' },
);
export type Condition = z.output<typeof conditionSchema>;

/** Who an owner assignment goes to. */
export const assigneeSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('member'), member: memberIdSchema }).strict(),
    /** The next member of the role, in turn (members on shift first). */
    z.object({ kind: z.literal('round-robin'), role }).strict(),
    /** Whoever is on shift (optionally of one role), in turn when several are. */
    z.object({ kind: z.literal('on-shift'), role: role.optional() }).strict(),
  ],
  { error: 'assign "kind" must be one of member, round-robin, on-shift' },
);
export type Assignee = z.output<typeof assigneeSchema>;

/** Who a notification or task goes to. */
export const recipientSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('owner') }).strict(),
    z.object({ kind: z.literal('member'), member: memberIdSchema }).strict(),
    z.object({ kind: z.literal('role'), role }).strict(),
    z.object({ kind: z.literal('on-shift') }).strict(),
  ],
  { error: 'recipient "kind" must be one of owner, member, role, on-shift' },
);
export type Recipient = z.output<typeof recipientSchema>;

export const actionSchema = z.discriminatedUnion(
  'do',
  [
    /** Moves the contact to a stage (if it meets the stage's criteria), with the rule's name in the note. */
    z.object({ do: z.literal('set-stage'), stage: ref }).strict(),
    z.object({ do: z.literal('assign'), to: assigneeSchema }).strict(),
    /** A follow-up task for the owner by default (a team task while there is none). */
    z
      .object({
        do: z.literal('create-task'),
        title: z.string().trim().min(1, 'give the task a title').max(200),
        due: dueSchema,
        for: recipientSchema.default({ kind: 'owner' }),
      })
      .strict(),
    z
      .object({
        do: z.literal('notify'),
        to: recipientSchema,
        /** What the notification says; default: the rule's name, the contact and what happened. */
        message: z.string().trim().min(1).max(500).optional(),
        /** Escalate when nobody acknowledged it within this time; default: the escalation settings. 0 = never. */
        escalateAfterMinutes: z
          .number()
          .int()
          .min(0)
          .max(7 * 24 * 60)
          .optional(),
      })
      .strict(),
  ],
  { error: 'action "do" must be one of set-stage, assign, create-task, notify' },
);
export type Action = z.output<typeof actionSchema>;

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lower-case letters, digits and - (at most 64), e.g. "hair-coloring-to-maria"'),
    name: z.string().trim().min(1, 'give the rule a name').max(120),
    enabled: z.boolean().default(true),
    when: triggerSchema,
    if: z.array(conditionSchema).max(20).default([]),
    then: z.array(actionSchema).min(1, 'a rule needs at least one action').max(10),
  })
  .strict();
export type Rule = z.output<typeof ruleSchema>;
export type RuleInput = z.input<typeof ruleSchema>;
