/**
 * The hot path of the PostgreSQL bridge store: a batch's contacts, ordinary activities (not erasures or merges),
 * events and tasks written by one call of `bridge_store_batch` (migration 4), which takes the batch's device locks and does the
 * inserts in the same statement. Alone it is its own transaction (one round trip for the batch); inside a larger
 * transaction that already holds the locks it is called with none.
 */
import type pg from 'pg';
import type { ActivityMessage, ContactUpsert, EventMessage, TaskUpsert } from '../payloads.js';
import type { UpsertOutcome } from './store.js';

/** First key of the per-device advisory locks (the second is a hash of the device id); shared by every bridge. */
export const DEVICE_LOCK_SPACE = 0x666463;

/** The second advisory lock key of a device: 32-bit FNV-1a of its id, as a signed int (lock keys are int4). */
export function deviceLockKey(deviceId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < deviceId.length; i++) {
    h ^= deviceId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** What one call writes, each with its index in the batch. */
export interface BatchParts {
  activities: { i: number; msg: ActivityMessage }[];
  contacts: { i: number; msg: ContactUpsert }[];
  events: { i: number; msg: EventMessage }[];
  tasks: { i: number; msg: TaskUpsert }[];
}

/**
 * Writes the parts, answering each in `out` at its index: 'stored' for the one write that changed the database,
 * 'duplicate' for the rest (a redelivery, a lower or equal version, a second copy in the same batch, anything about
 * an erased contact). `lockKeys` sorted ascending, taken shared; empty when the caller already holds them.
 */
export async function storeBatch(db: Queryable, lockKeys: readonly number[], parts: BatchParts, out: UpsertOutcome[]): Promise<void> {
  // Only the first copy of an activity or event can be the stored one.
  const activities = first(parts.activities, (m) => `${m.deviceId}\u0000${m.activity.id}`, out);
  const events = first(parts.events, (m) => `${m.deviceId}\u0000${m.idempotencyKey}`, out);
  // Only the highest version of a contact or task is sent: one INSERT ... ON CONFLICT DO UPDATE may not touch a row twice.
  const contacts = highest(
    parts.contacts,
    (m) => `${m.deviceId}\u0000${m.contact.id}`,
    (m) => m.contact.version,
    out,
  );
  const tasks = highest(
    parts.tasks,
    (m) => `${m.deviceId}\u0000${m.task.id}`,
    (m) => m.task.version,
    out,
  );
  const r = await db.query<{ stored_kind: 'activity' | 'contact' | 'event' | 'task'; stored_device: string; stored_id: string }>({
    name: 'bridge_store_batch',
    text: 'SELECT stored_kind, stored_device, stored_id FROM bridge_store_batch($1, $2, $3, $4, $5, $6)',
    values: [
      DEVICE_LOCK_SPACE,
      lockKeys,
      JSON.stringify([...activities.values()].map(({ msg }) => activityRow(msg))),
      JSON.stringify([...contacts.values()].map(({ msg }) => contactRow(msg))),
      JSON.stringify([...events.values()].map(({ msg }) => eventRow(msg))),
      JSON.stringify([...tasks.values()].map(({ msg }) => taskRow(msg))),
    ],
  });
  const sent = { activity: activities, contact: contacts, event: events, task: tasks };
  for (const row of r.rows) {
    const i = sent[row.stored_kind].get(`${row.stored_device}\u0000${row.stored_id}`)?.i;
    if (i !== undefined) out[i] = 'stored';
  }
}

/** The first of each key, every item answered 'duplicate' until the database says otherwise. */
function first<M>(items: readonly { i: number; msg: M }[], key: (m: M) => string, out: UpsertOutcome[]): Map<string, { i: number; msg: M }> {
  const m = new Map<string, { i: number; msg: M }>();
  for (const it of items) {
    out[it.i] = 'duplicate';
    const k = key(it.msg);
    if (!m.has(k)) m.set(k, it);
  }
  return m;
}

/** The highest version of each key (the first of equal ones), every item answered 'duplicate' until the database says otherwise. */
function highest<M>(
  items: readonly { i: number; msg: M }[],
  key: (m: M) => string,
  version: (m: M) => number,
  out: UpsertOutcome[],
): Map<string, { i: number; msg: M }> {
  const m = new Map<string, { i: number; msg: M }>();
  for (const it of items) {
    out[it.i] = 'duplicate';
    const k = key(it.msg);
    const cur = m.get(k);
    if (!cur || version(cur.msg) < version(it.msg)) m.set(k, it);
  }
  return m;
}

function eventRow(msg: EventMessage): Record<string, unknown> {
  const e = msg.event;
  return { idempotency_key: msg.idempotencyKey, device_id: msg.deviceId, event_id: e.id, contact_id: e.contactId, type: e.type, at: e.at, body: e };
}

function taskRow(msg: TaskUpsert): Record<string, unknown> {
  const t = msg.task;
  return { device_id: msg.deviceId, task_id: t.id, version: t.version, contact_id: t.contactId, status: t.status, record: t };
}

function activityRow(msg: ActivityMessage): Record<string, unknown> {
  return {
    device_id: msg.deviceId,
    activity_id: msg.activity.id,
    contact_id: msg.activity.contactId,
    type: msg.activity.type,
    at: msg.activity.at,
    idempotency_key: msg.idempotencyKey,
    body: msg.activity,
  };
}

/** The contact record and its projection columns (migration 3). */
function contactRow(msg: ContactUpsert): Record<string, unknown> {
  const c = msg.contact;
  return {
    device_id: msg.deviceId,
    contact_id: c.id,
    version: c.version,
    idempotency_key: msg.idempotencyKey,
    name: c.name,
    email: c.email,
    phone: c.phone,
    stage: c.stage,
    source: c.source,
    record: c,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    profile: c.profile ?? null,
    owner: c.owner ?? null,
    score: c.score ?? null,
    outcome_result: c.outcome?.result ?? null,
    outcome_reason: c.outcome?.reason ?? null,
    outcome_at: c.outcome?.at ?? null,
    source_channel: c.sourceDetail?.channel ?? c.source,
    source_device: c.sourceDetail?.deviceId ?? msg.deviceId,
    source_site: c.sourceDetail?.site ?? null,
    source_campaign: c.sourceDetail?.campaign ?? null,
    consent_version: c.consentVersion ?? null,
    visits: c.visits ?? null,
    tags: c.tags,
    fields: c.fields,
  };
}
