/**
 * The cloud CRM on PostgreSQL (`pg`). Contacts and tasks are upserted by (device, id) and only a higher version
 * replaces a stored one, so a redelivered or late message changes nothing; events are keyed by idempotency key;
 * activities by (device, activity id). Erasures and merges follow sync/bridge/store.ts.
 *
 * Several bridges write at once (a shared subscription), so an erasure must not race a write about the same contact
 * committed by another bridge. Every batch first takes a transaction-level advisory lock per device it touches:
 * shared for ordinary writes (which never wait on each other), exclusive when the batch erases or merges. The locks
 * are taken in one sorted pass (no deadlock between batches), and every statement after them sees what the others
 * committed (READ COMMITTED), so a tombstone committed by one bridge is seen by the next write of another.
 * A batch of only contacts, ordinary activities, events and tasks (the usual one) is a single call of `bridge_store_batch`, which
 * takes the shared locks and writes in one statement and one round trip (sync/bridge/pg-batch.ts).
 */
import pg from 'pg';
import { SyncError } from '../errors.js';
import { activitySchema, contactRecordSchema, type ContactUpsert, type DesiredConfig } from '../payloads.js';
import { applyActivity } from './pg-activities.js';
import { DEVICE_LOCK_SPACE, deviceLockKey, storeBatch, type BatchParts } from './pg-batch.js';
import { PG_MIGRATIONS, type PgMigration } from './pg-migrations.js';
import type { BridgeStore, BridgeWrite, CrmContact, DeadLetterRow, DeviceRow, StoredActivity, TombstoneRow, UpsertOutcome } from './store.js';

const MIGRATION_LOCK = 0x66646b; // any constant shared by every bridge

export class PostgresBridgeStore implements BridgeStore {
  private constructor(private readonly pool: pg.Pool) {}

  /** Connects and applies pending migrations. `connectionString` like postgres://user@host:port/db. */
  static async open(connectionString: string, opts: { max?: number; migrations?: readonly PgMigration[] } = {}): Promise<PostgresBridgeStore> {
    const pool = new pg.Pool({ connectionString, max: opts.max ?? 4 });
    pool.on('error', () => undefined); // an idle client lost its connection; the next query reconnects
    try {
      await migrate(pool, opts.migrations ?? PG_MIGRATIONS);
    } catch (err) {
      await pool.end();
      throw new SyncError(
        'sync_store_failed',
        `Cannot prepare the CRM database: ${(err as Error).message}. Check the connection string and that the user may create tables.`,
        { cause: err },
      );
    }
    return new PostgresBridgeStore(pool);
  }

  async applyBatch(writes: readonly BridgeWrite[]): Promise<UpsertOutcome[]> {
    const out: UpsertOutcome[] = new Array<UpsertOutcome>(writes.length);
    // Contacts, ordinary activities, events and tasks go in one call for the batch, after the rest (erasures and
    // merges among them) one by one in order. Tombstones and merges win whatever the order, so writing them first
    // gives what writing in arrival order would.
    const parts: BatchParts = { activities: [], contacts: [], events: [], tasks: [] };
    const rest: number[] = [];
    for (let i = 0; i < writes.length; i++) {
      const w = writes[i]!;
      if (w.kind === 'contact') parts.contacts.push({ i, msg: w.msg });
      else if (w.kind === 'event') parts.events.push({ i, msg: w.msg });
      else if (w.kind === 'task') parts.tasks.push({ i, msg: w.msg });
      else if (w.kind === 'activity' && w.msg.activity.type !== 'erasure' && w.msg.activity.type !== 'merge') parts.activities.push({ i, msg: w.msg });
      else rest.push(i);
    }
    if (!rest.length) {
      // Its own transaction: the function takes the shared locks, then writes; committed when the statement ends.
      await storeBatch(this.pool, lockPlan(writes).keys, parts, out).catch((err: unknown) => {
        throw classify(err);
      });
      return out;
    }
    const client = await this.pool.connect();
    const lost = watchLoss(client);
    try {
      await client.query('BEGIN');
      await lockDevices(client, writes);
      for (const i of rest) out[i] = await apply(client, writes[i]!);
      if (rest.length < writes.length) await storeBatch(client, [], parts, out);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw classify(err);
    } finally {
      lost.release();
    }
  }

  async upsertContact(msg: ContactUpsert): Promise<UpsertOutcome> {
    return (await this.applyBatch([{ kind: 'contact', msg }]))[0]!;
  }

  async deadLetter(topic: string, payload: string, reason: string): Promise<void> {
    await this.applyBatch([{ kind: 'dead-letter', topic, payload, reason }]);
  }

