/**
 * Nothing is dropped silently: a record the bridge refuses stays on the device as rejected (with the bridge's reason),
 * is not sent again until requeued, and reaches the CRM once the bridge is fixed and the record requeued.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../sync/broker.js';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { SqliteBridgeStore } from '../../sync/bridge/sqlite-store.js';
import type { BridgeWrite } from '../../sync/bridge/store.js';
import { SyncError } from '../../sync/errors.js';
import { newContact, startTestDevice, until, type TestDevice } from '../support/sync-device.js';

/** A bridge store that, until fixed, refuses any contact whose name holds a NUL (as PostgreSQL's text does). */
class PickyStore extends SqliteBridgeStore {
  fixed = false;
  override async applyBatch(writes: readonly BridgeWrite[]) {
    if (!this.fixed && writes.some((w) => w.kind === 'contact' && w.msg.contact.name.includes('\u0000')))
      throw new SyncError('sync_bad_record', 'invalid byte sequence for encoding "UTF8": 0x00 in contact.name');
    return super.applyBatch(writes);
  }
}

describe('rejected outbox entries', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup.length = 0;
  });

  it('keeps a refused record as rejected with the reason, and delivers it after the fix and a requeue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-rejected-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const broker: EmbeddedBroker = await startEmbeddedBroker();
    cleanup.push(() => broker.close());
    const store = new PickyStore(join(dir, 'cloud.sqlite'));
    const bridge = new CloudBridge({ url: broker.url, topicPrefix: 'frontdesk/v1', store, ...broker.credentials.bridge });
    await bridge.start();
    cleanup.push(async () => {
      await bridge.stop();
      await store.close();
    });
    const dev: TestDevice = startTestDevice(dir, 'dev-rej', { url: broker.url, mqttVersion: 4, ackTimeoutMs: 300, ...broker.credentials.device('dev-rej') });
    cleanup.push(() => dev.stop());

    const bad = dev.store.create(newContact('Ada\u0000Lovelace'));
    const good = dev.store.create(newContact('Grace Hopper'));
    dev.sync.kick();
    await until(() => dev.outbox.depth().rejected === 1 && dev.outbox.depth().pending === 0, 10_000, 'one rejected, one delivered');
    expect(dev.store.get(good.id)!.sync.state).toBe('delivered');
    expect(dev.store.get(bad.id)!.sync).toMatchObject({ state: 'rejected', reason: expect.stringContaining('0x00') });
    expect(dev.sync.state().rejectedRecent[0]).toMatchObject({ recordId: bad.id, reason: expect.stringContaining('0x00') });
    const attempts = dev.outbox.rejected(1)[0]!;
    // Not sent again on its own: wait several ack timeouts and check the bridge saw it only once.
    const deadBefore = bridge.deadLettered;
    await new Promise((r) => setTimeout(r, 1200));
    expect(bridge.deadLettered).toBe(deadBefore);
    expect(dev.outbox.rejected(1)[0]).toEqual(attempts);

    store.fixed = true;
    expect(dev.sync.requeueRejected()).toBe(1);
    await until(() => dev.store.get(bad.id)!.sync.state === 'delivered', 10_000, 'delivered after the fix');
    expect(dev.outbox.depth()).toMatchObject({ pending: 0, rejected: 0, delivered: 2 });
    expect(
      store
        .contacts()
        .map((c) => c.contactId)
        .sort(),
    ).toEqual([bad.id, good.id].sort());
    // Delivered payloads are cleared on the device.
    expect(dev.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE payload <> ''`).get()).toEqual({ n: 0 });
  });
});
