/**
 * Contact upserts, device -> cloud on `devices/<id>/contacts/upsert`, QoS 1, through the outbox.
 * One message per record version; `idempotencyKey` is `contact.upsert:<contact id>:v<version>`.
 * The record is the device's projection of the contact's activities (sync/schemas/activity.ts, which carry the
 * story): the cloud keeps the highest version for fast reads and exports. The fields marked "since the CRM" are
 * optional so that records of earlier devices still validate.
 */
import { z } from 'zod';
import { fieldValueSchema, sourceSchema } from './activity.js';
import { deviceIdSchema, idempotencyKeySchema, iso } from './common.js';

export const contactRecordSchema = z.object({
  id: z.string().min(1).max(64),
  version: z.number().int().min(1),
  name: z.string().min(1).max(200),
  phone: z.string().max(32).nullable(),
  email: z.string().max(254).nullable(),
  reason: z.string().max(200).nullable(),
  fields: z.record(z.string(), fieldValueSchema),
  consent: z.object({ given: z.boolean(), text: z.string().max(2000), at: iso }).nullable(),
  source: z.string().max(40),
  stage: z.string().max(40),
  tags: z.array(z.string().max(64)).max(100),
  transcript: z
    .array(
      z.object({
        who: z.enum(['robot', 'visitor']),
        text: z.string().max(4000),
        channel: z.string().max(16),
        fieldId: z.string().max(32).nullable(),
        at: iso,
      }),
    )
    .max(500),
  visitId: z.string().max(64),
  // Since the CRM:
  /** The ten-second read for a rep, generated on the device. */
  profile: z.string().max(4000).optional(),
  owner: z.string().max(120).nullable().optional(),
  score: z.number().finite().nullable().optional(),
  outcome: z
    .object({ result: z.enum(['won', 'lost']), reason: z.string().max(64).nullable(), at: iso })
    .nullable()
    .optional(),
  sourceDetail: sourceSchema.optional(),
  consentVersion: z.string().max(80).nullable().optional(),
  visits: z.number().int().min(0).optional(),
  /** Fields (ids) whose current value was heard by voice and never confirmed by the visitor nor since by staff; absent: none. */
  unconfirmed: z.array(z.string().max(32)).max(100).optional(),
  createdAt: iso,
  updatedAt: iso,
});
export type ContactRecord = z.infer<typeof contactRecordSchema>;

export const contactUpsertSchema = z.object({
  schema: z.literal('frontdesk.contact.upsert/1'),
  idempotencyKey: idempotencyKeySchema,
  deviceId: deviceIdSchema,
  contact: contactRecordSchema,
});
export type ContactUpsert = z.infer<typeof contactUpsertSchema>;
