/**
 * The outbox contract (sync/outbox.ts, `Outbox`), as one suite every implementation runs (sync/outbox.test.ts):
 * order, at most one version of a record in flight, attempts, delivery marks that are idempotent, depth.
 */
import { describe, expect, it } from 'vitest';
import type { Outbox } from '../../../sync/outbox.js';

const put = (o: Outbox, record: string, version: number) => o.enqueue({ kind: 'contact.upsert', recordId: record, version, payload: `{"v":${version}}` });

export function outboxContract(name: string, make: () => Outbox): void {
  describe(`Outbox contract: ${name}`, () => {
    it('keeps what was enqueued, with its idempotency key, payload and no attempt yet', () => {
      const o = make();
      const e = put(o, 'a', 1);
      expect(e).toMatchObject({ idempotencyKey: 'contact.upsert:a:v1', kind: 'contact.upsert', recordId: 'a', payload: '{"v":1}', attempts: 0 });
      expect(e.lastSentAt).toBeNull();
      expect(e.deliveredAt).toBeNull();
      expect(Date.parse(e.createdAt)).not.toBeNaN();
      expect(o.pending(10)).toEqual([e]);
      expect(o.stateOf('a')).toEqual({ state: 'pending', deliveredAt: null });
      expect(o.stateOf('nobody')).toBeNull();
    });

    it('refuses the same version of a record twice (the idempotency key is unique)', () => {
      const o = make();
      put(o, 'a', 1);
      expect(() => put(o, 'a', 1)).toThrow();
      expect(o.depth().pending).toBe(1);
    });

    it('lists pending entries oldest first, skipping the excluded ones', () => {
      const o = make();
      const a = put(o, 'a', 1);
      const b = put(o, 'b', 1);
      const c = put(o, 'c', 1);
      expect(o.pending(10).map((e) => e.seq)).toEqual([a.seq, b.seq, c.seq]);
      expect(o.pending(1, new Set([a.seq])).map((e) => e.seq)).toEqual([b.seq]);
    });

    it('sends at most one version per record, oldest first, so a later version never overtakes an earlier one', () => {
      const o = make();
      const a1 = put(o, 'a', 1);
      const b1 = put(o, 'b', 1);
      put(o, 'a', 2);
      const c1 = put(o, 'c', 1);
      put(o, 'a', 3);
      expect(o.nextBatch(10, new Map()).map((e) => e.idempotencyKey)).toEqual(['contact.upsert:a:v1', 'contact.upsert:b:v1', 'contact.upsert:c:v1']);
      // a v1 in flight: a v2 waits for its ack, c goes.
      const inFlight = new Map([
        [a1.seq, 'a'],
        [b1.seq, 'b'],
      ]);
      expect(o.nextBatch(10, inFlight).map((e) => e.recordId)).toEqual(['c']);
      expect(o.markDeliveredMany([a1.idempotencyKey, b1.idempotencyKey, 'unknown'])).toEqual([a1.idempotencyKey, b1.idempotencyKey]);
      expect(o.nextBatch(10, new Map([[c1.seq, 'c']])).map((e) => e.idempotencyKey)).toEqual(['contact.upsert:a:v2']);
      expect(o.nextBatch(1, new Map()).map((e) => e.idempotencyKey)).toEqual(['contact.upsert:a:v2']);
      expect(o.nextBatch(0, new Map())).toEqual([]);
    });

    it('is not starved by many queued versions of one record', () => {
      const o = make();
      for (let v = 1; v <= 300; v++) put(o, 'busy', v);
      put(o, 'other', 1);
      expect(o.nextBatch(5, new Map()).map((e) => e.recordId)).toEqual(['busy', 'other']);
    });

    it('counts attempts, one by one or many at once', () => {
      const o = make();
      const a = put(o, 'a', 1);
      o.markSent(a.seq);
      o.markSentMany([a.seq]);
      o.markSentMany([]);
      const sent = o.pending(1)[0]!;
      expect(sent.attempts).toBe(2);
      expect(sent.lastSentAt).not.toBeNull();
      expect(o.depth()).toMatchObject({ pending: 1, delivered: 0 });
    });

    it('marks delivery once: a repeated or unknown acknowledgement changes nothing', () => {
      const o = make();
      const a = put(o, 'a', 1);
      put(o, 'b', 1);
      expect(o.markDelivered(a.idempotencyKey)).toBe(true);
      expect(o.markDelivered(a.idempotencyKey)).toBe(false);
      expect(o.markDelivered('contact.upsert:zzz:v1')).toBe(false);
      expect(o.markDeliveredMany([a.idempotencyKey])).toEqual([]);
      expect(o.stateOf('a')).toEqual({ state: 'delivered', deliveredAt: expect.any(String) });
      expect(o.pending(10).map((e) => e.recordId)).toEqual(['b']);
    });

    it("reports depth and the oldest pending entry's time, and a record's state by its latest version", () => {
      const o = make();
      expect(o.depth()).toMatchObject({ pending: 0, delivered: 0, oldestPendingAt: null });
      const a1 = put(o, 'a', 1);
      put(o, 'a', 2);
      o.markDelivered(a1.idempotencyKey);
      expect(o.depth()).toMatchObject({ pending: 1, delivered: 1 });
      expect(o.depth().oldestPendingAt).not.toBeNull();
      expect(o.stateOf('a')).toEqual({ state: 'pending', deliveredAt: null });
    });
  });
}
