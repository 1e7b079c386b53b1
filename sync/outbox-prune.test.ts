import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteOutbox } from './outbox.js';
import { keepOutboxPruned } from './outbox-upkeep.js';
import { outboxDb } from '../test/support/outbox-db.js';
import type { Activity } from './payloads.js';
import { enqueueActivity } from './uplink.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T12:00:00.000Z');

const note = (i: number): Activity => ({
  id: randomUUID(),
  contactId: 'c-1',
  at: new Date(NOW - 90 * DAY + i * 1000).toISOString(),
  by: { kind: 'staff', id: null, name: 'Maya' },
  origin: { kind: 'device', id: 'dev-1' },
  type: 'note',
  data: { text: `Called back (${i})` },
});

/** Enqueues an activity and marks it delivered `daysAgo` days before NOW (null: left pending). */
function entry(db: Database.Database, outbox: SqliteOutbox, i: number, daysAgo: number | null): Activity {
  const a = note(i);
  const e = enqueueActivity(outbox, 'dev-1', a);
  if (daysAgo !== null) {
    outbox.markDelivered(e.idempotencyKey);
    db.prepare(`UPDATE outbox SET delivered_at = ? WHERE seq = ?`).run(new Date(NOW - daysAgo * DAY).toISOString(), e.seq);
  }
  return a;
}

const cutoff = (days: number) => new Date(NOW - days * DAY).toISOString();
const keys = (db: Database.Database) => db.prepare(`SELECT idempotency_key FROM outbox ORDER BY seq`).pluck().all() as string[];

describe('pruning delivered activity entries', () => {
  it('deletes delivered ones older than the cutoff, oldest delivery first, never pending, rejected, recent or other kinds', () => {
    const { db, outbox } = outboxDb();
    const old = [entry(db, outbox, 0, 60), entry(db, outbox, 1, 45), entry(db, outbox, 2, 31)];
    const recent = entry(db, outbox, 3, 29);
    const pending = entry(db, outbox, 4, null);
    const rejected = entry(db, outbox, 5, null);
    outbox.markRejectedMany([{ idempotencyKey: `activity:${rejected.id}:v1`, reason: 'refused' }]);
    const snapshot = outbox.enqueue({ kind: 'contact.upsert', recordId: 'c-1', version: 1, payload: '{}' });
    outbox.markDelivered(snapshot.idempotencyKey);
    db.prepare(`UPDATE outbox SET delivered_at = ? WHERE seq = ?`).run(cutoff(90), snapshot.seq);

    expect(outbox.pruneActivities(cutoff(30), 2)).toBe(2); // a batch: the two oldest deliveries
    expect(keys(db)).not.toContain(`activity:${old[0]!.id}:v1`);
    expect(keys(db)).not.toContain(`activity:${old[1]!.id}:v1`);
    expect(outbox.pruneActivities(cutoff(30), 2)).toBe(1);
    expect(outbox.pruneActivities(cutoff(30), 2)).toBe(0);
    expect(keys(db)).toEqual([`activity:${recent.id}:v1`, `activity:${pending.id}:v1`, `activity:${rejected.id}:v1`, snapshot.idempotencyKey]);
    expect(outbox.depth()).toMatchObject({ pending: 1, rejected: 1, delivered: 2 });
    expect(outbox.pruneActivities(cutoff(30), 0)).toBe(0);
    // The synchronous setting it relaxes for its own write is back for the next one.
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });
});

describe('keepOutboxPruned', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('works a backlog off in batches with a pause between (the event loop runs in between), by the injected clock', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { db, outbox } = outboxDb();
    for (let i = 0; i < 25; i++) entry(db, outbox, i, 40);
    const recent = entry(db, outbox, 25, 10);
    const calls: number[] = [];
    const spy = vi.spyOn(outbox, 'pruneActivities').mockImplementation(function (this: SqliteOutbox, before: string, limit: number) {
      const n = SqliteOutbox.prototype.pruneActivities.call(outbox, before, limit);
      calls.push(n);
      return n;
    });
    const stop = keepOutboxPruned(outbox, () => ({ entries: 30, activities: 30 }), { now: () => NOW, batch: 10, pauseMs: 50, everyMs: 3_600_000 });
    // The first batch at once; the rest only after a pause each.
    expect(calls).toEqual([10]);
    let otherWork = 0;
    setTimeout(() => otherWork++, 10); // something else due meanwhile runs before the next batch
    await vi.advanceTimersByTimeAsync(49);
    expect(otherWork).toBe(1);
    expect(calls).toEqual([10]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([10, 10]);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toEqual([10, 10, 5]); // fewer than a batch: the sweep is over
    expect(keys(db)).toEqual([`activity:${recent.id}:v1`]);
    stop();
    spy.mockRestore();
    db.close();
  });

  it('stops between two batches, and the hourly run prunes what has aged since', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { db, outbox } = outboxDb();
    for (let i = 0; i < 5; i++) entry(db, outbox, i, 40);
    entry(db, outbox, 5, 29.5); // 30 days old half a day from now
    let now = NOW;
    const stop = keepOutboxPruned(outbox, () => ({ entries: 30, activities: 30 }), { now: () => now, batch: 2, pauseMs: 50, everyMs: 3_600_000 });
    expect(keys(db)).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(50);
    expect(keys(db)).toHaveLength(2);
    now += DAY; // the clock the prune reads, not the timers', decides what is old
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(keys(db)).toEqual([]);

    for (let i = 0; i < 5; i++) entry(db, outbox, 10 + i, 40);
    await vi.advanceTimersByTimeAsync(3_600_000 - 50 + 10); // 10 ms past the next hourly run: its first batch only
    expect(keys(db)).toHaveLength(3);
    stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(keys(db)).toHaveLength(3); // stopped: no batch after
    db.close();
  });

  it('reports a failed batch and tries again at the next run', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { db, outbox } = outboxDb();
    entry(db, outbox, 0, 40);
    const errors: unknown[] = [];
    const spy = vi.spyOn(outbox, 'pruneActivities').mockImplementationOnce(() => {
      throw new Error('SQLITE_FULL: database or disk is full');
    });
    const stop = keepOutboxPruned(outbox, () => ({ entries: 30, activities: 30 }), { now: () => NOW, onError: (e) => errors.push(e) });
    expect(errors).toHaveLength(1);
    expect(keys(db)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(keys(db)).toHaveLength(0);
    stop();
    spy.mockRestore();
    db.close();
  });
});
