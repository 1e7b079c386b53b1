/**
 * The CRM's story end to end on real services: a device's outbox of contact upserts and activities drains through
 * Mosquitto and the bridge into PostgreSQL; an erasure then removes every trace of the contact from PostgreSQL, and
 * older messages redelivered afterwards (as a device or a broker may) leave it gone.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { PostgresBridgeStore } from '../../sync/bridge/pg-store.js';
import { payloadText } from '../../sync/outbox-payload.js';
import { activityMessage, type Activity } from '../../sync/payloads.js';
import { enqueueActivity } from '../../sync/uplink.js';
import { startMosquitto, type Mosquitto } from '../support/mosquitto.js';
import { startPostgres, type Postgres } from '../support/postgres.js';
import { newContact, startTestDevice, until } from '../support/sync-device.js';

const dir = mkdtempSync(join(tmpdir(), 'fd-sync-crm-'));
let broker: Mosquitto;
let postgres: Postgres;

beforeAll(async () => {
  postgres = await startPostgres();
  broker = await startMosquitto();
}, 60_000);
afterAll(async () => {
  await broker?.stop();
  await postgres?.stop();
});

const DEVICE = 'dev-crm';
const by = { kind: 'robot' as const, id: null, name: 'Frontdesk' };
const origin = { kind: 'device' as const, id: DEVICE };

/** Every row of every table in the CRM database, as text. */
async function everything(store: PostgresBridgeStore): Promise<string> {
  const tables = (await store.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`)).map((r) => r.t);
  const rows: string[] = [];
  // Names come from the catalog and are checked: identifiers cannot be parameters.
  for (const t of tables.filter((x) => /^[a-z_]+$/.test(x)))
    rows.push(...(await store.query<{ r: string }>(`SELECT x::text AS r FROM ${t} x`)).map((r) => r.r));
  return rows.join('\n');
}

describe('CRM sync through Mosquitto into PostgreSQL', () => {
  it('stores every contact and activity once, then an erasure removes the contact for good, even from redelivered messages', async () => {
    const store = await PostgresBridgeStore.open(await postgres.createDatabase('crm_e2e'));
    const bridge = new CloudBridge({ url: broker.url, topicPrefix: 'frontdesk/v1', store, clientId: 'bridge-crm' });
    await bridge.start();
    const dev = startTestDevice(dir, DEVICE, { url: broker.url, inFlightWindow: 8 });

    // Three visitors; each contact write and its activities commit together, as the CRM does.
    const people = [
      { name: 'Ana Lopez', phone: '+14155550101', email: 'ana.lopez@example.com' },
      { name: 'Bo Chen', phone: '+14155550102', email: 'bo.chen@example.com' },
      { name: 'Zoë Ångström', phone: '+14155550103', email: 'zoe@example.se' },
    ];
    const story = new Map<string, Activity[]>();
    let minute = 0;
    const at = () => new Date(Date.parse('2026-11-20T09:00:00Z') + minute++ * 60_000).toISOString();
    const ids = people.map((p) =>
      dev.db.transaction(() => {
        const c = dev.store.create(newContact(p.name, { phone: p.phone, email: p.email, stage: 'new-inquiry' }));
        const acts: Activity[] = [
          {
            id: randomUUID(),
            contactId: c.id,
            at: at(),
            by,
            origin,
            type: 'visit',
            data: {
              visitId: `visit-${c.id}`,
              channel: 'voice',
              source: { channel: 'kiosk-voice', deviceId: DEVICE, site: 'Main St', campaign: null },
              answers: { name: p.name, phone: p.phone, email: p.email },
              transcript: [{ who: 'visitor', text: `I'm ${p.name}, ${p.phone}`, channel: 'voice', fieldId: 'name', at: at() }],
              consent: null,
              returning: false,
              partial: false,
            },
          },
          {
            id: randomUUID(),
            contactId: c.id,
            at: at(),
            by,
            origin,
            type: 'tag-added',
            data: { tag: 'hair-coloring', category: 'service', matched: 'colour' },
          },
        ];
        for (const a of acts) enqueueActivity(dev.outbox, DEVICE, a);
        story.set(c.id, acts);
        return c.id;
      })(),
    );
    // Staff work on two of them: a stage change with its note, and a note.
    for (const id of ids.slice(0, 2))
      dev.db.transaction(() => {
        dev.store.update(id, { stage: 'sales-qualified' });
        const name = people[ids.indexOf(id)]!.name;
        const more: Activity[] = [
          {
            id: randomUUID(),
            contactId: id,
            at: at(),
            by,
            origin,
            type: 'stage-changed',
            data: { from: 'new-inquiry', to: 'sales-qualified', note: `${name} booked` },
          },
          { id: randomUUID(), contactId: id, at: at(), by, origin, type: 'note', data: { text: `Call ${name} after 5 pm` } },
        ];
        for (const a of more) enqueueActivity(dev.outbox, DEVICE, a);
        story.get(id)!.push(...more);
      })();
    // What was sent about Ana, kept for the replay below (the outbox clears a payload once it is delivered). No
    // await since the writes above, so nothing has been sent yet.
    // Payloads may be stored compressed: each is read back as its JSON text (sync/outbox-payload.ts).
    const payloads = (
      dev.db.prepare(`SELECT idempotency_key AS k, kind, record_id, payload FROM outbox ORDER BY seq`).all() as {
        k: string;
        kind: string;
        record_id: string;
        payload: string | Buffer;
      }[]
    )
      .map((r) => ({ k: r.k, kind: r.kind, record_id: r.record_id, payload: payloadText(r.payload) }))
      .filter((r) => r.record_id === ids[0] || r.payload.includes(ids[0]!));
    dev.sync.kick();
    await until(() => dev.outbox.depth().pending === 0, 30_000, 'outbox drained');

    expect((await store.contactVersions()).map((r) => [r.contactId, r.version]).sort()).toEqual(
      [
        [ids[0], 2],
        [ids[1], 2],
        [ids[2], 1],
      ].sort(),
    );
    for (const id of ids) expect((await store.listActivities({ contactId: id })).map((s) => s.activity.id)).toEqual(story.get(id)!.map((a) => a.id));
    const columns = await store.query<{ contact_id: string; stage: string; tags: string[]; fields: Record<string, unknown> }>(
      `SELECT contact_id, stage, tags, fields FROM crm_contacts WHERE contact_id = $1`,
      [ids[0]],
    );
    expect(columns[0]).toMatchObject({ stage: 'sales-qualified', tags: ['walk-in'] });

    // Before: her details are there (in the projection, the activities' answers and transcripts).
    for (const detail of [people[0]!.name, people[0]!.phone, people[0]!.email]) expect(await everything(store)).toContain(detail);

    // Erase Ana: the tombstone travels like any activity.
    const [ana, anaId] = [people[0]!, ids[0]!];
    const erasure: Activity = {
      id: randomUUID(),
      contactId: anaId,
      at: at(),
      by: { kind: 'staff', id: 'maria', name: 'Maria' },
      origin,
      type: 'erasure',
      data: { reason: 'staff' },
    };
    dev.db.transaction(() => enqueueActivity(dev.outbox, DEVICE, erasure))();
    dev.sync.kick();
    await until(() => dev.outbox.depth().pending === 0, 30_000, 'erasure delivered');
    await bridge.idle();

    const expectAnaGone = async () => {
      const all = await everything(store);
      for (const detail of [ana.name, ana.phone, ana.email]) expect(all, `${detail} is still in PostgreSQL`).not.toContain(detail);
      expect(
        (
          await store.query(`SELECT 1 FROM crm_contacts WHERE contact_id = $1 OR name = $2 OR phone = $3 OR email = $4`, [
            anaId,
            ana.name,
            ana.phone,
            ana.email,
          ])
        ).length,
      ).toBe(0);
      expect((await store.query(`SELECT 1 FROM crm_activities WHERE contact_id = $1`, [anaId])).length).toBe(0);
      expect(await store.tombstones()).toEqual([{ deviceId: DEVICE, contactId: anaId, at: erasure.at, activityId: erasure.id, reason: 'staff' }]);
    };
    await expectAnaGone();
    // The others are untouched.
    expect((await store.listContacts()).map((c) => c.contact.name).sort()).toEqual(['Bo Chen', 'Zoë Ångström']);
    expect(await store.listActivities({ contactId: ids[1]! })).toHaveLength(4);

    // Older messages about Ana arrive again (a resend, a broker's redelivery): answered duplicate, nothing stored.
    expect(payloads.length).toBeGreaterThanOrEqual(6); // v1, v2, visit, tag, stage, note
    await dev.stop();
    const raw = await mqtt.connectAsync(broker.url, { clientId: 'dev-crm-replay' });
    const acks: { idempotencyKey: string; status: string }[] = [];
    raw.on('message', (_t, p) => acks.push(...(JSON.parse(p.toString()) as { acks: { idempotencyKey: string; status: string }[] }).acks));
    await raw.subscribeAsync(`frontdesk/v1/devices/${DEVICE}/acks`, { qos: 1 });
    // Oldest first would be the natural order; send them newest first, the harder case.
    for (const p of [...payloads].reverse()) {
      const suffix = p.kind === 'activity' ? 'activities' : 'contacts/upsert';
      await raw.publishAsync(`frontdesk/v1/devices/${DEVICE}/${suffix}`, p.payload, { qos: 1 });
    }
    await until(() => acks.length >= payloads.length, 15_000, 'acks for the replay');
    expect(acks.map((a) => a.status)).toEqual(payloads.map(() => 'duplicate'));
    await bridge.idle();
    await expectAnaGone();

    // The bridge checks the activities topic like the others: a device speaking for another, a wrong key, bad data.
    const forged = activityMessage('dev-other', { ...erasure, id: randomUUID(), contactId: ids[1]! });
    const wrongKey = { ...activityMessage(DEVICE, { ...erasure, id: randomUUID(), contactId: ids[1]! }), idempotencyKey: 'activity:x:v1' };
    const bad = { ...activityMessage(DEVICE, erasure), idempotencyKey: 'bad-1', activity: { ...erasure, id: 'not-a-uuid' } };
    acks.length = 0;
    for (const m of [forged, wrongKey, bad]) await raw.publishAsync(`frontdesk/v1/devices/${DEVICE}/activities`, JSON.stringify(m), { qos: 1 });
    await until(() => acks.length >= 3, 15_000, 'rejections');
    expect(acks.map((a) => a.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((await store.deadLetters()).map((d) => d.reason)).toEqual([
      expect.stringMatching(/deviceId dev-other does not match/),
      expect.stringMatching(/idempotencyKey must be activity:/),
      expect.stringMatching(/activity\.id/),
    ]);
    expect((await store.listContacts()).map((c) => c.contact.id).sort()).toEqual([ids[1], ids[2]].sort());

    await raw.endAsync();
    await bridge.stop();
    await store.close();
  });
});
