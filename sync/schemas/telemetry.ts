/**
 * Device liveness. `devices/<id>/status`: retained plain text `online` / `offline` (the last will, so a dead device
 * reads `offline`). `devices/<id>/telemetry`: a heartbeat, QoS 0, every `sync.heartbeatMs` and on each connect.
 */
import { z } from 'zod';
import { deviceIdSchema, iso } from './common.js';

export const statusSchema = z.enum(['online', 'offline']);
export type DeviceStatus = z.infer<typeof statusSchema>;

export const telemetrySchema = z.object({
  schema: z.literal('frontdesk.telemetry/1'),
  deviceId: deviceIdSchema,
  at: iso,
  uptimeS: z.number().int().min(0),
  /** Entries still owed to the cloud and the age of the oldest, so a fleet view can see a device that cannot drain. */
  outbox: z.object({ pending: z.number().int().min(0), oldestPendingAt: iso.nullable() }),
  inFlight: z.number().int().min(0),
  configVersion: z.number().int().min(0),
  /** Anything else the runtime reports (body state, software version): small flat values only. */
  extra: z.record(z.string(), z.union([z.string().max(200), z.number(), z.boolean(), z.null()])).default({}),
});
export type Telemetry = z.infer<typeof telemetrySchema>;
