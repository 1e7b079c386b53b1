/** An in-process device for sync tests: the real store, outbox, downlink config and DeviceSync on a temp database. */
import { join } from 'node:path';
import { ContactStore, type NewContact } from '../../device/store/contacts.js';
import { openDatabase, type Db } from '../../device/store/database.js';
import { DeviceSync, type DeviceSyncOptions } from '../../sync/device-sync.js';
import { DownlinkConfig, type DownlinkOptions } from '../../sync/downlink-config.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import type { RemoteConfig } from '../../sync/payloads.js';
import { SqliteRemoteConfigStore } from '../../sync/remote-config-store.js';

export interface TestDevice {
  db: Db;
  store: ContactStore;
  outbox: SqliteOutbox;
  sync: DeviceSync;
  applied: { version: number; config: RemoteConfig }[];
  stop(): Promise<void>;
}

export function startTestDevice(
  dir: string,
  deviceId: string,
  opts: Partial<DeviceSyncOptions> & {
    url: string;
    validate?: (c: RemoteConfig) => { ok: true } | { ok: false; reason: string };
    downlinkOptions?: DownlinkOptions;
  },
): TestDevice {
  const db = openDatabase(join(dir, `${deviceId}.sqlite`));
  const outbox = new SqliteOutbox(db);
  const store = new ContactStore(db, outbox, deviceId, (d) => d.toISOString().slice(0, 10));
  const applied: { version: number; config: RemoteConfig }[] = [];
  const downlink = new DownlinkConfig(
    deviceId,
    new SqliteRemoteConfigStore(db),
    opts.validate ?? (() => ({ ok: true })),
    (config, version) => void applied.push({ version, config }),
    undefined,
    opts.downlinkOptions ?? {},
  );
  const sync = new DeviceSync({
    deviceId,
    topicPrefix: 'frontdesk/v1',
    outbox,
    ackTimeoutMs: 2000,
    inFlightWindow: 16,
    reconnectMinMs: 100,
    reconnectMaxMs: 1000,
    downlink,
    ...withoutLocal(opts),
  });
  sync.start();
  return {
    db,
    store,
    outbox,
    sync,
    applied,
    stop: async () => {
      await sync.stop();
      db.close();
    },
  };
}

export const newContact = (name: string, over: Partial<NewContact> = {}): NewContact => ({
  visitId: `visit-${name}`,
  name,
  phone: '+14155550100',
  email: `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}@example.com`,
  reason: 'haircut',
  fields: { name },
  consent: { given: true, text: 'ok', at: new Date().toISOString() },
  source: 'kiosk-touch',
  stage: 'lead',
  tags: ['walk-in'],
  transcript: [],
  ...over,
});

export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The options that belong to the test device, not to DeviceSync. */
function withoutLocal<T extends { validate?: unknown; downlinkOptions?: unknown }>(opts: T): Omit<T, 'validate' | 'downlinkOptions'> {
  const { validate: _validate, downlinkOptions: _downlinkOptions, ...rest } = opts;
  return rest;
}
