import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { outboxContract } from '../test/support/contracts/outbox.js';
import { SqliteOutbox } from './outbox.js';

// The table as the device store's migrations create it (sync/ does not import device/; no AUTOINCREMENT since 18).
function sqliteOutbox(): SqliteOutbox {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE outbox (seq INTEGER PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    record_id TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    last_sent_at TEXT, delivered_at TEXT, rejected_at TEXT, reject_reason TEXT)`);
  return new SqliteOutbox(db);
}

outboxContract('SqliteOutbox', sqliteOutbox);

const outbox = sqliteOutbox;
const put = (o: SqliteOutbox, record: string, version: number) => o.enqueue({ kind: 'contact.upsert', recordId: record, version, payload: '{}' });

describe('outbox states', () => {
  it('keeps a rejected entry out of the line with its reason, lets later versions go, and requeues it on demand', () => {
    const o = outbox();
    const a1 = put(o, 'a', 1);
    put(o, 'a', 2);
    expect(o.markRejectedMany([{ idempotencyKey: a1.idempotencyKey, reason: 'name contains a NUL character' }])).toEqual([a1.idempotencyKey]);
    expect(o.depth()).toMatchObject({ pending: 1, delivered: 0, rejected: 1 });
    expect(o.stateOf('a')).toEqual({ state: 'pending', deliveredAt: null }); // the latest entry (v2) is pending
    expect(o.nextBatch(10, new Map()).map((e) => e.idempotencyKey)).toEqual(['contact.upsert:a:v2']);
    expect(o.rejected(5)).toEqual([expect.objectContaining({ idempotencyKey: a1.idempotencyKey, recordId: 'a', reason: 'name contains a NUL character' })]);
    // A rejected entry is not delivered: a late 'stored' ack of the same key still counts, and rejecting twice changes nothing.
    expect(o.markRejectedMany([{ idempotencyKey: a1.idempotencyKey, reason: 'again' }])).toEqual([]);
    expect(o.requeueRejected(['unknown'])).toBe(0);
    expect(o.requeueRejected()).toBe(1);
    expect(o.depth()).toMatchObject({ pending: 2, rejected: 0 });
    expect(o.nextBatch(10, new Map()).map((e) => e.idempotencyKey)).toEqual(['contact.upsert:a:v1']);
  });

  it('reports a record whose latest entry was rejected as rejected, with the reason', () => {
    const o = outbox();
    const b1 = put(o, 'b', 1);
    o.markRejectedMany([{ idempotencyKey: b1.idempotencyKey, reason: 'too long' }]);
    expect(o.stateOf('b')).toEqual({ state: 'rejected', deliveredAt: null, reason: 'too long' });
  });

  it('clears a delivered payload but keeps its key, so a late duplicate ack changes nothing', () => {
    const o = outbox();
    const a1 = o.enqueue({ kind: 'contact.upsert', recordId: 'a', version: 1, payload: '{"secret":"Ada Lovelace"}' });
    expect(o.markDeliveredMany([a1.idempotencyKey])).toEqual([a1.idempotencyKey]);
    expect(o.markDeliveredMany([a1.idempotencyKey])).toEqual([]);
    const db = (o as unknown as { db: Database.Database }).db;
    expect(db.prepare('SELECT payload, idempotency_key FROM outbox').all()).toEqual([{ payload: '', idempotency_key: a1.idempotencyKey }]);
    // The key stays unique: enqueueing the same version again is refused by the table, not sent twice.
    expect(() => o.enqueue({ kind: 'contact.upsert', recordId: 'a', version: 1, payload: '{}' })).toThrow(/UNIQUE/);
  });

  it('gives an entry enqueued after the newest one was erased a seq after every entry left (the seq itself may come back)', () => {
    const o = outbox();
    const a = put(o, 'a', 1);
    const b = put(o, 'b', 1);
    expect(o.eraseMentions(['b'])).toBe(1);
    const tombstone = o.enqueue({ kind: 'activity', recordId: 'c0ffee00-0000-7000-8000-000000000001', version: 1, payload: '{"erased":"b"}' });
    expect(tombstone.seq).toBeGreaterThan(a.seq);
    expect(tombstone.seq).toBe(b.seq); // no AUTOINCREMENT: the erased entry's seq, still after every entry there
    expect(o.nextBatch(10, new Map()).map((e) => e.idempotencyKey)).toEqual([a.idempotencyKey, tombstone.idempotencyKey]);
    // A later entry follows it; a seq never comes back while its entry is there.
    expect(put(o, 'a', 2).seq).toBe(tombstone.seq + 1);
  });

  it("prunes delivered entries past the retention but keeps each record's latest entry and everything undelivered", () => {
    const o = outbox();
    const a1 = put(o, 'a', 1);
    const a2 = put(o, 'a', 2);
    const b1 = put(o, 'b', 1);
    const c1 = put(o, 'c', 1);
    o.markDeliveredMany([a1.idempotencyKey, a2.idempotencyKey, b1.idempotencyKey]);
    o.markRejectedMany([{ idempotencyKey: c1.idempotencyKey, reason: 'bad' }]);
    expect(o.prune(new Date(Date.now() - 60_000).toISOString())).toBe(0); // nothing that old
    expect(o.prune(new Date(Date.now() + 60_000).toISOString())).toBe(1); // only a v1: a v2 and b v1 are latest
    expect(o.stateOf('a')).toMatchObject({ state: 'delivered' });
    expect(o.stateOf('b')).toMatchObject({ state: 'delivered' });
    expect(o.depth()).toMatchObject({ delivered: 2, rejected: 1 });
  });
});

describe('outbox payloads at rest (sync/outbox-payload.ts)', () => {
  const big = (who: string) =>
    JSON.stringify({ contact: { id: who, name: `${who} Lovelace`, transcript: Array.from({ length: 30 }, (_, i) => `line ${i} of ${who}`) } });
  const dbOf = (o: SqliteOutbox) => (o as unknown as { db: Database.Database }).db;

  it('stores a large payload compressed and hands out its JSON text, the same as enqueued', () => {
    const o = outbox();
    const e = o.enqueue({ kind: 'contact.upsert', recordId: 'a', version: 1, payload: big('ada') });
    const row = dbOf(o).prepare('SELECT typeof(payload) AS t, length(payload) AS n FROM outbox').get() as { t: string; n: number };
    expect(row.t).toBe('blob');
    expect(row.n).toBeLessThan(Buffer.byteLength(big('ada')));
    expect(e.payload).toBe(big('ada'));
    expect(o.pending(10)).toEqual([e]);
    expect(o.nextBatch(10, new Map())).toEqual([e]);
  });

  it('hands out an entry stored before compression (TEXT) unchanged, in order with new ones', () => {
    const o = outbox();
    dbOf(o)
      .prepare(`INSERT INTO outbox (idempotency_key, kind, record_id, payload, created_at) VALUES (?, ?, ?, ?, ?)`)
      .run('contact.upsert:old:v1', 'contact.upsert', 'old', big('old'), new Date().toISOString());
    const fresh = o.enqueue({ kind: 'contact.upsert', recordId: 'new', version: 1, payload: big('new') });
    expect(o.nextBatch(10, new Map()).map((e) => [e.idempotencyKey, e.payload])).toEqual([
      ['contact.upsert:old:v1', big('old')],
      [fresh.idempotencyKey, big('new')],
    ]);
  });

  it('erasure drops undelivered entries of the record or mentioning it, compressed or not, and marks delivered ones erased', () => {
    const o = outbox();
    const db = dbOf(o);
    const ada = o.enqueue({ kind: 'contact.upsert', recordId: 'ada-id', version: 1, payload: big('ada-id') });
    o.enqueue({ kind: 'activity', recordId: 'act-1', version: 1, payload: big('ada-id') }); // mentions ada, compressed
    db.prepare(`INSERT INTO outbox (idempotency_key, kind, record_id, payload, created_at) VALUES (?, ?, ?, ?, ?)`).run(
      'activity:act-0:v1',
      'activity',
      'act-0',
      '{"activity":{"contactId":"ada-id"}}', // an old TEXT row mentioning ada
      new Date().toISOString(),
    );
    const bob = o.enqueue({ kind: 'contact.upsert', recordId: 'bob-id', version: 1, payload: big('bob-id') });
    o.markDelivered(ada.idempotencyKey);
    expect(o.eraseMentions(['ada-id'])).toBe(2);
    expect(o.pending(10).map((e) => e.recordId)).toEqual(['bob-id']);
    expect(o.pending(10)[0]!.payload).toBe(bob.payload);
    expect(db.prepare('SELECT record_id, payload FROM outbox ORDER BY seq').all()).toEqual([
      { record_id: 'ada-id', payload: '{"erased":true}' },
      { record_id: 'bob-id', payload: expect.any(Buffer) },
    ]);
    expect(o.eraseMentions([])).toBe(0);
    expect(o.eraseMentions([''])).toBe(0); // '' is in every text: never a reason to drop anything
    expect(o.depth().pending).toBe(1);
  });
});
