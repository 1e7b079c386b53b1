/**
 * Versioned payload schemas of the sync protocol. The `schema` field names the payload and its major version;
 * receivers validate with these before acting, and reject (dead-letter) anything else.
 */
import { z } from 'zod';

const iso = z.string().datetime({ offset: true });

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
  idempotencyKey: z.string().min(1).max(200),
  deviceId: z.string().min(1).max(64),
  contact: contactRecordSchema,
});
export type ContactUpsert = z.infer<typeof contactUpsertSchema>;

export const ackSchema = z.object({
  schema: z.literal('frontdesk.ack/1'),
  idempotencyKey: z.string().min(1).max(200),
  /** stored: written now; duplicate: seen before, nothing changed; rejected: invalid, will never be stored. */
  status: z.enum(['stored', 'duplicate', 'rejected']),
  reason: z.string().max(500).optional(),
});
export type Ack = z.infer<typeof ackSchema>;

/** Parses a JSON buffer against a schema; returns the reason on failure instead of throwing. */
export function decode<T>(schema: z.ZodType<T>, buf: Buffer | string): { ok: true; value: T } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(typeof buf === 'string' ? buf : buf.toString('utf8'));
  } catch {
    return { ok: false, reason: 'payload is not JSON' };
  }
  const r = schema.safeParse(json);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
}
