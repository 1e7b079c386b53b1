/**
 * CRM activities, device -> cloud on `devices/<id>/activities`, QoS 1, through the outbox; one message per activity,
 * `idempotencyKey` is `activity:<activity id>:v1`. A contact's story is the append-only list of its activities; its
 * current fields, tags, stage, owner and outcome are a projection of them, so a receiver applies each activity once
 * (by id) and re-projects: applying one twice, or two out of order, changes nothing. An `erasure` is a tombstone that
 * wins over everything else about that contact, whenever it arrives.
 *
 * Order of a story: by `at`, then by `id` (both sides sort the same way, so they fold to the same projection).
 */
import { z } from 'zod';
import { deviceIdSchema, idempotencyKeySchema, iso } from './common.js';

/** One answer as stored: text, a number, yes/no, several choices, or nothing (a field cleared). */
export const fieldValueSchema = z.union([z.string().max(4000), z.number().finite(), z.boolean(), z.array(z.string().max(200)).max(50), z.null()]);
export type ActivityFieldValue = z.infer<typeof fieldValueSchema>;

/** Who did it: a staff member, a rule, the robot (a visit), the cloud side, or the system (retention, migration). */
export const actorSchema = z.object({
  kind: z.enum(['staff', 'rule', 'robot', 'cloud', 'system']),
  id: z.string().max(64).nullable(),
  name: z.string().min(1).max(120),
});
export type Actor = z.infer<typeof actorSchema>;

/** Where it happened: this device (its id) or the cloud. */
export const originSchema = z.object({ kind: z.enum(['device', 'cloud']), id: z.string().min(1).max(64) });

export const transcriptLineSchema = z.object({
  who: z.enum(['robot', 'visitor']),
  text: z.string().max(4000),
  channel: z.string().max(16),
  fieldId: z.string().max(32).nullable(),
  at: iso,
});

/** Consent as given: the exact text shown and spoken, its version (a hash of the text), channel, language, time. */
export const consentSchema = z.object({
  given: z.boolean(),
  text: z.string().max(2000),
  version: z.string().max(80),
  channel: z.string().max(16),
  language: z.string().max(16),
  at: iso,
});

export const sourceSchema = z.object({
  /** 'kiosk-voice' | 'kiosk-touch' | 'simulate' | 'staff' | 'import' */
  channel: z.string().min(1).max(40),
  deviceId: z.string().max(64).nullable(),
  site: z.string().max(120).nullable(),
  /** How they heard about us, as a canonical tag id, when it mapped to one. */
  campaign: z.string().max(64).nullable(),
});
export type ActivitySource = z.infer<typeof sourceSchema>;

const base = {
  id: z.string().uuid(),
  contactId: z.string().min(1).max(64),
  at: iso,
  by: actorSchema,
  origin: originSchema,
};

const text = (max: number) => z.string().max(max);

