/**
 * The bridge's intake is bounded: while its store is slow, it holds at most `maxQueue` messages and stops taking
 * more (no PUBACK, no reading: the broker keeps them), then drains everything once the store catches up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../../sync/broker.js';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { SqliteBridgeStore } from '../../sync/bridge/sqlite-store.js';
import type { BridgeWrite } from '../../sync/bridge/store.js';
import { newContact, startTestDevice, until } from '../support/sync-device.js';

class GatedStore extends SqliteBridgeStore {
  open = false;
  private waiters: (() => void)[] = [];
  release(): void {
    this.open = true;
    for (const w of this.waiters.splice(0)) w();
  }
  override async applyBatch(writes: readonly BridgeWrite[]) {
    if (!this.open) await new Promise<void>((r) => this.waiters.push(r));
    return super.applyBatch(writes);
  }
}

describe('bridge backpressure', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup.length = 0;
  });

  it('holds at most maxQueue messages while the store is slow, then delivers every one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-backpressure-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const broker = await startEmbeddedBroker();
    cleanup.push(() => broker.close());
    const store = new GatedStore(join(dir, 'cloud.sqlite'));
    const bridge = new CloudBridge({ url: broker.url, topicPrefix: 'frontdesk/v1', store, maxQueue: 5, maxBatch: 2, ...broker.credentials.bridge });
    await bridge.start();
    cleanup.push(async () => {
      store.release();
      await bridge.stop();
      await store.close();
    });
    const dev = startTestDevice(dir, 'dev-bp', {
      url: broker.url,
      mqttVersion: 4,
      inFlightWindow: 64,
      ackTimeoutMs: 60_000,
      ...broker.credentials.device('dev-bp'),
    });
    cleanup.push(() => dev.stop());
    for (let i = 0; i < 60; i++) dev.store.create(newContact(`Pressure ${i}`));
    dev.sync.kick();

    const queue = () => (bridge as unknown as { queue: unknown[] }).queue.length;
    let peak = 0;
    const sample = setInterval(() => (peak = Math.max(peak, queue())), 5);
    await until(() => queue() >= 5, 10_000, 'the queue filled');
    await new Promise((r) => setTimeout(r, 500)); // the device keeps publishing; the bridge must not take more
    clearInterval(sample);
    // One batch is held by the slow store; the queue never grows past its bound (+1: the message whose PUBACK is held).
    expect(peak).toBeLessThanOrEqual(6);
    store.release();
    await until(() => dev.outbox.depth().pending === 0, 20_000, 'drained');
    expect(store.contacts()).toHaveLength(60);
  });
});
