/**
 * The cloud CRM on PostgreSQL (`pg`). Contacts and tasks are upserted by (device, id) and only a higher version
 * replaces a stored one, so a redelivered or late message changes nothing; events are keyed by idempotency key.
 */
import pg from 'pg';
import { SyncError } from '../errors.js';
import { contactRecordSchema, type ContactUpsert, type DesiredConfig } from '../payloads.js';
import { PG_MIGRATIONS, type PgMigration } from './pg-migrations.js';
import type { BridgeStore, BridgeWrite, CrmContact, DeadLetterRow, DeviceRow, UpsertOutcome } from './store.js';

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
    const client = await this.pool.connect();
    if (writes.length > 0 && writes.every((w) => w.kind === 'contact')) {
      // One statement is atomic on its own: no BEGIN/COMMIT round trips (the common case, and the hot one).
      try {
        const out = new Array<UpsertOutcome>(writes.length);
        await upsertContacts(
          client,
          writes.map((w, i) => ({ i, msg: (w as { msg: ContactUpsert }).msg })),
          out,
        );
        return out;
      } catch (err) {
        throw classify(err);
      } finally {
        client.release();
      }
    }
    try {
      await client.query('BEGIN');
      const out: UpsertOutcome[] = new Array<UpsertOutcome>(writes.length);
      // Contacts go in one statement (one round trip for the batch); the rest one by one, in order.
      const contacts: { i: number; msg: ContactUpsert }[] = [];
      for (let i = 0; i < writes.length; i++) {
        const w = writes[i]!;
        if (w.kind === 'contact') contacts.push({ i, msg: w.msg });
        else out[i] = await apply(client, w);
      }
      if (contacts.length) await upsertContacts(client, contacts, out);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw classify(err);
    } finally {
      client.release();
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
    const r = await this.pool.query<{ device_id: string; record: unknown }>(`SELECT device_id, record FROM crm_contacts ORDER BY created_at, contact_id`);
    return r.rows.map((row) => ({ deviceId: row.device_id, contact: contactRecordSchema.parse(row.record) }));
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

/**
 * Upserts many contacts in one statement. Within the batch only the highest version of each contact is written
 * (the others are answered 'duplicate': superseded in the same commit); a row is replaced only by a higher version.
 */
async function upsertContacts(client: pg.PoolClient, items: { i: number; msg: ContactUpsert }[], out: UpsertOutcome[]): Promise<void> {
  const best = new Map<string, { i: number; msg: ContactUpsert }>();
  for (const it of items) {
    const k = `${it.msg.deviceId}\u0000${it.msg.contact.id}`;
    const cur = best.get(k);
    if (!cur || cur.msg.contact.version < it.msg.contact.version) best.set(k, it);
  }
  for (const it of items) out[it.i] = 'duplicate';
  const rows = [...best.values()].map(({ msg }) => {
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
    };
  });
  const r = await client.query<{ device_id: string; contact_id: string }>(
    `INSERT INTO crm_contacts (device_id, contact_id, version, idempotency_key, name, email, phone, stage, source, record, created_at, updated_at)
     SELECT device_id, contact_id, version, idempotency_key, name, email, phone, stage, source, record, created_at, updated_at
       FROM jsonb_to_recordset($1::jsonb) AS x(device_id text, contact_id text, version integer, idempotency_key text, name text,
            email text, phone text, stage text, source text, record jsonb, created_at timestamptz, updated_at timestamptz)
     ON CONFLICT (device_id, contact_id) DO UPDATE SET version = EXCLUDED.version, idempotency_key = EXCLUDED.idempotency_key,
       name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone, stage = EXCLUDED.stage, source = EXCLUDED.source,
       record = EXCLUDED.record, updated_at = EXCLUDED.updated_at, stored_at = now()
     WHERE crm_contacts.version < EXCLUDED.version
     RETURNING device_id, contact_id`,
    [JSON.stringify(rows)],
  );
  for (const row of r.rows) {
    const it = best.get(`${row.device_id}\u0000${row.contact_id}`);
    if (it) out[it.i] = 'stored';
  }
}

async function apply(client: pg.PoolClient, w: BridgeWrite): Promise<UpsertOutcome> {
  switch (w.kind) {
    case 'contact': {
      const { msg } = w;
      const c = msg.contact;
      const r = await client.query(
        `INSERT INTO crm_contacts (device_id, contact_id, version, idempotency_key, name, email, phone, stage, source, record, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (device_id, contact_id) DO UPDATE SET version = EXCLUDED.version, idempotency_key = EXCLUDED.idempotency_key,
           name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone, stage = EXCLUDED.stage, source = EXCLUDED.source,
           record = EXCLUDED.record, updated_at = EXCLUDED.updated_at, stored_at = now()
         WHERE crm_contacts.version < EXCLUDED.version`,
        [msg.deviceId, c.id, c.version, msg.idempotencyKey, c.name, c.email, c.phone, c.stage, c.source, JSON.stringify(c), c.createdAt, c.updatedAt],
      );
      return r.rowCount ? 'stored' : 'duplicate';
    }
    case 'event': {
      const { msg } = w;
      const e = msg.event;
      const r = await client.query(
        `INSERT INTO crm_events (idempotency_key, device_id, event_id, contact_id, type, at, body) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [msg.idempotencyKey, msg.deviceId, e.id, e.contactId, e.type, e.at, JSON.stringify(e)],
      );
      return r.rowCount ? 'stored' : 'duplicate';
    }
    case 'task': {
      const { msg } = w;
      const t = msg.task;
      const r = await client.query(
        `INSERT INTO crm_tasks (device_id, task_id, version, contact_id, status, record) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (device_id, task_id) DO UPDATE SET version = EXCLUDED.version, contact_id = EXCLUDED.contact_id,
           status = EXCLUDED.status, record = EXCLUDED.record, stored_at = now()
         WHERE crm_tasks.version < EXCLUDED.version`,
        [msg.deviceId, t.id, t.version, t.contactId, t.status, JSON.stringify(t)],
      );
      return r.rowCount ? 'stored' : 'duplicate';
    }
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
    client.release();
  }
}
