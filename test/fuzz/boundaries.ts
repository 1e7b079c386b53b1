/**
 * Property-based fuzzing of the device's and the bridge's input boundaries with fast-check: MQTT downlink config,
 * commands and acks (device), uplink messages (bridge), serial bytes (Firmata decoder), config files. For every
 * boundary: no input crashes it (every exception is a bug), every refusal names its reason, and refused input leaves
 * the store as it was. The test (test/fuzz/fuzz.test.ts) runs a few hundred cases each; the `fuzz-sync` bench 10,000.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { ConfigError, loadConfig, parseConfig } from '../../device/config/load.js';
import { remoteConfigValidator } from '../../device/config/remote.js';
import { openDatabase } from '../../device/store/database.js';
import { FirmataDecoder } from '../../drivers/body/firmata/decode.js';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { SqliteBridgeStore } from '../../sync/bridge/sqlite-store.js';
import { runCommand } from '../../sync/device-commands.js';
import { DeviceSync } from '../../sync/device-sync.js';
import { DownlinkConfig } from '../../sync/downlink-config.js';
import { consentProblem } from '../../sync/downlink-policy.js';
import { SyncError } from '../../sync/errors.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { MemoryRemoteConfigStore } from '../../sync/remote-config-store.js';
import { UPLINK_SUFFIXES } from '../../sync/topics.js';

export interface FuzzStats {
  boundary: string;
  cases: number;
  refusals: number;
  crashes: number;
}

type Json = unknown;

/** Valid documents of a boundary, broken in every way: a field set to any JSON, dropped, or the whole thing replaced. */
function mutated(valid: Record<string, Json>, paths: string[][]): fc.Arbitrary<Buffer> {
  const setAt = (doc: Record<string, Json>, path: string[], value: Json | undefined): Record<string, Json> => {
    const copy = structuredClone(doc);
    let node = copy as Record<string, Json>;
    for (const k of path.slice(0, -1)) {
      const next = node[k];
      if (next === null || typeof next !== 'object') return copy;
      node = next as Record<string, Json>;
    }
    const last = path.at(-1)!;
    if (value === undefined) delete node[last];
    else node[last] = value;
    return copy;
  };
  const text = (v: Json) => Buffer.from(JSON.stringify(v));
  return fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(text) },
    { weight: 1, arbitrary: fc.string({ maxLength: 300 }).map((s) => Buffer.from(s)) },
    { weight: 1, arbitrary: fc.constant(text(valid)) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(fc.constantFrom(...paths), fc.option(fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 200 })), { nil: undefined }))
        .map(([path, value]) => text(setAt(valid, path, value))),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...paths), fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }))
        .map(([a, b, va, vb]) => text(setAt(setAt(valid, a, va), b, vb))),
    },
  );
}

async function run<T>(
  boundary: string,
  numRuns: number,
  arb: fc.Arbitrary<T>,
  check: (input: T) => Promise<'accepted' | 'refused'> | 'accepted' | 'refused',
): Promise<FuzzStats> {
  const stats: FuzzStats = { boundary, cases: 0, refusals: 0, crashes: 0 };
  await fc.assert(
    fc.asyncProperty(arb, async (input) => {
      stats.cases++;
      let outcome: 'accepted' | 'refused';
      try {
        outcome = await check(input);
      } catch (err) {
        stats.crashes++;
        throw err;
      }
      if (outcome === 'refused') stats.refusals++;
    }),
    { numRuns, seed: 42, endOnFailure: true },
  );
  return stats;
}

function expectReason(reason: unknown, what: string): void {
  if (typeof reason !== 'string' || reason.trim() === '') throw new Error(`${what}: a refusal without a reason`);
}

// ---- device: downlink config ----

