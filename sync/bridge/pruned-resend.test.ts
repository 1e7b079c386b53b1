import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outboxDb } from '../../test/support/outbox-db.js';
import type { Activity, ActivityMessage } from '../payloads.js';
import { enqueueActivity } from '../uplink.js';
import { SqliteBridgeStore } from './sqlite-store.js';

const note = (i: number): Activity => ({
  id: randomUUID(),
  contactId: 'c-1',
  at: new Date(Date.parse('2026-03-01T12:00:00.000Z') + i * 1000).toISOString(),
  by: { kind: 'staff', id: null, name: 'Maya' },
  origin: { kind: 'device', id: 'dev-1' },
  type: 'note',
  data: { text: `Called back (${i})` },
});

// The device prunes a delivered activity's outbox entry (sync/outbox.ts pruneActivities); the bridge's idempotency,
// by activity id, is what makes the same activity sent again afterwards harmless.
describe('an activity sent again after the device pruned its delivered entry', () => {
  it('an activity whose entry was pruned can be enqueued again (no key left to refuse it), and the bridge answers duplicate', async () => {
    const { db, outbox } = outboxDb();
    const bridge = new SqliteBridgeStore(join(mkdtempSync(join(tmpdir(), 'fd-prune-bridge-')), 'bridge.sqlite'));
    try {
      const a = note(0);
      const first = enqueueActivity(outbox, 'dev-1', a);
      // While its entry is there, the same activity cannot be queued twice (the key is unique).
      expect(() => enqueueActivity(outbox, 'dev-1', a)).toThrow(/UNIQUE/);
      expect(await bridge.applyBatch([{ kind: 'activity', msg: JSON.parse(first.payload) as ActivityMessage }])).toEqual(['stored']);
      outbox.markDelivered(first.idempotencyKey);
      expect(outbox.pruneActivities(new Date(Date.now() + 60_000).toISOString(), 10)).toBe(1);
      expect(outbox.stateOf(a.id)).toBeNull();

      const again = enqueueActivity(outbox, 'dev-1', a);
      expect(again.idempotencyKey).toBe(first.idempotencyKey);
      expect(again.payload).toBe(first.payload);
      expect(await bridge.applyBatch([{ kind: 'activity', msg: JSON.parse(again.payload) as ActivityMessage }])).toEqual(['duplicate']);
      expect(outbox.markDelivered(again.idempotencyKey)).toBe(true);
      expect((await bridge.listActivities({ deviceId: 'dev-1' })).map((s) => s.activity.id)).toEqual([a.id]); // stored once
    } finally {
      await bridge.close();
      db.close();
    }
  });
});
