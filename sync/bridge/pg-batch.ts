/**
 * The hot path of the PostgreSQL bridge store: a batch's contacts and ordinary activities (not erasures or merges)
 * written by one call of `bridge_store_batch` (migration 4), which takes the batch's device locks and does the
 * inserts in the same statement. Alone it is its own transaction (one round trip for the batch); inside a larger
 * transaction that already holds the locks it is called with none.
 */
import type pg from 'pg';
import type { ActivityMessage, ContactUpsert } from '../payloads.js';
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

/**
 * Writes the contacts and activities, answering each in `out` at its index: 'stored' for the one write that changed
 * the database, 'duplicate' for the rest (a redelivery, a lower or equal version, a second copy in the same batch,
 * anything about an erased contact). `lockKeys` sorted ascending, taken shared; empty when the caller holds them.
 */
export async function storeBatch(
  db: Queryable,
  lockKeys: readonly number[],
  activities: readonly { i: number; msg: ActivityMessage }[],
  contacts: readonly { i: number; msg: ContactUpsert }[],
  out: UpsertOutcome[],
): Promise<void> {
  // Only the first copy of an activity can be the stored one.
  const firstActivity = new Map<string, { i: number; msg: ActivityMessage }>();
  for (const it of activities) {
    out[it.i] = 'duplicate';
    const k = `${it.msg.deviceId}\u0000${it.msg.activity.id}`;
    if (!firstActivity.has(k)) firstActivity.set(k, it);
  }
  // Only the highest version of a contact is sent: one INSERT ... ON CONFLICT DO UPDATE may not touch a row twice.
  const bestContact = new Map<string, { i: number; msg: ContactUpsert }>();
  for (const it of contacts) {
    out[it.i] = 'duplicate';
    const k = `${it.msg.deviceId}\u0000${it.msg.contact.id}`;
    const cur = bestContact.get(k);
    if (!cur || cur.msg.contact.version < it.msg.contact.version) bestContact.set(k, it);
  }
  const activityRows = [...firstActivity.values()].map(({ msg }) => activityRow(msg));
  const contactRows = [...bestContact.values()].map(({ msg }) => contactRow(msg));
  const r = await db.query<{ stored_kind: 'activity' | 'contact'; stored_device: string; stored_id: string }>({
    name: 'bridge_store_batch',
    text: 'SELECT stored_kind, stored_device, stored_id FROM bridge_store_batch($1, $2, $3, $4)',
    values: [DEVICE_LOCK_SPACE, lockKeys, JSON.stringify(activityRows), JSON.stringify(contactRows)],
  });
  for (const row of r.rows) {
    const k = `${row.stored_device}\u0000${row.stored_id}`;
    const i = row.stored_kind === 'activity' ? firstActivity.get(k)?.i : bestContact.get(k)?.i;
    if (i !== undefined) out[i] = 'stored';
  }
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
