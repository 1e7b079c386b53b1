/**
 * The one-call batch of the PostgreSQL store (sync/bridge/pg-batch.ts, migration 4) on a real PostgreSQL: copies in
 * one batch and across batches change nothing (contacts, activities, events, tasks), and an erasure that holds the device's lock wins against it.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type Postgres } from '../../test/support/postgres.js';
import { activityMessage, type Activity, type ContactUpsert, type EventMessage, type TaskUpsert } from '../payloads.js';
import { DEVICE_LOCK_SPACE, deviceLockKey } from './pg-batch.js';
import { PostgresBridgeStore } from './pg-store.js';
import type { BridgeWrite } from './store.js';

const DEV = 'lobby-7';
const AT = '2026-11-20T09:00:00.000Z';

const contact = (id: string, version: number, name = 'Ana Lopez'): BridgeWrite => {
  const msg: ContactUpsert = {
    schema: 'frontdesk.contact.upsert/1',
    idempotencyKey: `contact.upsert:${id}:v${version}`,
    deviceId: DEV,
    contact: {
      id,
      version,
      name,
      phone: '+14155551234',
      email: 'ana@example.com',
      reason: null,
      fields: { budget: 100 + version },
      consent: null,
      source: 'kiosk-voice',
      stage: 'new-inquiry',
      tags: ['colour'],
      transcript: [],
      visitId: `visit-${id}`,
      createdAt: AT,
      updatedAt: AT,
    },
  };
  return { kind: 'contact', msg };
};
const note = (contactId: string, id = randomUUID()): BridgeWrite => {
  const a: Activity = {
    id,
    contactId,
    at: AT,
    by: { kind: 'staff', id: 'maria', name: 'Maria' },
    origin: { kind: 'device', id: DEV },
    type: 'note',
    data: { text: 'called back' },
  };
  return { kind: 'activity', msg: activityMessage(DEV, a) };
};

const event = (contactId: string, id = randomUUID()): BridgeWrite => {
  const msg: EventMessage = {
    schema: 'frontdesk.event/1',
    idempotencyKey: `event:${id}:v1`,
    deviceId: DEV,
    event: { id, contactId, at: AT, type: 'handoff', to: 'Maria', rule: 'qualified', summary: 'wants colour' },
  };
  return { kind: 'event', msg };
};
const task = (contactId: string, version: number, title = 'Call Ana'): BridgeWrite => {
  const msg: TaskUpsert = {
    schema: 'frontdesk.task.upsert/1',
    idempotencyKey: `task.upsert:${contactId}-t:v${version}`,
    deviceId: DEV,
    task: { id: `${contactId}-t`, version, contactId, title, assignee: 'Maria', dueAt: AT, status: 'open', notes: null, createdAt: AT, updatedAt: AT },
  };
  return { kind: 'task', msg };
};

let server: Postgres;
let n = 0;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('PostgreSQL store: a batch of contacts and activities in one call', () => {
  it('stores each contact, activity, event and task once, whatever the copies in one batch or across batches', async () => {
    const store = await PostgresBridgeStore.open(await server.createDatabase(`batch_${++n}`), { max: 2 });
    try {
      const c = randomUUID();
      const a = note(c);
      const b = note(c);
      // v2 twice, v1 after it, the same activity twice: only one write of each changes the database.
      const batch = [contact(c, 2), contact(c, 1), a, contact(c, 2), a, b];
      expect(await store.applyBatch(batch)).toEqual(['stored', 'duplicate', 'stored', 'duplicate', 'duplicate', 'stored']);
      expect(await store.applyBatch(batch)).toEqual(batch.map(() => 'duplicate'));
      // Reordered across batches: an older version after a newer one changes nothing, a newer one replaces it.
      expect(await store.applyBatch([contact(c, 1, 'Old Name')])).toEqual(['duplicate']);
      expect(await store.contactVersions()).toEqual([{ deviceId: DEV, contactId: c, version: 2 }]);
      expect(await store.applyBatch([contact(c, 3, 'Ana L.'), b])).toEqual(['stored', 'duplicate']);
      expect((await store.listContacts()).map((x) => [x.contact.name, x.contact.version])).toEqual([['Ana L.', 3]]);
      // Events and tasks likewise: an event twice, task v1 after v2, v2 twice.
      const e = event(c);
      const more = [e, task(c, 2), e, task(c, 1, 'Old title'), task(c, 2)];
      expect(await store.applyBatch(more)).toEqual(['stored', 'stored', 'duplicate', 'duplicate', 'duplicate']);
      expect(await store.applyBatch(more)).toEqual(more.map(() => 'duplicate'));
      expect(await store.applyBatch([task(c, 3, 'Call Ana again')])).toEqual(['stored']);
      expect(await store.query(`SELECT version, record->>'title' AS title FROM crm_tasks`)).toEqual([{ version: 3, title: 'Call Ana again' }]);
      expect(await store.query(`SELECT count(*)::int AS n FROM crm_events`)).toEqual([{ n: 1 }]);
      expect((await store.listActivities({ contactId: c })).map((x) => x.activity.id).sort()).toEqual(
        [a, b].map((w) => (w.kind === 'activity' ? w.msg.activity.id : '')).sort(),
      );
    } finally {
      await store.close();
    }
  });

  it('waits for an erasure that holds the device lock, then sees its tombstone and stores nothing about the contact', async () => {
    const url = await server.createDatabase(`batch_${++n}`);
    const store = await PostgresBridgeStore.open(url, { max: 2 });
    const eraser = new pg.Client({ connectionString: url });
    await eraser.connect();
    try {
      const c = randomUUID();
      // Another bridge is erasing the contact: it holds the device's lock exclusively and has written the tombstone.
      await eraser.query('BEGIN');
      await eraser.query('SELECT pg_advisory_xact_lock($1, $2)', [DEVICE_LOCK_SPACE, deviceLockKey(DEV)]);
      await eraser.query(`INSERT INTO crm_tombstones (device_id, contact_id, at, activity_id, reason) VALUES ($1, $2, $3, $4, 'staff')`, [
        DEV,
        c,
        AT,
        randomUUID(),
      ]);
      let settled = false;
      const racing = store.applyBatch([contact(c, 1), note(c), event(c), task(c, 1)]).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(settled, 'the batch went ahead while an erasure held the device lock').toBe(false);
      await eraser.query('COMMIT');
      expect(await racing).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
      expect(await store.contactVersions()).toEqual([]);
      expect(await store.query(`SELECT (SELECT count(*) FROM crm_events) + (SELECT count(*) FROM crm_tasks) AS n`)).toEqual([{ n: '0' }]);
      expect(await store.listActivities({ contactId: c })).toEqual([]);
    } finally {
      await eraser.end();
      await store.close();
    }
  });
});