export const activitySchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('visit'),
    data: z.object({
      visitId: z.string().min(1).max(64),
      channel: z.enum(['voice', 'touch', 'mixed', 'text']),
      source: sourceSchema,
      answers: z.record(z.string().max(32), fieldValueSchema),
      transcript: z.array(transcriptLineSchema).max(500),
      consent: consentSchema.nullable(),
      /** The person was already a contact (found by phone or email). */
      returning: z.boolean(),
      /** The visitor walked away before confirming: only what consent allows was kept. */
      partial: z.boolean(),
      /**
       * Answers (field ids) heard by voice that the visitor never confirmed (no read-back, no spelling, not typed):
       * kept for staff to check, e.g. a phone number that may be one digit off. Absent when every answer was
       * confirmed, and on devices from before it (optional, so their activities still validate).
       */
      unconfirmed: z.array(z.string().max(32)).max(100).optional(),
    }),
  }),
  z.object({ ...base, type: z.literal('field-changed'), data: z.object({ field: z.string().min(1).max(32), from: fieldValueSchema, to: fieldValueSchema }) }),
  z.object({
    ...base,
    type: z.literal('tag-added'),
    data: z.object({ tag: z.string().min(1).max(64), category: z.string().max(64), matched: text(200).nullable() }),
  }),
  z.object({ ...base, type: z.literal('tag-removed'), data: z.object({ tag: z.string().min(1).max(64), category: z.string().max(64) }) }),
  z.object({
    ...base,
    type: z.literal('stage-changed'),
    data: z.object({ from: z.string().max(64).nullable(), to: z.string().min(1).max(64), note: z.string().min(1).max(4000) }),
  }),
  z.object({ ...base, type: z.literal('note'), data: z.object({ text: z.string().min(1).max(4000) }) }),
  z.object({
    ...base,
    type: z.literal('outcome'),
    data: z.object({
      result: z.enum(['won', 'lost']),
      reason: z.string().max(64).nullable(),
      wellQualified: z.boolean().nullable(),
      objection: text(1000).nullable(),
      note: text(4000).nullable(),
    }),
  }),
  /** `contactId` absorbed `data.from`: both stories are kept, under `contactId`. */
  z.object({ ...base, type: z.literal('merge'), data: z.object({ from: z.string().min(1).max(64) }) }),
  /** Tombstone: everything about `contactId` is deleted, and stays deleted. */
  z.object({ ...base, type: z.literal('erasure'), data: z.object({ reason: z.enum(['staff', 'retention', 'visitor']) }) }),
  z.object({
    ...base,
    type: z.literal('owner-changed'),
    data: z.object({ from: z.string().max(64).nullable(), to: z.string().max(64).nullable(), note: text(1000).nullable() }),
  }),
  /**
   * A follow-up task, or a change to one (`data.task` names it): created (title, assignee, due, the contact's profile),
   * acknowledged, completed (with a note), reassigned (new assignee), snoozed (new due), escalated (new assignee,
   * nobody acted in time). The task's current state is the fold of its activities in story order.
   */
  z.object({
    ...base,
    type: z.literal('task'),
    data: z.object({
      task: z.string().uuid(),
      change: z.enum(['created', 'acknowledged', 'completed', 'reassigned', 'snoozed', 'escalated']),
      title: text(200).nullable(),
      /** Member id: the assignee on created / reassigned / escalated (null: a team task). */
      assignee: z.string().max(64).nullable(),
      dueAt: iso.nullable(),
      note: text(4000).nullable(),
      /** The rule that created or escalated it, if any. */
      rule: z.string().max(64).nullable(),
      /** The contact's ten-second profile when the task was created (for whoever reads it off the device). */
      profile: text(2000).nullable(),
    }),
  }),
  /**
   * A notification to staff, or a change to one (`data.notification` names it): sent (to its recipients; the cloud
   * delivers it by email or webhook to those not at the robot), acknowledged, escalated (to the next in line).
   */
  z.object({
    ...base,
    type: z.literal('notification'),
    data: z.object({
      notification: z.string().uuid(),
      change: z.enum(['sent', 'acknowledged', 'escalated']),
      /** Member ids it goes to (sent, escalated). */
      recipients: z.array(z.string().max(64)).max(50),
      message: text(500).nullable(),
      rule: z.string().max(64).nullable(),
      /** When it escalates if nobody acknowledges it (sent, escalated). */
      escalateAt: iso.nullable(),
      note: text(1000).nullable(),
    }),
  }),
]);
export type Activity = z.infer<typeof activitySchema>;
export type ActivityType = Activity['type'];

export const activityMessageSchema = z.object({
  schema: z.literal('frontdesk.activity/1'),
  idempotencyKey: idempotencyKeySchema,
  deviceId: deviceIdSchema,
  activity: activitySchema,
});
export type ActivityMessage = z.infer<typeof activityMessageSchema>;

export function activityMessage(deviceId: string, activity: Activity): ActivityMessage {
  return { schema: 'frontdesk.activity/1', idempotencyKey: `activity:${activity.id}:v1`, deviceId, activity };
}

/** The order of a story on every side: by time, then by id. */
export function compareActivities(a: Pick<Activity, 'at' | 'id'>, b: Pick<Activity, 'at' | 'id'>): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
