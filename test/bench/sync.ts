/**
 * Sync drain throughput: 10,000 contacts queued in the outbox, drained through Mosquitto by DeviceSync into
 * PostgreSQL by the bridge (acks after commit), beside a plain mqtt.js QoS 1 publish loop (await each PUBACK) of
 * the same payloads to the same broker in the same run. Then end-to-end latency: contact committed on the device
 * -> stored in PostgreSQL -> ack back -> marked delivered, one contact at a time.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { ContactStore } from '../../device/store/contacts.js';
import { openDatabase } from '../../device/store/database.js';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { PostgresBridgeStore } from '../../sync/bridge/pg-store.js';
import { DeviceSync } from '../../sync/device-sync.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { startMosquitto } from '../support/mosquitto.js';
import { startPostgres } from '../support/postgres.js';
import { newContact, until } from '../support/sync-device.js';
import type { BenchResult } from './types.js';

const N = Number(process.env.BENCH_SYNC_N ?? 10_000);
const LATENCY_SAMPLES = 300;
const WINDOW = Number(process.env.BENCH_SYNC_WINDOW ?? 1000);

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fd-bench-sync-'));
  const [broker, pgsrv] = [await startMosquitto({ persistence: false }), await startPostgres()];
  try {
    const db = openDatabase(join(dir, 'device.sqlite'));
    const outbox = new SqliteOutbox(db);
    const store = new ContactStore(db, outbox, 'bench-dev', (d) => d.toISOString().slice(0, 10));
    // Queue fast (this is setup, not the figure), then back to full fsync for the drain.
    db.pragma('synchronous = OFF');
    const transcript = Array.from({ length: 6 }, (_, i) => ({
      who: i % 2 ? ('visitor' as const) : ('robot' as const),
      text: `line ${i} of the conversation`,
      channel: 'voice' as const,
      at: new Date().toISOString(),
    }));
    for (let i = 0; i < N; i++) store.create(newContact(`Bench ${i}`, { transcript }));
    db.pragma('synchronous = FULL');
    const payloads = outbox.pending(N).map((e) => e.payload);
    const avgBytes = Math.round(payloads.reduce((s, p) => s + p.length, 0) / payloads.length);

    // Baseline: plain QoS 1 publish loop, same payloads, same broker, nobody consuming.
    const plain = await mqtt.connectAsync(broker.url, { clientId: 'bench-plain', protocolVersion: 5 });
    let t = performance.now();
    for (const p of payloads) await plain.publishAsync('bench/plain', p, { qos: 1 });
    const baselineRate = N / ((performance.now() - t) / 1000);
    // A pipelined loop (all publishes outstanding) for reference.
    t = performance.now();
    await Promise.all(payloads.map((p) => plain.publishAsync('bench/plain2', p, { qos: 1 })));
    const pipelinedRate = N / ((performance.now() - t) / 1000);
    await plain.endAsync();

    const crm = await PostgresBridgeStore.open(await pgsrv.createDatabase('crm_bench'));
    const bridge = new CloudBridge({ url: broker.url, topicPrefix: 'frontdesk/v1', store: crm, clientId: 'bench-bridge', shareGroup: 'bench' });
    await bridge.start();
    const sync = new DeviceSync({
      url: broker.url,
      deviceId: 'bench-dev',
      topicPrefix: 'frontdesk/v1',
      outbox,
      ackTimeoutMs: 30_000,
      inFlightWindow: WINDOW,
      heartbeatMs: 0,
    });
    t = performance.now();
    sync.start();
    const samples: string[] = [];
    const sampler = process.env.BENCH_SYNC_TRACE
      ? setInterval(() => samples.push(`${sync.state().inFlight}/${(bridge as unknown as { queue: unknown[] }).queue.length}`), 100)
      : null;
    await until(() => outbox.depth().pending === 0, 600_000, 'drain');
    if (sampler) {
      clearInterval(sampler);
      process.stdout.write(`in flight/bridge queue: ${samples.join(' ')}\n`);
    }
    const drainS = (performance.now() - t) / 1000;
    const drainRate = N / drainS;
    const stored = (await crm.query<{ n: string }>('SELECT COUNT(*) AS n FROM crm_contacts'))[0]!.n;
    if (Number(stored) !== N) throw new Error(`expected ${N} rows in PostgreSQL, found ${stored}`);

    // Latency: one contact at a time, commit -> delivered; the bridge's share of it (validate + PG + ack publish) beside.
    const before = { ...bridge.timings };
    const lat: number[] = [];
    const storeLat: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const start = performance.now();
      const storeBefore = bridge.timings.storeMs;
      const c = store.create(newContact(`Latency ${i}`, { transcript }));
      const key = `contact.upsert:${c.id}:v1`;
      await new Promise<void>((resolve) => {
        const on = (k: string): void => {
          if (k !== key) return;
          sync.off('delivered', on);
          resolve();
        };
        sync.on('delivered', on);
        sync.kick();
      });
      lat.push(performance.now() - start);
      storeLat.push(bridge.timings.storeMs - storeBefore);
    }
    const bridgeMs = (Object.keys(before) as (keyof typeof before)[]).map((k) => (bridge.timings[k] - before[k]) / LATENCY_SAMPLES);
    lat.sort((a, b) => a - b);
    storeLat.sort((a, b) => a - b);
    const pct = (p: number): number => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))]!;

    await sync.stop();
    await bridge.stop();
    await crm.close();
    db.close();
    return [
      {
        name: `drain ${N} contacts -> Mosquitto -> PostgreSQL (acked)`,
        value: drainRate,
        unit: 'msg/s',
        better: 'higher',
        baseline: { name: 'plain mqtt.js QoS 1 loop', value: baselineRate },
        note: `window ${WINDOW}, ${avgBytes} B/msg, ${bridge.batches} PG transactions, ${drainS.toFixed(1)} s; bridge validate/store/ack ${Object.values(
          bridge.timings,
        )
          .map((v) => v.toFixed(0))
          .join('/')} ms; pipelined QoS 1 publish: ${pipelinedRate.toFixed(0)} msg/s`,
      },
      {
        name: 'end-to-end latency p50 (commit -> PG -> ack)',
        value: pct(50),
        unit: 'ms',
        better: 'lower',
        note: `of which PG store p50 ${storeLat[storeLat.length >> 1]!.toFixed(2)} ms; mean in the bridge per message, validate/store/ack: ${bridgeMs
          .map((v) => v.toFixed(2))
          .join('/')} ms`,
      },
      { name: 'end-to-end latency p99 (commit -> PG -> ack)', value: pct(99), unit: 'ms', better: 'lower' },
    ];
  } finally {
    await broker.stop();
    await pgsrv.stop();
  }
}
