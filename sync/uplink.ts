/**
 * Enqueueing events, tasks and CRM activities for the cloud. Call these inside the SQLite transaction that writes what they
 * describe, so both commit or neither does (as ContactStore does for contacts). The payload is validated here:
 * an invalid one throws before anything is queued.
 */
import type { Outbox, OutboxEntry } from './outbox.js';
import {
  activityMessage,
  activityMessageSchema,
  eventMessageSchema,
  taskUpsertSchema,
  type Activity,
  type DeviceEvent,
  type EventMessage,
  type TaskRecord,
  type TaskUpsert,
} from './payloads.js';

export function enqueueEvent(outbox: Outbox, deviceId: string, event: DeviceEvent): OutboxEntry {
  const msg: EventMessage = eventMessageSchema.parse({ schema: 'frontdesk.event/1', idempotencyKey: `event:${event.id}:v1`, deviceId, event });
  return outbox.enqueue({ kind: 'event', recordId: event.id, version: 1, payload: JSON.stringify(msg) });
}

export function enqueueTask(outbox: Outbox, deviceId: string, task: TaskRecord): OutboxEntry {
  const msg: TaskUpsert = taskUpsertSchema.parse({
    schema: 'frontdesk.task.upsert/1',
    idempotencyKey: `task.upsert:${task.id}:v${task.version}`,
    deviceId,
    task,
  });
  return outbox.enqueue({ kind: 'task.upsert', recordId: task.id, version: task.version, payload: JSON.stringify(msg) });
}

/** One CRM activity for the cloud (`activity:<id>:v1`); call it inside the transaction that appends the activity. */
export function enqueueActivity(outbox: Outbox, deviceId: string, activity: Activity): OutboxEntry {
  const msg = activityMessageSchema.parse(activityMessage(deviceId, activity));
  return outbox.enqueue({ kind: 'activity', recordId: activity.id, version: 1, payload: JSON.stringify(msg) });
}
