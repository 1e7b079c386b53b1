/**
 * The fleet path on real services: Mosquitto with per-device credentials, an ACL and a mutual-TLS listener, and
 * PostgreSQL as the CRM, written by two bridges sharing one MQTT 5 shared subscription.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { pushConfig } from '../../sync/bridge/fleet.js';
import { PostgresBridgeStore } from '../../sync/bridge/pg-store.js';
import { mosquittoAcl } from '../../sync/mosquitto-acl.js';
import { payloadText } from '../../sync/outbox-payload.js';
import { enqueueEvent, enqueueTask } from '../../sync/uplink.js';
import { makeTestPki, type TestPki } from '../support/certs.js';
import { startMosquitto, type Mosquitto } from '../support/mosquitto.js';
import { startPostgres, type Postgres } from '../support/postgres.js';
import { newContact, startTestDevice, until } from '../support/sync-device.js';

const USERS: Record<string, string> = {
  bridge: 'bridge-secret',
  'dev-a': 'pw-a',
  'dev-b': 'pw-b',
  'dev-s': 'pw-s',
  'dev-t': 'pw-t',
  'dev-c': 'pw-c',
  'dev-p': 'pw-p',
};
const dir = mkdtempSync(join(tmpdir(), 'fd-fleet-'));
let broker: Mosquitto;
let postgres: Postgres;
let pki: TestPki;
let dbCount = 0;

beforeAll(async () => {
  pki = makeTestPki();
  postgres = await startPostgres();
  broker = await startMosquitto({
    users: USERS,
    acl: mosquittoAcl('frontdesk/v1'),
    tls: { ca: pki.ca, cert: pki.serverCert, key: pki.serverKey, requireCertificate: true },
  });
});
afterAll(async () => {
  await broker?.stop();
  await postgres?.stop();
});

async function crm(): Promise<PostgresBridgeStore> {
  return PostgresBridgeStore.open(await postgres.createDatabase(`crm_${++dbCount}`));
}

async function bridge(store: PostgresBridgeStore, id: string): Promise<CloudBridge> {
  // One share group per test: a bridge left over from a failed test must not take this test's messages.
  const b = new CloudBridge({
    url: broker.url,
    topicPrefix: 'frontdesk/v1',
    store,
    clientId: id,
    shareGroup: `crm-${dbCount}`,
    username: 'bridge',
    password: USERS.bridge!,
  });
  await b.start();
  return b;
}

const device = (id: string, extra: Parameters<typeof startTestDevice>[2] = { url: '' }) =>
  startTestDevice(dir, id, { username: id, password: USERS[id]!, ...extra, url: extra.url || broker.url });

describe('sync fleet on Mosquitto and PostgreSQL', () => {
  it('two bridges share the load; every record is stored once at its latest version; redelivery changes nothing', async () => {
    const store = await crm();
    const [b1, b2] = [await bridge(store, 'bridge-1'), await bridge(store, 'bridge-2')];
    const dev = device('dev-s', { url: broker.url, inFlightWindow: 32 });
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push(dev.store.create(newContact(`Shared ${i}`)).id);
    for (let i = 0; i < 300; i += 3) dev.store.update(ids[i]!, { stage: 'opportunity' });
    for (let i = 0; i < 300; i += 9) dev.store.update(ids[i]!, { name: `Shared ${i} v3` });
    // Kept now: a delivered entry's payload is cleared (no await has run yet, so no ack can have come in).
    const v1Payload = payloadText(
      dev.db.prepare(`SELECT payload FROM outbox WHERE idempotency_key = ?`).pluck().get(`contact.upsert:${ids[0]}:v1`) as string | Buffer,
    );
    dev.sync.kick();
    await until(() => dev.outbox.depth().pending === 0, 30_000, 'drain');

    const rows = await store.contactVersions();
    expect(rows).toHaveLength(300);
    const want = new Map(ids.map((id, i) => [id, i % 9 === 0 ? 3 : i % 3 === 0 ? 2 : 1]));
    for (const r of rows) expect(r.version).toBe(want.get(r.contactId));
    expect(b1.processed).toBeGreaterThan(0);
    expect(b2.processed).toBeGreaterThan(0);

    // A stale redelivery (v1 of a contact now at v3) is acknowledged as a duplicate and changes nothing.
    const v1 = JSON.parse(v1Payload) as unknown;
    expect(dev.db.prepare(`SELECT payload FROM outbox WHERE idempotency_key = ?`).pluck().get(`contact.upsert:${ids[0]}:v1`)).toBe('');
    const raw = await mqtt.connectAsync(broker.url, { clientId: 'dev-s-raw', username: 'dev-s', password: USERS['dev-s']!, protocolVersion: 5 });
    const acks: string[] = [];
    raw.on('message', (_t, p) => acks.push(p.toString()));
    await dev.stop();
    await raw.subscribeAsync('frontdesk/v1/devices/dev-s/acks', { qos: 1 });
    await raw.publishAsync('frontdesk/v1/devices/dev-s/contacts/upsert', JSON.stringify(v1), { qos: 1 });
    await until(() => acks.length > 0);
    expect(JSON.parse(acks[0]!)).toMatchObject({ acks: [{ idempotencyKey: `contact.upsert:${ids[0]}:v1`, status: 'duplicate' }] });
    expect((await store.contactVersions()).find((r) => r.contactId === ids[0])!.version).toBe(3);
    expect((await store.listContacts()).find((c) => c.contact.id === ids[0])!.contact.name).toBe('Shared 0 v3');
    await raw.endAsync();
    await b1.stop();
    await b2.stop();
    await store.close();
  });

  it('confines a device to its own topics: a publish to another device is refused and never stored', async () => {
    const store = await crm();
    const b = await bridge(store, 'bridge-acl');
    const connect = (user: string, clientId: string) =>
      mqtt.connectAsync(broker.url, { clientId, username: user, password: USERS[user]!, protocolVersion: 5, reconnectPeriod: 0 });
    const forged = { schema: 'frontdesk.contact.upsert/1', idempotencyKey: 'contact.upsert:forged:v1', deviceId: 'dev-b', contact: sampleRecord('forged') };
    const rogue = await connect('dev-a', 'rogue-a');
    const refused = await rogue.publishAsync('frontdesk/v1/devices/dev-b/contacts/upsert', JSON.stringify(forged), { qos: 1 }).then(
      () => null,
      (err: Error) => err.message,
    );
    // Mosquitto answers an MQTT 5 client with PUBACK reason 135 (not authorized); a 3.1.1 client's publish is dropped.
    expect(refused).toMatch(/not authori[sz]ed|135/i);
    rogue.end(true);

    // dev-a listening on dev-b's acks hears nothing, while dev-b gets its own.
    const spy = await connect('dev-a', 'spy-a');
    const spied: string[] = [];
    spy.on('message', (_t, p) => spied.push(p.toString()));
    await spy.subscribeAsync('frontdesk/v1/devices/dev-b/acks', { qos: 1 });
    const devB = await connect('dev-b', 'frontdesk-dev-b');
    const gotB: string[] = [];
    devB.on('message', (_t, p) => gotB.push(p.toString()));
    await devB.subscribeAsync('frontdesk/v1/devices/dev-b/acks', { qos: 1 });
    const own = { ...forged, idempotencyKey: 'contact.upsert:own-b:v1', contact: sampleRecord('own-b') };
    await devB.publishAsync('frontdesk/v1/devices/dev-b/contacts/upsert', JSON.stringify(own), { qos: 1 });
    await until(() => gotB.length === 1);
    await b.idle();
    expect(spied).toEqual([]);
    expect(await store.contactVersions()).toEqual([{ deviceId: 'dev-b', contactId: 'own-b', version: 1 }]);
    await spy.endAsync();
    await devB.endAsync();

    // Wrong password: refused at connect.
    const bad = await mqtt.connectAsync(broker.url, { clientId: 'x', username: 'dev-b', password: 'nope', reconnectPeriod: 0 }).then(
      (c) => (c.end(true), 'connected'),
      (err: Error) => err.message,
    );
    expect(bad).toMatch(/Not authorized|Bad User Name or Password/i);
    await b.stop();
    await store.close();
  });

  it('connects over TLS with a client certificate and per-device credentials; a foreign certificate is refused', async () => {
    const store = await crm();
    const b = await bridge(store, 'bridge-tls');
    const cert = pki.client('dev-t');
    const dev = device('dev-t', { url: broker.tlsUrl!, tls: { ca: pki.ca, ...cert } });
    const c = dev.store.create(newContact('Tls Person'));
    dev.sync.kick();
    await until(() => dev.outbox.depth().pending === 0, 20_000, 'drain over TLS');
    expect((await store.contactVersions()).map((r) => r.contactId)).toEqual([c.id]);
    await dev.stop();

    const foreign = pki.foreignClient('dev-t');
    const err = await mqtt
      .connectAsync(broker.tlsUrl!, {
        clientId: 'foreign',
        username: 'dev-t',
        password: USERS['dev-t']!,
        ca: readFile(pki.ca),
        cert: readFile(foreign.cert),
        key: readFile(foreign.key),
        reconnectPeriod: 0,
        connectTimeout: 5000,
      })
      .then(
        (cl) => (cl.end(true), 'connected'),
        (e: Error) => e.message,
      );
    expect(err).not.toBe('connected');
    await b.stop();
    await store.close();
  });

  it('pushes config: valid applied and persisted, invalid and out-of-date refused and reported; shows online state', async () => {
    const store = await crm();
    const b = await bridge(store, 'bridge-cfg');
    const validate = (c: { intake?: { maxAttempts?: number } }) =>
      c.intake?.maxAttempts === 5 ? { ok: false as const, reason: 'intake.maxAttempts: 5 is too many here' } : { ok: true as const };
    let dev = device('dev-c', { url: broker.url, validate, heartbeatMs: 200 });
    await until(() => dev.sync.state().connected);
    const client = b.mqtt()!;

    await pushConfig(client, store, 'frontdesk/v1', { deviceId: 'dev-c', config: { business: { greeting: 'Welcome to Nova Spa' } } });
    await until(() => dev.applied.length === 1);
    expect(dev.applied[0]).toEqual({ version: 1, config: { business: { greeting: 'Welcome to Nova Spa' } } });
    await until(async () => (await store.devices()).find((d) => d.deviceId === 'dev-c')?.reportedVersion === 1);

    // Invalid for the device: refused, reported with the reason, nothing applied.
    await pushConfig(client, store, 'frontdesk/v1', { deviceId: 'dev-c', config: { intake: { maxAttempts: 5 } } });
    await until(async () => (await store.devices()).find((d) => d.deviceId === 'dev-c')?.reportedStatus === 'refused');
    let row = (await store.devices()).find((d) => d.deviceId === 'dev-c')!;
    expect(row).toMatchObject({ reportedVersion: 1, desiredVersion: 2, online: true });
    expect(row.reportedReason).toMatch(/maxAttempts: 5 is too many/);
    expect(dev.applied).toHaveLength(1);

    // Invalid for the schema: the bridge refuses to send it at all.
    await expect(pushConfig(client, store, 'frontdesk/v1', { deviceId: 'dev-c', config: { sync: { broker: 'mqtt://elsewhere' } } })).rejects.toMatchObject({
      code: 'sync_config_invalid',
    });

    // Out of date (version 1 again, different content): refused.
    await pushConfig(client, store, 'frontdesk/v1', { deviceId: 'dev-c', version: 1, config: { business: { greeting: 'Old' } } });
    await until(async () => /not newer/.test((await store.devices()).find((d) => d.deviceId === 'dev-c')?.reportedReason ?? ''));
    expect(dev.applied).toHaveLength(1);

    // The applied config survives a restart of the device; heartbeats carry the outbox depth.
    await dev.stop();
    await until(async () => (await store.devices()).find((d) => d.deviceId === 'dev-c')?.online === false);
    dev = device('dev-c', { url: broker.url, validate, heartbeatMs: 200 });
    expect(dev.sync.state().configVersion).toBe(1);
    dev.store.create(newContact('Queued'));
    await until(async () => (await store.devices()).find((d) => d.deviceId === 'dev-c')?.online === true);
    row = (await store.devices()).find((d) => d.deviceId === 'dev-c')!;
    expect(row.lastSeenAt).not.toBeNull();
    expect(typeof row.outboxPending).toBe('number');
    await dev.stop();
    await b.stop();
    await store.close();
  });

  it('delivers events and tasks through the outbox; a task keeps its highest version', async () => {
    const store = await crm();
    const b = await bridge(store, 'bridge-ev');
    const dev = device('dev-a', { url: broker.url });
    const c = dev.store.create(newContact('Eve Event'));
    const at = new Date().toISOString();
    const task = {
      id: 't1',
      version: 1,
      contactId: c.id,
      title: 'Call back about highlights',
      assignee: 'front desk',
      dueAt: null,
      status: 'open' as const,
      notes: null,
      createdAt: at,
      updatedAt: at,
    };
    dev.db.transaction(() => {
      enqueueEvent(dev.outbox, 'dev-a', {
        type: 'handoff',
        id: 'e1',
        contactId: c.id,
        at,
        to: 'stylist on duty',
        rule: 'color-inquiry',
        summary: 'Wants highlights',
      });
      enqueueEvent(dev.outbox, 'dev-a', { type: 'stage-change', id: 'e2', contactId: c.id, at, from: null, to: 'lead' });
      enqueueTask(dev.outbox, 'dev-a', task);
      enqueueTask(dev.outbox, 'dev-a', { ...task, version: 2, status: 'done' });
    })();
    expect(() => enqueueEvent(dev.outbox, 'dev-a', { type: 'handoff', id: '', contactId: null, at, to: 'x', rule: null, summary: '' })).toThrow();
    dev.sync.kick();
    await until(() => dev.outbox.depth().pending === 0, 20_000, 'drain');
    expect(await store.query(`SELECT type FROM crm_events ORDER BY event_id`)).toEqual([{ type: 'handoff' }, { type: 'stage-change' }]);
    expect(await store.query(`SELECT task_id, version, status FROM crm_tasks`)).toEqual([{ task_id: 't1', version: 2, status: 'done' }]);
    await dev.stop();
    await b.stop();
    await store.close();
  });

  it('dead-letters invalid messages and a record the database refuses, without holding back the rest of the batch', async () => {
    const store = await crm();
    const b = await bridge(store, 'bridge-dl');
    const raw = await mqtt.connectAsync(broker.url, { clientId: 'frontdesk-dev-p', username: 'dev-p', password: USERS['dev-p']!, protocolVersion: 5 });
    const acks: { idempotencyKey: string; status: string; reason?: string }[] = [];
    raw.on('message', (_t, p) => acks.push(...(JSON.parse(p.toString()) as { acks: typeof acks }).acks));
    await raw.subscribeAsync('frontdesk/v1/devices/dev-p/acks', { qos: 1 });
    const msg = (id: string, name = id) =>
      JSON.stringify({
        schema: 'frontdesk.contact.upsert/1',
        idempotencyKey: `contact.upsert:${id}:v1`,
        deviceId: 'dev-p',
        contact: { ...sampleRecord(id), name },
      });
    const topic = 'frontdesk/v1/devices/dev-p/contacts/upsert';
    await Promise.all([
      raw.publishAsync(topic, msg('good-1'), { qos: 1 }),
      raw.publishAsync(topic, msg('poison', 'Nul\u0000Byte'), { qos: 1 }), // PostgreSQL cannot store U+0000
      raw.publishAsync(
        topic,
        JSON.stringify({ schema: 'frontdesk.contact.upsert/1', idempotencyKey: 'contact.upsert:bad:v1', deviceId: 'dev-p', contact: { id: 'bad' } }),
        { qos: 1 },
      ),
      raw.publishAsync(topic, 'not json', { qos: 1 }),
      raw.publishAsync(topic, msg('good-2'), { qos: 1 }),
    ]);
    await until(() => acks.length >= 4);
    const byKey = Object.fromEntries(acks.map((a) => [a.idempotencyKey, a]));
    expect(byKey['contact.upsert:good-1:v1']!.status).toBe('stored');
    expect(byKey['contact.upsert:good-2:v1']!.status).toBe('stored');
    expect(byKey['contact.upsert:poison:v1']).toMatchObject({ status: 'rejected' });
    expect(byKey['contact.upsert:bad:v1']).toMatchObject({ status: 'rejected' });
    await until(async () => (await store.deadLetters()).length === 3);
    const reasons = (await store.deadLetters()).map((d) => d.reason).join('\n');
    expect(reasons).toMatch(/payload is not JSON/);
    expect(reasons).toMatch(/contact\.version/);
    expect(reasons).toMatch(/refused the record/);
    expect((await store.contactVersions()).map((r) => r.contactId).sort()).toEqual(['good-1', 'good-2']);
    await raw.endAsync();
    await b.stop();
    await store.close();
  });
});

function readFile(p: string): Buffer {
  return readFileSync(p);
}

function sampleRecord(id: string) {
  const at = new Date().toISOString();
  return {
    id,
    version: 1,
    name: `Name ${id}`,
    phone: null,
    email: null,
    reason: null,
    fields: {},
    consent: null,
    source: 'test',
    stage: 'lead',
    tags: [],
    transcript: [],
    visitId: 'v',
    createdAt: at,
    updatedAt: at,
  };
}
