/**
 * Events, device -> cloud on `devices/<id>/events`, QoS 1, through the outbox. Append-only facts: a handoff to staff,
 * a lifecycle stage change, a notification sent. `idempotencyKey` is `event:<event id>:v1`.
 */
import { z } from 'zod';
import { deviceIdSchema, idempotencyKeySchema, iso } from './common.js';

const base = { id: z.string().min(1).max(64), contactId: z.string().min(1).max(64).nullable(), at: iso };

export const handoffEventSchema = z.object({
  ...base,
  type: z.literal('handoff'),
  /** Who was told (staff member, role or channel name). */
  to: z.string().min(1).max(120),
  rule: z.string().max(120).nullable(),
  summary: z.string().max(2000),
});
export const stageChangeEventSchema = z.object({
  ...base,
  type: z.literal('stage-change'),
  from: z.string().max(40).nullable(),
  to: z.string().min(1).max(40),
});
export const notificationEventSchema = z.object({
  ...base,
  type: z.literal('notification'),
  channel: z.string().min(1).max(40), // 'screen', 'sms', 'email', 'webhook', ...
  recipient: z.string().max(254),
  status: z.enum(['sent', 'failed']),
  detail: z.string().max(1000).nullable(),
});
export const deviceEventSchema = z.discriminatedUnion('type', [handoffEventSchema, stageChangeEventSchema, notificationEventSchema]);
export type DeviceEvent = z.infer<typeof deviceEventSchema>;

export const eventMessageSchema = z.object({
  schema: z.literal('frontdesk.event/1'),
  idempotencyKey: idempotencyKeySchema,
  deviceId: deviceIdSchema,
  event: deviceEventSchema,
});
export type EventMessage = z.infer<typeof eventMessageSchema>;
