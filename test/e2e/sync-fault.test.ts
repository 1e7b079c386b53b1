/**
 * The fault test: a device captures 1,000 contacts (every fifth updated to v2, every twentieth to v3) while the
 * broker is restarted several times, the device runtime is SIGKILLed at random moments and restarted, a bridge is
 * killed (its connection cut, its queue lost) and replaced, and PostgreSQL is restarted under load. Two bridges share
 * the load. Afterwards PostgreSQL holds exactly the 1,000 records, each once, each at its latest version; every
 * contact's versions were stored in order (1, 2, 3: never a later one before an earlier one, none skipped); and
 * the device's outbox is empty.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { PostgresBridgeStore } from '../../sync/bridge/pg-store.js';
import { startMosquitto, type Mosquitto } from '../support/mosquitto.js';
import { startPostgres, type Postgres } from '../support/postgres.js';
import { ROOT } from '../support/runtime-process.js';
import { until } from '../support/sync-device.js';

const COUNT = 1000;
const DEVICE = 'fault-dev';
const DRIVER = join(ROOT, 'dist', 'test', 'support', 'fault-device.js');
const planned = (i: number): number => (i % 20 === 0 ? 3 : i % 5 === 0 ? 2 : 1);

let broker: Mosquitto;
let postgres: Postgres;
const dir = mkdtempSync(join(tmpdir(), 'fd-fault-'));

beforeAll(async () => {
  postgres = await startPostgres();
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker?.stop();
  await postgres?.stop();
});

function startDriver(): { child: ChildProcess; written: Promise<void>; out: () => string } {
  const child = spawn(process.execPath, [DRIVER, dir, broker.url, DEVICE, String(COUNT)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const written = new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => ((out += d.toString()), out.includes('WRITTEN') && resolve())));
  return { child, written, out: () => out };
}

async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await exited;
}

function deviceState(): { contacts: number; pending: number; versions: Map<string, number> } {
  const file = join(dir, 'frontdesk.sqlite');
  if (!existsSync(file)) return { contacts: 0, pending: -1, versions: new Map() };
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare(`SELECT id, visit_id, version FROM contacts`).all() as { id: string; visit_id: string; version: number }[];
    const pending = (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE delivered_at IS NULL`).get() as { n: number }).n;
    return { contacts: rows.length, pending, versions: new Map(rows.map((r) => [r.id, r.version])) };
  } finally {
    db.close();
  }
}

describe('fault test', () => {
  it(
    'delivers 1,000 contacts exactly once, every version in order, through broker, bridge and PostgreSQL restarts and SIGKILLs',
    { timeout: 240_000 },
    async () => {
      const store = await PostgresBridgeStore.open(await postgres.createDatabase('crm_fault'));
      // Every version the CRM stored, per contact, in commit order (the store keeps only the latest).
      const storedVersions = new Map<string, number[]>();
      const applyBatch = store.applyBatch.bind(store);
      store.applyBatch = async (writes) => {
        const outcomes = await applyBatch(writes);
        writes.forEach((w, i) => {
          if (w.kind !== 'contact' || outcomes[i] !== 'stored') return;
          const list = storedVersions.get(w.msg.contact.id) ?? [];
          list.push(w.msg.contact.version);
          storedVersions.set(w.msg.contact.id, list);
        });
        return outcomes;
      };
      let bridgeSerial = 0;
      const newBridge = async (): Promise<CloudBridge> => {
        const b = new CloudBridge({
          url: broker.url,
          topicPrefix: 'frontdesk/v1',
          store,
          clientId: `fault-bridge-${++bridgeSerial}`,
          shareGroup: 'fault',
          maxBatch: 200,
        });
        await b.start();
        return b;
      };
      const bridges = [await newBridge(), await newBridge()];
      const killed: CloudBridge[] = [];

      let kills = 0;
      let restarts = 0;
      let bridgeKills = 0;
      let pgRestarts = 0;
      const rand = (lo: number, hi: number): number => lo + Math.floor(Math.random() * (hi - lo));
      for (let round = 0; round < Number(process.env.FAULT_ROUNDS ?? 8); round++) {
        const d = startDriver();
        await Promise.race([new Promise((r) => setTimeout(r, rand(400, 1500))), d.written]);
        if (round % 2 === 1) {
          // Broker down while the device writes, then back.
          await broker.stop();
          restarts++;
          await new Promise((r) => setTimeout(r, rand(100, 600)));
          await broker.start();
        }
        if (round % 3 === 0) {
          // A bridge dies: its connection is cut and whatever it held in memory is lost; a new one takes its place.
          const victim = bridges.shift()!;
          victim.mqtt()?.end(true);
          killed.push(victim);
          bridgeKills++;
          await new Promise((r) => setTimeout(r, rand(100, 400)));
          bridges.push(await newBridge());
        }
        if (round % 3 === 2) {
          // PostgreSQL restarts under load: batches in flight fail, nothing is acked, devices send again.
          await postgres.restart();
          pgRestarts++;
        }
        await new Promise((r) => setTimeout(r, rand(50, 500)));
        await kill9(d.child);
        kills++;
      }
      const last = startDriver();
      await last.written;
      let seen = '';
      await until(async () => {
        const d = deviceState();
        const n = (await store.contactVersions()).length;
        seen = `device: ${d.contacts} contacts, ${d.pending} pending; crm: ${n} rows; bridges processed ${bridges.map((b) => b.processed).join('+')}`;
        return d.pending === 0 && n === COUNT;
      }, 60_000).catch((err: Error) => {
        throw new Error(`${err.message}: ${seen}\n${last.out()}`);
      });
      await Promise.all(bridges.map((b) => b.idle()));

      const dev = deviceState();
      const rows = await store.contactVersions();
      expect(kills).toBeGreaterThanOrEqual(8);
      expect(restarts).toBeGreaterThanOrEqual(4);
      expect(bridgeKills).toBeGreaterThanOrEqual(2);
      expect(pgRestarts).toBeGreaterThanOrEqual(2);
      // The order of versions, not only the last: each contact's versions were stored 1, 2, ... up to its latest.
      const outOfOrder = [...storedVersions].filter(
        ([id, vs]) =>
          !isDeepStrictEqual(
            vs,
            Array.from({ length: dev.versions.get(id) ?? 0 }, (_, k) => k + 1),
          ),
      );
      expect(outOfOrder.slice(0, 5)).toEqual([]);
      expect(storedVersions.size).toBe(COUNT);
      console.info(
        `fault test: ${kills} device kills, ${restarts} broker restarts, ${bridgeKills} bridge kills, ${pgRestarts} PostgreSQL restarts; ` +
          `${[...storedVersions.values()].reduce((n, v) => n + v.length, 0)} versions stored in order`,
      );
      expect(dev.contacts).toBe(COUNT);
      expect(rows).toHaveLength(COUNT);
      expect(new Set(rows.map((r) => r.contactId)).size).toBe(COUNT);
      for (const r of rows) {
        expect(r.deviceId).toBe(DEVICE);
        expect(r.version).toBe(dev.versions.get(r.contactId));
      }
      // Every contact at the version the plan gave it (names carry the plan index).
      const byName = await store.listContacts();
      for (const { contact } of byName) {
        const i = Number(/^Fault (\d+)/.exec(contact.name)![1]);
        expect(contact.version).toBe(planned(i));
      }
      expect(await store.deadLetters()).toEqual([]);
      await kill9(last.child);
      for (const b of bridges) await b.stop();
      for (const b of killed) await b.stop().catch(() => undefined);
      await store.close();
    },
  );
});
