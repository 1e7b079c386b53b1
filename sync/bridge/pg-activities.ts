/**
 * The CRM story on PostgreSQL: activities stored once by (device, activity id), erasures as tombstones that win, and
 * merges that re-point the absorbed story to the survivor (the contract: sync/bridge/store.ts). Called inside the
 * batch's transaction, which holds the device's advisory lock (exclusively for erasures and merges). Ordinary
 * activities are written with the contacts (sync/bridge/pg-batch.ts).
 */
import type pg from 'pg';
import type { ActivityMessage } from '../payloads.js';
import type { UpsertOutcome } from './store.js';

/** An erasure or a merge (see sync/bridge/store.ts); the batch holds this device's lock exclusively. */
export async function applyActivity(client: pg.PoolClient, msg: ActivityMessage): Promise<UpsertOutcome> {
  const { deviceId } = msg;
  const a = msg.activity;
  const exists = async (sql: string, params: unknown[]): Promise<boolean> => ((await client.query(sql, params)).rowCount ?? 0) > 0;
  const tombstoned = (id: string) => exists(`SELECT 1 FROM crm_tombstones WHERE device_id = $1 AND contact_id = $2`, [deviceId, id]);
  if (await exists(`SELECT 1 FROM crm_activities WHERE device_id = $1 AND activity_id = $2`, [deviceId, a.id])) return 'duplicate';
  if (a.type === 'erasure') {
    if (await tombstoned(a.contactId)) return 'duplicate';
    await erase(client, deviceId, a.contactId, { at: a.at, activityId: a.id, reason: a.data.reason });
    return 'stored';
  }
  if (a.type !== 'merge') throw new Error(`applyActivity takes erasures and merges, not ${a.type}`);
  const survivor = (
    await client.query<{ s: string }>(`SELECT survivor_id AS s FROM crm_merges WHERE device_id = $1 AND absorbed_id = $2`, [deviceId, a.contactId])
  ).rows[0]?.s;
  const target = survivor ?? a.contactId;
  const absorbed = a.data.from;
  if (await tombstoned(target)) {
    // The survivor was erased before this merge arrived: the absorbed story was part of what was erased.
    if (await tombstoned(absorbed)) return 'duplicate';
    await erase(client, deviceId, absorbed, { at: a.at, activityId: a.id, reason: 'merged-into-erased' });
    return 'stored';
  }
  if (absorbed !== target && !(await tombstoned(absorbed))) {
    await client.query(`INSERT INTO crm_merges (device_id, absorbed_id, survivor_id, activity_id, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [
      deviceId,
      absorbed,
      target,
      a.id,
      a.at,
    ]);
    // Flat: whatever the absorbed one had absorbed now belongs to the survivor.
    await client.query(`UPDATE crm_merges SET survivor_id = $3 WHERE device_id = $1 AND survivor_id = $2`, [deviceId, absorbed, target]);
    await client.query(`UPDATE crm_activities SET contact_id = $3 WHERE device_id = $1 AND contact_id = $2`, [deviceId, absorbed, target]);
    await client.query(`DELETE FROM crm_contacts WHERE device_id = $1 AND contact_id = $2`, [deviceId, absorbed]);
  }
  await client.query(`INSERT INTO crm_activities (device_id, activity_id, contact_id, type, at, idempotency_key, body) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    deviceId,
    a.id,
    target,
    a.type,
    a.at,
    msg.idempotencyKey,
    JSON.stringify(a),
  ]);
  return 'stored';
}

/** Deletes everything about a contact (and the contacts it absorbed) and leaves a tombstone for each. */
async function erase(client: pg.PoolClient, deviceId: string, contactId: string, t: { at: string; activityId: string; reason: string }): Promise<void> {
  const absorbed = (
    await client.query<{ id: string }>(`SELECT absorbed_id AS id FROM crm_merges WHERE device_id = $1 AND survivor_id = $2`, [deviceId, contactId])
  ).rows.map((r) => r.id);
  const ids = [contactId, ...absorbed];
  await client.query(
    `INSERT INTO crm_tombstones (device_id, contact_id, at, activity_id, reason) SELECT $1, id, $3, $4, $5 FROM unnest($2::text[]) AS id
     ON CONFLICT DO NOTHING`,
    [deviceId, ids, t.at, t.activityId, t.reason],
  );
  await client.query(`DELETE FROM crm_contacts WHERE device_id = $1 AND contact_id = ANY($2)`, [deviceId, ids]);
  await client.query(`DELETE FROM crm_activities WHERE device_id = $1 AND contact_id = ANY($2)`, [deviceId, ids]);
  await client.query(`DELETE FROM crm_events WHERE device_id = $1 AND contact_id = ANY($2)`, [deviceId, ids]);
  await client.query(`DELETE FROM crm_tasks WHERE device_id = $1 AND contact_id = ANY($2)`, [deviceId, ids]);
  // A refused message about the contact may hold its details too.
  await client.query(`DELETE FROM dead_letters d WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS id WHERE strpos(d.payload, id) > 0)`, [ids]);
  await client.query(`DELETE FROM crm_merges WHERE device_id = $1 AND (survivor_id = ANY($2) OR absorbed_id = ANY($2))`, [deviceId, ids]);
}
