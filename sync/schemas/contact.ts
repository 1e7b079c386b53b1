/**
 * Contact upserts, device -> cloud on `devices/<id>/contacts/upsert`, QoS 1, through the outbox.
 * One message per record version; `idempotencyKey` is `contact.upsert:<contact id>:v<version>`.
 */
import { z } from 'zod';
import { deviceIdSchema, idempotencyKeySchema, iso } from './common.js';

export const contactRecordSchema = z.object({
  id: z.string().min(1).max(64),
  version: z.number().int().min(1),
  name: z.string().min(1).max(200),
  phone: z.string().max(32).nullable(),
  email: z.string().max(254).nullable(),
  reason: z.string().max(200).nullable(),
  fields: z.record(z.string(), z.union([z.string().max(2000), z.boolean()])),
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