  async recordDesired(deviceId: string, desired: DesiredConfig): Promise<void> {
    await this.pool.query(
      `INSERT INTO devices (device_id, desired_version, desired, desired_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (device_id) DO UPDATE SET desired_version = $2, desired = $3, desired_at = now()`,
      [deviceId, desired.version, JSON.stringify(desired)],
    );
  }

  async desiredVersion(deviceId: string): Promise<number> {
    const r = await this.pool.query<{ v: number | null }>(`SELECT desired_version AS v FROM devices WHERE device_id = $1`, [deviceId]);
    return r.rows[0]?.v ?? 0;
  }

  async devices(): Promise<DeviceRow[]> {
    const r = await this.pool.query<{
      device_id: string;
      online: boolean | null;
      status_at: Date | null;
      last_seen_at: Date | null;
      telemetry: { outbox?: { pending?: number; oldestPendingAt?: string | null } } | null;
      reported_version: number | null;
      reported: { last?: { status?: string; reason?: string | null } } | null;
      desired_version: number | null;
    }>(`SELECT * FROM devices ORDER BY device_id`);
    return r.rows.map((d) => ({
      deviceId: d.device_id,
      online: d.online,
      statusAt: d.status_at?.toISOString() ?? null,
      lastSeenAt: d.last_seen_at?.toISOString() ?? null,
      outboxPending: d.telemetry?.outbox?.pending ?? null,
      oldestPendingAt: d.telemetry?.outbox?.oldestPendingAt ?? null,
      reportedVersion: d.reported_version,
      reportedStatus: d.reported?.last?.status ?? null,
      reportedReason: d.reported?.last?.reason ?? null,
      desiredVersion: d.desired_version,
    }));
  }

  async listContacts(): Promise<CrmContact[]> {
    const r = await this.pool.query<{ device_id: string; record: unknown; last_visit_at: Date | null }>(
      `SELECT c.device_id, c.record, (SELECT max(a.at) FROM crm_activities a WHERE a.device_id = c.device_id AND a.contact_id = c.contact_id
         AND a.type = 'visit') AS last_visit_at
       FROM crm_contacts c ORDER BY c.created_at, c.contact_id`,
    );
    return r.rows.map((row) => ({
      deviceId: row.device_id,
      contact: contactRecordSchema.parse(row.record),
      lastVisitAt: row.last_visit_at?.toISOString() ?? null,
    }));
  }

  async listActivities(filter: { deviceId?: string; contactId?: string } = {}): Promise<StoredActivity[]> {
    const r = await this.pool.query<{ device_id: string; contact_id: string; body: unknown }>(
      `SELECT device_id, contact_id, body FROM crm_activities WHERE ($1::text IS NULL OR device_id = $1) AND ($2::text IS NULL OR contact_id = $2)
       ORDER BY at, activity_id`,
      [filter.deviceId ?? null, filter.contactId ?? null],
    );
    return r.rows.map((row) => ({ deviceId: row.device_id, contactId: row.contact_id, activity: activitySchema.parse(row.body) }));
  }

  async tombstones(): Promise<TombstoneRow[]> {
    const r = await this.pool.query<{ device_id: string; contact_id: string; at: Date; activity_id: string; reason: string }>(
      `SELECT device_id, contact_id, at, activity_id, reason FROM crm_tombstones ORDER BY stored_at, contact_id`,
    );
    return r.rows.map((t) => ({ deviceId: t.device_id, contactId: t.contact_id, at: t.at.toISOString(), activityId: t.activity_id, reason: t.reason }));
  }

  async deadLetters(): Promise<DeadLetterRow[]> {
    const r = await this.pool.query<{ topic: string; reason: string; at: Date }>(`SELECT topic, reason, at FROM dead_letters ORDER BY id`);
    return r.rows.map((d) => ({ topic: d.topic, reason: d.reason, at: d.at.toISOString() }));
  }

  /** For tests and the fleet view: (device, contact, version) of every stored contact. */
  async contactVersions(): Promise<{ deviceId: string; contactId: string; version: number }[]> {
    const r = await this.pool.query<{ device_id: string; contact_id: string; version: number }>(
      `SELECT device_id, contact_id, version FROM crm_contacts ORDER BY device_id, contact_id`,
    );
    return r.rows.map((x) => ({ deviceId: x.device_id, contactId: x.contact_id, version: x.version }));
  }

  async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(sql, params)).rows;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Which device locks a batch takes (sorted, so batches never wait on each other in a cycle) and which exclusively. */
