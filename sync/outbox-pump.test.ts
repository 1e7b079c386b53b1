import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteOutbox, type Outbox, type OutboxEntry } from './outbox.js';
import { OutboxPump, type PumpTimers } from './outbox-pump.js';

// The table as the device store's migrations create it (sync/ does not import device/).
function sqliteOutbox(): SqliteOutbox {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    record_id TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    last_sent_at TEXT, delivered_at TEXT, rejected_at TEXT, reject_reason TEXT)`);
  return new SqliteOutbox(db);
}

/** Timers that fire only when the test moves time on. */
class ManualTimers implements PumpTimers {
  now = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.due.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(handle: unknown): void {
    this.due.delete(handle as number);
  }
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const [id, t] = [...this.due].filter(([, d]) => d.at <= end).sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (id === undefined || !t) break;
      this.due.delete(id);
      this.now = t.at;
      t.fn();
    }
    this.now = end;
  }
}

function harness(opts: { window?: number; outbox?: Outbox; refuse?: (e: OutboxEntry) => boolean } = {}) {
  const outbox = opts.outbox ?? sqliteOutbox();
  const timers = new ManualTimers();
  const sent: string[] = [];
  const delivered: string[] = [];
  const errors: string[] = [];
  const deferred: (() => void)[] = [];
  const pump = new OutboxPump({
    outbox,
    inFlightWindow: opts.window ?? 2,
    ackTimeoutMs: 1_000,
    publish: (e) => {
      if (opts.refuse?.(e)) return false;
      sent.push(e.idempotencyKey);
      return true;
    },
    onDelivered: (keys) => delivered.push(...keys),
    onWriteFailed: (where, err) => errors.push(`cannot record ${where}: ${(err as Error).message}`),
    random: () => 0,
    timers,
    defer: (fn) => deferred.push(fn),
  });
  const turn = (): void => {
    for (const fn of deferred.splice(0)) fn();
  };
  const put = (record: string, version = 1) => outbox.enqueue({ kind: 'contact.upsert', recordId: record, version, payload: '{}' });
  return { outbox, pump, timers, sent, delivered, errors, turn, put };
}

describe('OutboxPump (no broker, no clock)', () => {
  it('keeps at most inFlightWindow entries in flight and sends the next one on each ack', () => {
    const h = harness({ window: 2 });
    for (const r of ['a', 'b', 'c', 'd']) h.put(r);
    h.pump.open();
    h.pump.kick();
    expect(h.sent).toEqual(['contact.upsert:a:v1', 'contact.upsert:b:v1']);
    expect(h.pump.inFlightCount).toBe(2);
    h.pump.ack([{ key: 'contact.upsert:a:v1', reason: null }]);
    h.turn();
    expect(h.delivered).toEqual(['contact.upsert:a:v1']);
    expect(h.sent).toEqual(['contact.upsert:a:v1', 'contact.upsert:b:v1', 'contact.upsert:c:v1']);
  });

  it('never has two versions of one record in flight: v2 goes after v1 is acknowledged', () => {
    const h = harness({ window: 5 });
    h.put('a', 1);
    h.put('a', 2);
    h.pump.open();
    h.pump.kick();
    expect(h.sent).toEqual(['contact.upsert:a:v1']);
    h.pump.ack([{ key: 'contact.upsert:a:v1', reason: null }]);
    h.turn();
    expect(h.sent).toEqual(['contact.upsert:a:v1', 'contact.upsert:a:v2']);
  });

  it('marks the acks of one turn delivered in one call, and ignores repeated ones', () => {
    const calls: string[][] = [];
    const base = sqliteOutbox();
    const outbox: Outbox = Object.assign(Object.create(base) as Outbox, {
      markDeliveredMany: (keys: readonly string[]) => {
        calls.push([...keys]);
        return base.markDeliveredMany(keys);
      },
    });
    const h = harness({ window: 5, outbox });
    h.put('a');
    h.put('b');
    h.pump.open();
    h.pump.kick();
    h.pump.ack([{ key: 'contact.upsert:a:v1', reason: null }]);
    h.pump.ack([
      { key: 'contact.upsert:b:v1', reason: null },
      { key: 'contact.upsert:a:v1', reason: null },
    ]);
    h.turn();
    expect(calls).toEqual([['contact.upsert:a:v1', 'contact.upsert:b:v1', 'contact.upsert:a:v1']]);
    expect(h.delivered).toEqual(['contact.upsert:a:v1', 'contact.upsert:b:v1']);
    expect(h.pump.inFlightCount).toBe(0);
  });

  it('resends an entry whose ack does not come, after a delay that grows with its attempts, and counts the attempts', () => {
    const h = harness();
    h.put('a');
    h.pump.open();
    h.pump.kick();
    h.timers.advance(999);
    expect(h.sent).toHaveLength(1);
    h.timers.advance(1); // 1 s: the delay of an entry sent 0 times before
    expect(h.sent).toHaveLength(2);
    expect(h.outbox.pending(1)[0]!.attempts).toBe(1);
    // The resend was timed from the entry as read before its attempt was counted: 1 s again, then 2 s, 4 s.
    h.timers.advance(1_000);
    expect(h.sent).toHaveLength(3);
    h.timers.advance(1_999);
    expect(h.sent).toHaveLength(3);
    h.timers.advance(1);
    expect(h.sent).toEqual(Array(4).fill('contact.upsert:a:v1'));
    expect(h.outbox.pending(1)[0]!.attempts).toBe(3);
    expect(h.pump.resendDelay(1)).toBe(2_000);
    expect(h.pump.resendDelay(10)).toBe(8_000); // capped at 8x
  });

  it('leaves an entry it cannot publish queued and out of the window', () => {
    const h = harness({ refuse: (e) => e.recordId === 'odd' });
    h.put('odd');
    h.put('b');
    h.pump.open();
    h.pump.kick();
    expect(h.sent).toEqual(['contact.upsert:b:v1']);
    expect(h.pump.inFlightCount).toBe(1);
    expect(h.outbox.depth().pending).toBe(2);
  });

  it('trusts nothing in flight across a reconnect: close() forgets, open() and kick() send again from the outbox', () => {
    const h = harness();
    h.put('a');
    h.pump.open();
    h.pump.kick();
    h.pump.close();
    expect(h.pump.inFlightCount).toBe(0);
    h.pump.kick();
    expect(h.sent).toHaveLength(1); // closed: nothing goes out
    h.pump.open();
    h.pump.kick();
    expect(h.sent).toEqual(['contact.upsert:a:v1', 'contact.upsert:a:v1']);
  });

  it('records a rejected ack with its reason: the entry leaves the window and the line, later versions go on', () => {
    const h = harness();
    h.put('a', 1);
    h.put('a', 2);
    h.pump.open();
    h.pump.kick();
    h.pump.ack([{ key: 'contact.upsert:a:v1', reason: 'name contains a NUL character' }]);
    h.turn();
    expect(h.delivered).toEqual([]);
    expect(h.outbox.rejected(5)).toEqual([expect.objectContaining({ idempotencyKey: 'contact.upsert:a:v1', reason: 'name contains a NUL character' })]);
    expect(h.sent).toEqual(['contact.upsert:a:v1', 'contact.upsert:a:v2']);
  });

  it('keeps entries pending when the acks cannot be recorded, and records the ones received before stop()', () => {
    const base = sqliteOutbox();
    let failing = true;
    const outbox: Outbox = Object.assign(Object.create(base) as Outbox, {
      markDeliveredMany: (keys: readonly string[]) => {
        if (failing) throw new Error('database is closed');
        return base.markDeliveredMany(keys);
      },
    });
    const h = harness({ outbox });
    h.put('a');
    h.pump.open();
    h.pump.kick();
    h.pump.ack([{ key: 'contact.upsert:a:v1', reason: null }]);
    h.turn();
    expect(h.errors).toEqual(['cannot record outbox acks: database is closed']);
    expect(outbox.depth().pending).toBe(1);
    failing = false;
    h.pump.ack([{ key: 'contact.upsert:a:v1', reason: null }]);
    h.pump.stop(); // flushes what was received
    expect(h.delivered).toEqual(['contact.upsert:a:v1']);
    expect(outbox.depth().pending).toBe(0);
  });
});