const field = (id: string, kind: string) => ({ id, kind, label: id, prompt: `${id}?` });
const VALID_DESIRED = {
  schema: 'frontdesk.config.desired/1',
  version: 6,
  config: {
    business: { name: 'Luna', greeting: 'Hi' },
    intake: { fields: [field('name', 'name'), field('consent', 'consent')], consentText: 'ok', maxAttempts: 2 },
    kiosk: { idleTimeoutMs: 60000 },
  },
  issuedAt: '2026-01-01T00:00:00.000Z',
};
const DESIRED_PATHS = [
  ['schema'],
  ['version'],
  ['config'],
  ['issuedAt'],
  ['deviceId'],
  ['signature'],
  ['config', 'business'],
  ['config', 'business', 'name'],
  ['config', 'intake'],
  ['config', 'intake', 'fields'],
  ['config', 'intake', 'fields', '1'],
  ['config', 'intake', 'fields', '1', 'kind'],
  ['config', 'intake', 'fields', '1', 'required'],
  ['config', 'intake', 'maxAttempts'],
  ['config', 'kiosk', 'idleTimeoutMs'],
  ['config', 'broker'],
];

export function fuzzDownlinkConfig(numRuns: number): Promise<FuzzStats> {
  const base = parseConfig({});
  return run('MQTT downlink config (device)', numRuns, mutated(VALID_DESIRED, DESIRED_PATHS), (payload) => {
    const store = new MemoryRemoteConfigStore();
    store.save({ version: 5, config: { business: { name: 'Before' } }, appliedAt: '2026-01-01T00:00:00.000Z' });
    const before = store.current();
    const d = new DownlinkConfig(
      'dev-1',
      store,
      remoteConfigValidator(() => base),
      () => undefined,
    );
    const out = d.handleDesired(payload);
    if (out.changed) {
      // Whatever got through keeps consent asked and required.
      const problem = consentProblem(store.current()!.config);
      if (problem) throw new Error(`applied a config that weakens consent: ${problem}`);
      return 'accepted';
    }
    if (out.report.last.status === 'refused') {
      expectReason(out.report.last.reason, 'downlink config');
      if (!isDeepStrictEqual(store.current(), before)) throw new Error('a refused config changed the stored config');
      return 'refused';
    }
    return 'accepted'; // the same version again: a no-op
  });
}

// ---- device: commands ----

const VALID_COMMAND = { schema: 'frontdesk.command/1', id: 'c-1', command: 'sync-now', args: {}, expiresAt: '2999-01-01T00:00:00.000Z' };
const COMMAND_PATHS = [['schema'], ['id'], ['command'], ['args'], ['expiresAt'], ['args', 'x']];

export function fuzzCommands(numRuns: number): Promise<FuzzStats> {
  return run('MQTT commands (device)', numRuns, mutated(VALID_COMMAND, COMMAND_PATHS), async (payload) => {
    const r = await runCommand(payload, {
      deviceId: 'dev-1',
      syncNow: () => 'ok',
      reportConfig: () => 'ok',
      heartbeat: () => undefined,
      other: async () => null,
    });
    if (r.status === 'done') return 'accepted';
    expectReason(r.detail, `command (${r.status})`);
    return 'refused';
  });
}

// ---- device: acks ----

const VALID_ACKS = { schema: 'frontdesk.acks/1', acks: [{ idempotencyKey: 'contact.upsert:unknown:v1', status: 'stored' }] };
const ACK_PATHS = [
  ['schema'],
  ['acks'],
  ['acks', '0'],
  ['acks', '0', 'idempotencyKey'],
  ['acks', '0', 'status'],
  ['acks', '0', 'reason'],
  ['idempotencyKey'],
  ['status'],
];

