/** The outbox drains through a real Mosquitto to the reference bridge; acks mark entries delivered; restarts lose nothing. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactStore } from '../../device/store/contacts.js';
import { openDatabase } from '../../device/store/database.js';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { SqliteBridgeStore } from '../../sync/bridge/sqlite-store.js';
import { DeviceSync } from '../../sync/device-sync.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { startMosquitto, type Mosquitto } from '../support/mosquitto.js';

let broker: Mosquitto;
const dir = mkdtempSync(join(tmpdir(), 'fd-sync-'));

beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(() => broker.stop());

async function until(cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const contact = (name: string) => ({
  visitId: 'v',
  name,
  phone: null,
  email: `${name.toLowerCase()}@example.com`,
  reason: null,
  fields: { name },
  consent: null,
  source: 'test',
  stage: 'lead',
  tags: [],
  transcript: [],
});

describe('sync through Mosquitto', () => {
  it('delivers every contact once, in order, across a broker restart', async () => {
    const db = openDatabase(join(dir, 'device.sqlite'));
    const outbox = new SqliteOutbox(db);
    const store = new ContactStore(db, outbox, 'dev-a', (d) => d.toISOString().slice(0, 10));
    const cloud = new SqliteBridgeStore(join(dir, 'cloud.sqlite'));
    const bridge = new CloudBridge({ url: broker.url, topicPrefix: 'frontdesk/v1', store: cloud, clientId: 'bridge-test' });
    await bridge.start();
    const sync = new DeviceSync({ url: broker.url, deviceId: 'dev-a', topicPrefix: 'frontdesk/v1', outbox, ackTimeoutMs: 2000, inFlightWindow: 8 });
    sync.start();

    for (let i = 0; i < 20; i++) store.create(contact(`First${i}`));
    sync.kick();
    await until(() => outbox.depth().pending === 0);

    // Broker down: records wait on disk; broker back: they drain.
    await broker.stop();
    await until(() => !sync.state().connected);
    for (let i = 0; i < 20; i++) store.create(contact(`Second${i}`));
    sync.kick();
    expect(outbox.depth().pending).toBe(20);
    await broker.start();
    await until(() => outbox.depth().pending === 0, 30_000);

    const rows = cloud.contacts();
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.contactId)).size).toBe(40);
    expect(sync.state().outbox.delivered).toBe(40);

    await sync.stop();
    await bridge.stop();
    await cloud.close();
    db.close();
  });

  it('dead-letters invalid messages and answers them rejected', async () => {
    const cloud = new SqliteBridgeStore(join(dir, 'cloud2.sqlite'));
    const bridge = new CloudBridge({ url: broker.url, topicPrefix: 'frontdesk/v2', store: cloud, clientId: 'bridge-test-2' });
    await bridge.start();
    const { default: mqtt } = await import('mqtt');
    const dev = await mqtt.connectAsync(broker.url, { clientId: 'rogue' });
    const acks: string[] = [];
    dev.on('message', (_t, p) => acks.push(p.toString()));
    await dev.subscribeAsync('frontdesk/v2/devices/dev-x/acks', { qos: 1 });
    await dev.publishAsync(
      'frontdesk/v2/devices/dev-x/contacts/upsert',
      JSON.stringify({ schema: 'frontdesk.contact.upsert/1', idempotencyKey: 'k1', deviceId: 'dev-x', contact: { id: 'c' } }),
      { qos: 1 },
    );
    await until(() => acks.length === 1);
    expect(JSON.parse(acks[0]!)).toMatchObject({ schema: 'frontdesk.acks/1', acks: [{ idempotencyKey: 'k1', status: 'rejected' }] });
    expect((await cloud.deadLetters())[0]!.reason).toMatch(/contact\.version/);
    expect(cloud.contacts()).toHaveLength(0);
    await dev.endAsync();
    await bridge.stop();
    await cloud.close();
  });
});
