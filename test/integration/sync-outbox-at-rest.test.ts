/**
 * Outbox payloads are compressed at rest (sync/outbox-payload.ts), never on the wire: an entry written before
 * compression (TEXT) and one written after (a BLOB) both go through a real Mosquitto as the same JSON text, byte for
 * byte, and the reference bridge stores both.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactStore } from '../../device/store/contacts.js';
import { openDatabase } from '../../device/store/database.js';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { SqliteBridgeStore } from '../../sync/bridge/sqlite-store.js';
import { DeviceSync } from '../../sync/device-sync.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { startMosquitto, type Mosquitto } from '../support/mosquitto.js';
import { newContact, until } from '../support/sync-device.js';

let broker: Mosquitto;
const dir = mkdtempSync(join(tmpdir(), 'fd-sync-at-rest-'));

beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(() => broker.stop());

describe('outbox payloads at rest', () => {
  it('publishes an entry stored before compression and a compressed one as the same JSON they were enqueued with', async () => {
    const db = openDatabase(join(dir, 'device.sqlite'));
    const outbox = new SqliteOutbox(db);
    const store = new ContactStore(db, outbox, 'dev-rest', (d) => d.toISOString().slice(0, 10));
    // A transcript long enough that the snapshot compresses.
    const said = (name: string) =>
      newContact(name, {
        transcript: ['What brings you in today?', 'A colour and a trim, please', 'Thank you!'].map((text, i) => ({
          who: i % 2 ? ('visitor' as const) : ('robot' as const),
          text,
          channel: 'voice' as const,
          at: new Date().toISOString(),
        })),
      });
    const old = store.create(said('Olive Oldrow'));
    store.create(said('Nina Newrow'));
    const entries = outbox.pending(10);
    expect(entries).toHaveLength(2);
    // The first entry as the previous version wrote it: its JSON as TEXT.
    db.prepare(`UPDATE outbox SET payload = ? WHERE seq = ?`).run(entries[0]!.payload, entries[0]!.seq);
    expect(db.prepare(`SELECT typeof(payload) AS t FROM outbox ORDER BY seq`).pluck().all()).toEqual(['text', 'blob']);
    expect(outbox.pending(10)).toEqual(entries);

    const seen = new Map<string, string>();
    const watcher = await mqtt.connectAsync(broker.url, { clientId: 'at-rest-watcher' });
    watcher.on('message', (_t, p) => {
      const text = p.toString('utf8');
      seen.set((JSON.parse(text) as { idempotencyKey: string }).idempotencyKey, text);
    });
    await watcher.subscribeAsync('frontdesk/v1/devices/dev-rest/contacts/upsert', { qos: 1 });
    const cloud = new SqliteBridgeStore(join(dir, 'cloud.sqlite'));
    const bridge = new CloudBridge({ url: broker.url, topicPrefix: 'frontdesk/v1', store: cloud, clientId: 'bridge-at-rest' });
    await bridge.start();
    const sync = new DeviceSync({ url: broker.url, deviceId: 'dev-rest', topicPrefix: 'frontdesk/v1', outbox, ackTimeoutMs: 2000, inFlightWindow: 8 });
    sync.start();
    try {
      sync.kick();
      await until(() => outbox.depth().pending === 0 && seen.size === 2, 20_000, 'both entries delivered');
      for (const e of entries) expect(seen.get(e.idempotencyKey)).toBe(e.payload);
      expect(
        cloud
          .contacts()
          .map((c) => c.contactId)
          .sort(),
      ).toEqual(entries.map((e) => e.recordId).sort());
      expect(cloud.contacts().find((c) => c.contactId === old.id)?.version).toBe(1);
      // Delivered: both payloads cleared, whatever form they were stored in.
      expect(db.prepare(`SELECT payload FROM outbox`).pluck().all()).toEqual(['', '']);
    } finally {
      await sync.stop();
      await bridge.stop();
      await cloud.close();
      await watcher.endAsync();
      db.close();
    }
  });
});