export async function fuzzAcks(numRuns: number): Promise<FuzzStats> {
  const db = openDatabase(':memory:');
  const outbox = new SqliteOutbox(db);
  for (let i = 1; i <= 3; i++) outbox.enqueue({ kind: 'contact.upsert', recordId: `r${i}`, version: 1, payload: '{}' });
  const rows = () => db.prepare('SELECT * FROM outbox ORDER BY seq').all();
  const before = rows();
  let refusedReason: string | null = null;
  const sync = new DeviceSync({
    url: 'mqtt://127.0.0.1:1',
    deviceId: 'dev-1',
    topicPrefix: 'frontdesk/v1',
    outbox,
    ackTimeoutMs: 1000,
    inFlightWindow: 1,
    log: (_level, msg, extra) => {
      if (msg === 'ignored an invalid ack') refusedReason = String(extra?.reason ?? '');
    },
  });
  // The private handlers, as the MQTT client would call them (no broker needed for what they do).
  const handle = sync as unknown as { onAck(p: Buffer): void; flushAcks(): void };
  try {
    return await run('MQTT acks (device)', numRuns, mutated(VALID_ACKS, ACK_PATHS), (payload) => {
      refusedReason = null;
      handle.onAck(payload);
      handle.flushAcks();
      // Acks name keys this outbox does not hold: valid or not, nothing may change.
      if (!isDeepStrictEqual(rows(), before)) throw new Error('an ack for unknown keys changed the outbox');
      if (refusedReason === null) return 'accepted';
      expectReason(refusedReason, 'ack');
      return 'refused';
    });
  } finally {
    await sync.stop();
    db.close();
  }
}

// ---- bridge: uplink ----

const VALID_UPSERT = {
  schema: 'frontdesk.contact.upsert/1',
  idempotencyKey: 'contact.upsert:3b241101-e2bb-4255-8caf-4136c566a962:v1',
  deviceId: 'dev-1',
  contact: {
    id: '3b241101-e2bb-4255-8caf-4136c566a962',
    version: 1,
    name: 'Ada Lovelace',
    phone: '+14155550100',
    email: 'ada@example.com',
    reason: 'haircut',
    fields: { name: 'Ada Lovelace' },
    consent: { given: true, text: 'ok', at: '2026-01-01T00:00:00.000Z' },
    source: 'kiosk-touch',
    stage: 'lead',
    tags: ['walk-in'],
    transcript: [],
    visitId: 'v-1',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  },
};
const UPSERT_PATHS = [
  ['schema'],
  ['idempotencyKey'],
  ['deviceId'],
  ['contact'],
  ['contact', 'id'],
  ['contact', 'version'],
  ['contact', 'name'],
  ['contact', 'phone'],
  ['contact', 'email'],
  ['contact', 'fields'],
  ['contact', 'consent'],
  ['contact', 'tags'],
  ['contact', 'transcript'],
  ['contact', 'createdAt'],
];

