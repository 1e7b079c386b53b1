/**
 * Acknowledgements, cloud -> device on `devices/<id>/acks`, QoS 1, sent only after the write they report committed.
 * `frontdesk.acks/1` carries every ack of one bridge commit for the device; `frontdesk.ack/1` is a single one.
 * Devices accept both.
 */
import { z } from 'zod';
import { idempotencyKeySchema } from './common.js';

export const ackItemSchema = z.object({
  idempotencyKey: idempotencyKeySchema,
  /** stored: written now; duplicate: seen before (or older than what is stored), nothing changed; rejected: invalid, will never be stored. */
  status: z.enum(['stored', 'duplicate', 'rejected']),
  reason: z.string().max(500).optional(),
});
export type AckItem = z.infer<typeof ackItemSchema>;

export const ackSchema = ackItemSchema.extend({ schema: z.literal('frontdesk.ack/1') });
export type Ack = z.infer<typeof ackSchema>;

export const ackBatchSchema = z.object({ schema: z.literal('frontdesk.acks/1'), acks: z.array(ackItemSchema).min(1).max(5000) });
export type AckBatch = z.infer<typeof ackBatchSchema>;

export const anyAckSchema = z.union([ackSchema, ackBatchSchema]);

export function ackItemsOf(msg: z.infer<typeof anyAckSchema>): AckItem[] {
  if (msg.schema === 'frontdesk.acks/1') return msg.acks;
  const { schema: _schema, ...item } = msg;
  return [item];
}
