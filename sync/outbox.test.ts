import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SqliteOutbox } from './outbox.js';

// The table as the device store's migrations create it (sync/ does not import device/).
function outbox() {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    record_id TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    last_sent_at TEXT, delivered_at TEXT)`);
  return new SqliteOutbox(db);
}
const put = (o: SqliteOutbox, record: string, version: number) => o.enqueue({ kind: 'contact.upsert', recordId: record, version, payload: '{}' });

describe('outbox ordering', () => {
  it('sends at most one version per record, oldest first, so a later version never overtakes an earlier one', () => {
    const o = outbox();
    const a1 = put(o, 'a', 1);
    const b1 = put(o, 'b', 1);
    put(o, 'a', 2);
    const c1 = put(o, 'c', 1);
    put(o, 'a', 3);
    expect(o.nextBatch(10, new Map()).map((e) => e.idempotencyKey)).toEqual(['contact.upsert:a:v1', 'contact.upsert:b:v1', 'contact.upsert:c:v1']);
    // a v1 in flight: a v2 waits for its ack, c goes.
    expect(
      o
        .nextBatch(
          10,
          new Map([
            [a1.seq, 'a'],
            [b1.seq, 'b'],
          ]),
        )
        .map((e) => e.recordId),
    ).toEqual(['c']);
    expect(o.markDeliveredMany([a1.idempotencyKey, b1.idempotencyKey, 'unknown'])).toEqual([a1.idempotencyKey, b1.idempotencyKey]);
    expect(o.nextBatch(10, new Map([[c1.seq, 'c']])).map((e) => e.idempotencyKey)).toEqual(['contact.upsert:a:v2']);
    expect(o.nextBatch(1, new Map()).map((e) => e.idempotencyKey)).toEqual(['contact.upsert:a:v2']);
  });

  it('is not starved by many queued versions of one record', () => {
    const o = outbox();
    for (let v = 1; v <= 300; v++) put(o, 'busy', v);
    put(o, 'other', 1);
    expect(o.nextBatch(5, new Map()).map((e) => e.recordId)).toEqual(['busy', 'other']);
  });

  it('counts attempts in one transaction', () => {
    const o = outbox();
    const a = put(o, 'a', 1);
    o.markSentMany([a.seq]);
    o.markSentMany([a.seq]);
    expect(o.pending(1)[0]!.attempts).toBe(2);
    expect(o.depth()).toMatchObject({ pending: 1, delivered: 0 });
  });
});
