/**
 * Technician commands, cloud -> device on `devices/<id>/commands` (QoS 1, not retained), each answered on
 * `devices/<id>/commands/result`. A command the device does not know is answered `unsupported`, never ignored.
 */
import { z } from 'zod';
import { deviceIdSchema, iso } from './common.js';

export const COMMANDS = ['ping', 'sync-now', 'report-config', 'report-telemetry'] as const;

export const commandSchema = z.object({
  schema: z.literal('frontdesk.command/1'),
  id: z.string().min(1).max(64),
  /** One of COMMANDS; other names are accepted here and answered `unsupported` by the device. */
  command: z.string().min(1).max(64),
  args: z.record(z.string(), z.unknown()).default({}),
  /** The device refuses a command received after this time. */
  expiresAt: iso.optional(),
});
export type Command = z.infer<typeof commandSchema>;

export const commandResultSchema = z.object({
  schema: z.literal('frontdesk.command.result/1'),
  id: z.string().min(1).max(64),
  deviceId: deviceIdSchema,
  status: z.enum(['done', 'failed', 'unsupported', 'expired', 'invalid']),
  detail: z.string().max(2000),
  at: iso,
});
export type CommandResult = z.infer<typeof commandResultSchema>;