export async function fuzzUplink(numRuns: number): Promise<FuzzStats> {
  const store = new SqliteBridgeStore(':memory:');
  const bridge = new CloudBridge({ url: 'mqtt://127.0.0.1:1', topicPrefix: 'frontdesk/v1', store });
  const plan = (bridge as unknown as { plan(m: { topic: string; payload: Buffer }): { write: { kind: string; reason?: string } } }).plan.bind(bridge);
  const topic = fc.oneof(
    { weight: 4, arbitrary: fc.constant('frontdesk/v1/devices/dev-1/contacts/upsert') },
    { weight: 2, arbitrary: fc.constantFrom(...UPLINK_SUFFIXES).map((s) => `frontdesk/v1/devices/dev-1/${s}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  );
  try {
    return await run('MQTT uplink (bridge)', numRuns, fc.tuple(topic, mutated(VALID_UPSERT, UPSERT_PATHS)), async ([t, payload]) => {
      const before = store.contacts();
      const p = plan({ topic: t, payload });
      if (p.write.kind === 'dead-letter') {
        expectReason(p.write.reason, 'uplink');
        await store.applyBatch([p.write as never]);
        if (!isDeepStrictEqual(store.contacts(), before)) throw new Error('a refused message changed the CRM');
        return 'refused';
      }
      try {
        await store.applyBatch([p.write as never]);
      } catch (err) {
        // The store's own refusal: the bridge dead-letters it with this reason.
        if (!(err instanceof SyncError && err.code === 'sync_bad_record')) throw err;
        expectReason(err.message, 'uplink store');
        if (!isDeepStrictEqual(store.contacts(), before)) throw new Error('a refused record changed the CRM', { cause: err });
        return 'refused';
      }
      return 'accepted';
    });
  } finally {
    await store.close();
  }
}

// ---- body: serial bytes into the Firmata decoder ----

const FRAMES = [
  [0x90, 0x08, 0x00], // digital port 0
  [0xe0, 0x7f, 0x07], // analog 0
  [0xf9, 0x02, 0x04], // protocol version
  [0xf0, 0x79, 0x02, 0x04, 0x41, 0x00, 0xf7], // firmware report
  [0xf0, 0x6e, 0x03, 0x01, 0x01, 0xf7], // pin state
];

export function fuzzSerial(numRuns: number): Promise<FuzzStats> {
  const bytes = fc
    .array(
      fc.oneof(
        fc.integer({ min: 0, max: 255 }).map((b) => [b]),
        fc.constantFrom(...FRAMES),
      ),
      { maxLength: 200 },
    )
    .map((parts) => parts.flat());
  const chunks = fc.tuple(bytes, fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 50 }));
  return run('serial bytes (Firmata decoder)', numRuns, chunks, ([all, sizes]) => {
    const decoder = new FirmataDecoder();
    let garbage = 0;
    let at = 0;
    for (let i = 0; at < all.length; i++) {
      const n = sizes[i % sizes.length]!;
      const r = decoder.push(Uint8Array.from(all.slice(at, at + n)));
      at += n;
      garbage += r.garbage;
      for (const m of r.messages) if (typeof m.type !== 'string') throw new Error('a decoded message without a type');
    }
    // The decoder's refusal is counting the bytes it dropped (the board logs them).
    return garbage > 0 ? 'refused' : 'accepted';
  });
}

// ---- config files ----

const VALID_CONFIG = {
  device: { id: 'kiosk-1', country: 'GB', timezone: 'Europe/London' },
  business: { name: 'Luna' },
  intake: { fields: [field('name', 'name'), field('consent', 'consent')] },
  http: { port: 8080 },
  sync: { broker: 'embedded', ackTimeoutMs: 1000 },
  syncPolicy: { outboxRetentionDays: 30 },
};
const CONFIG_PATHS = [
  ['device'],
  ['device', 'id'],
  ['device', 'timezone'],
  ['business', 'name'],
  ['intake', 'fields'],
  ['intake', 'fields', '0', 'kind'],
  ['http', 'port'],
  ['http', 'host'],
  ['sync', 'broker'],
  ['sync', 'ackTimeoutMs'],
  ['syncPolicy', 'configSigningKey'],
  ['syncPolicy', 'outboxRetentionDays'],
  ['speech'],
  ['unknown'],
];

export function fuzzConfigFiles(numRuns: number): Promise<FuzzStats> {
  const dir = mkdtempSync(join(tmpdir(), 'fd-fuzz-config-'));
  const file = join(dir, 'config.json');
  return run('config files', numRuns, mutated(VALID_CONFIG, CONFIG_PATHS), (text) => {
    writeFileSync(file, text);
    try {
      loadConfig(file);
      return 'accepted';
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      if (!err.problems.length) throw new Error('a config refusal without problems', { cause: err });
      for (const p of err.problems) expectReason(p.reason, `config ${p.path}`);
      return 'refused';
    }
  });
}

export const BOUNDARIES: Record<string, (numRuns: number) => Promise<FuzzStats>> = {
  'downlink-config': fuzzDownlinkConfig,
  commands: fuzzCommands,
  acks: fuzzAcks,
  uplink: fuzzUplink,
  serial: fuzzSerial,
  'config-files': fuzzConfigFiles,
};
