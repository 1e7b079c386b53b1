/**
 * Follow-up tasks, device -> cloud on `devices/<id>/tasks`, QoS 1, through the outbox. Versioned like contacts:
 * `idempotencyKey` is `task.upsert:<task id>:v<version>`; the cloud keeps the highest version.
 */
import { z } from 'zod';
import { deviceIdSchema, idempotencyKeySchema, iso } from './common.js';

export const taskRecordSchema = z.object({
  id: z.string().min(1).max(64),
  version: z.number().int().min(1),
  contactId: z.string().min(1).max(64).nullable(),
  title: z.string().min(1).max(200),
  assignee: z.string().max(120).nullable(),
  dueAt: iso.nullable(),
  status: z.enum(['open', 'done', 'cancelled']),
  notes: z.string().max(4000).nullable(),
  createdAt: iso,
  updatedAt: iso,
});
export type TaskRecord = z.infer<typeof taskRecordSchema>;

export const taskUpsertSchema = z.object({
  schema: z.literal('frontdesk.task.upsert/1'),
  idempotencyKey: idempotencyKeySchema,
  deviceId: deviceIdSchema,
  task: taskRecordSchema,
});
export type TaskUpsert = z.infer<typeof taskUpsertSchema>;