function lockPlan(writes: readonly BridgeWrite[]): { keys: number[]; exclusive: boolean[] } {
  const exclusive = new Map<number, boolean>();
  for (const w of writes) {
    const deviceId = w.kind === 'status' ? w.deviceId : w.kind === 'dead-letter' ? null : w.msg.deviceId;
    if (deviceId === null) continue;
    const key = deviceLockKey(deviceId);
    const x = w.kind === 'activity' && (w.msg.activity.type === 'erasure' || w.msg.activity.type === 'merge');
    exclusive.set(key, (exclusive.get(key) ?? false) || x);
  }
  const keys = [...exclusive.keys()].sort((a, b) => a - b);
  return { keys, exclusive: keys.map((k) => exclusive.get(k)!) };
}

/** The per-device advisory locks of a batch (see the header), in one sorted pass. */
async function lockDevices(client: pg.PoolClient, writes: readonly BridgeWrite[]): Promise<void> {
  const { keys, exclusive } = lockPlan(writes);
  if (!keys.length) return;
  await client.query(
    `SELECT CASE WHEN x THEN pg_advisory_xact_lock($1, k) ELSE pg_advisory_xact_lock_shared($1, k) END FROM unnest($2::int[], $3::bool[]) AS t(k, x)`,
    [DEVICE_LOCK_SPACE, keys, exclusive],
  );
}

async function apply(client: pg.PoolClient, w: BridgeWrite): Promise<UpsertOutcome> {
  switch (w.kind) {
    case 'activity':
      return applyActivity(client, w.msg);
    case 'contact':
    case 'event':
    case 'task':
      throw new Error(`${w.kind}s are written by storeBatch`);
    case 'status':
      await client.query(
        `INSERT INTO devices (device_id, online, status_at, last_seen_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (device_id) DO UPDATE SET online = $2, status_at = $3,
           last_seen_at = GREATEST(devices.last_seen_at, $3)`,
        [w.deviceId, w.status === 'online', w.at],
      );
      return 'stored';
    case 'telemetry':
      await client.query(
        `INSERT INTO devices (device_id, online, last_seen_at, telemetry) VALUES ($1, true, now(), $2)
         ON CONFLICT (device_id) DO UPDATE SET last_seen_at = now(), telemetry = $2`,
        [w.msg.deviceId, JSON.stringify(w.msg)],
      );
      return 'stored';
    case 'reported':
      await client.query(
        `INSERT INTO devices (device_id, reported_version, reported, reported_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (device_id) DO UPDATE SET reported_version = $2, reported = $3, reported_at = now()`,
        [w.msg.deviceId, w.msg.version, JSON.stringify(w.msg)],
      );
      return 'stored';
    case 'command-result':
      await client.query(
        `INSERT INTO command_results (device_id, command_id, status, detail, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (device_id, command_id) DO UPDATE SET status = $3, detail = $4, at = $5`,
        [w.msg.deviceId, w.msg.id, w.msg.status, w.msg.detail, w.msg.at],
      );
      return 'stored';
    case 'dead-letter':
      // NUL cannot be stored in a text column: keep the rest readable.
      await client.query(`INSERT INTO dead_letters (topic, payload, reason) VALUES ($1, $2, $3)`, [
        clean(w.topic),
        clean(w.payload.slice(0, 65536)),
        clean(w.reason),
      ]);
      return 'stored';
  }
}

function clean(s: string): string {
  return s.replace(/\u0000/g, '\\u0000');
}

/** SQLSTATE class 22 (data exception) and 23 (integrity): this record can never be written; the rest may pass. */
function classify(err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('22') || code.startsWith('23')))
    return new SyncError('sync_bad_record', `the CRM database refused the record: ${(err as Error).message}`, { cause: err });
  return err;
}

async function migrate(pool: pg.Pool, migrations: readonly PgMigration[]): Promise<void> {
  const client = await pool.connect();
  const lost = watchLoss(client);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set((await client.query<{ version: number }>(`SELECT version FROM schema_migrations`)).rows.map((r) => r.version));
    const latest = migrations.at(-1)?.version ?? 0;
    const newest = Math.max(0, ...done);
    if (newest > latest) throw new Error(`the database schema is version ${newest} but this bridge knows up to ${latest}; run a newer bridge`);
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    lost.release();
  }
}

/**
 * A checked-out client whose connection dies between two queries (PostgreSQL restarting: 57P01) emits 'error', and
 * the pool listens only to idle clients: without a listener that would crash the bridge. The next query fails and
 * the batch is answered as a retryable error; the dead client is destroyed on release, not returned to the pool.
 */
function watchLoss(client: pg.PoolClient): { release(): void } {
  let dead: Error | undefined;
  const onError = (err: Error): void => {
    dead = err;
  };
  client.on('error', onError);
  return {
    release() {
      client.off('error', onError);
      client.release(dead);
    },
  };
}
