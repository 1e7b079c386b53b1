/**
 * The contract every BridgeStore keeps (sync/bridge/store.ts), as one shared vitest suite that each implementation
 * runs (sync/bridge/store-contract.test.ts runs it on SQLite and on a real PostgreSQL), as MQTT.js does with its
 * abstract store suite. Each case opens a fresh, empty store.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  activityMessage,
  activityMessageSchema,
  contactUpsertSchema,
  type Activity,
  type ActivityMessage,
  type ContactRecord,
  type ContactUpsert,
  type EventMessage,
  type TaskUpsert,
} from '../payloads.js';
import type { BridgeStore, BridgeWrite } from './store.js';

export interface StoreUnderTest {
  store: BridgeStore;
  /** Every row of every table, as text: an erased contact must leave none of its details in it. */
  dump(): Promise<string>;
  /** A second store on the same database, as a second bridge has. */
  twin(): Promise<BridgeStore>;
  close(): Promise<void>;
}

const DEV = 'lobby-1';
const T0 = Date.parse('2026-11-20T09:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

/** A person with details that must vanish on erasure. */
interface Person {
  id: string;
  name: string;
  phone: string;
  email: string;
}
const person = (name: string, n: number): Person => ({
  id: randomUUID(),
  name,
  phone: `+1415555${String(1000 + n)}`,
  email: `${name.toLowerCase().replace(/[^a-z]/g, '')}.${n}@example.com`,
});

function record(p: Person, version: number, over: Partial<ContactRecord> = {}): ContactRecord {
  return {
    id: p.id,
    version,
    name: p.name,
    phone: p.phone,
    email: p.email,
    reason: 'hair coloring',
    fields: { name: p.name, phone: p.phone, email: p.email, budget: 100 + version, returning_client: version > 1, days: ['mon'] },
    consent: { given: true, text: 'You agree we keep your details.', at: at(0) },
    source: 'kiosk-voice',
    stage: version > 1 ? 'sales-qualified' : 'new-inquiry',
    tags: ['hair-coloring'],
    transcript: [{ who: 'visitor', text: `I am ${p.name}, call me on ${p.phone}`, channel: 'voice', fieldId: 'name', at: at(0) }],
    visitId: `visit-${p.id}`,
    createdAt: at(0),
    updatedAt: at(version),
    ...over,
  };
}

const upsert = (p: Person, version: number, over: Partial<ContactRecord> = {}, deviceId = DEV): ContactUpsert => ({
  schema: 'frontdesk.contact.upsert/1',
  idempotencyKey: `contact.upsert:${p.id}:v${version}`,
  deviceId,
  contact: record(p, version, over),
});

const by = { kind: 'staff' as const, id: 'maria', name: 'Maria' };
const origin = { kind: 'device' as const, id: DEV };
const base = (contactId: string, minutes: number) => ({ id: randomUUID(), contactId, at: at(minutes), by, origin });

const visit = (p: Person, minutes: number): Activity => ({
  ...base(p.id, minutes),
  type: 'visit',
  data: {
    visitId: randomUUID(),
    channel: 'voice',
    source: { channel: 'kiosk-voice', deviceId: DEV, site: 'Main St', campaign: null },
    answers: { name: p.name, phone: p.phone, email: p.email },
    transcript: [{ who: 'visitor', text: `My name is ${p.name}`, channel: 'voice', fieldId: 'name', at: at(minutes) }],
    consent: null,
    returning: false,
    partial: false,
  },
});
const note = (p: Person, minutes: number, text = `Called ${p.name} back on ${p.phone}`): Activity => ({ ...base(p.id, minutes), type: 'note', data: { text } });
const stage = (p: Person, minutes: number, to: string): Activity => ({
  ...base(p.id, minutes),
  type: 'stage-changed',
  data: { from: 'new-inquiry', to, note: `${p.name} wants a colour appointment` },
});
const erasure = (p: Person, minutes: number): Activity => ({ ...base(p.id, minutes), type: 'erasure', data: { reason: 'staff' } });
const merge = (survivor: Person, absorbed: Person, minutes: number): Activity => ({
  ...base(survivor.id, minutes),
  type: 'merge',
  data: { from: absorbed.id },
});

const act = (a: Activity, deviceId = DEV): BridgeWrite => ({ kind: 'activity', msg: activityMessage(deviceId, a) });
const contact = (msg: ContactUpsert): BridgeWrite => ({ kind: 'contact', msg });
const event = (p: Person, deviceId = DEV): BridgeWrite => {
  const msg: EventMessage = {
    schema: 'frontdesk.event/1',
    idempotencyKey: `event:${randomUUID()}:v1`,
    deviceId,
    event: { id: randomUUID(), contactId: p.id, at: at(5), type: 'handoff', to: 'Maria', rule: 'qualified', summary: `${p.name} (${p.phone}) wants colour` },
  };
  return { kind: 'event', msg };
};
const task = (p: Person, deviceId = DEV): BridgeWrite => {
  const msg: TaskUpsert = {
    schema: 'frontdesk.task.upsert/1',
    idempotencyKey: `task.upsert:${p.id}-t:v1`,
    deviceId,
    task: {
      id: `${p.id}-t`,
      version: 1,
      contactId: p.id,
      title: `Call ${p.name}`,
      assignee: 'Maria',
      dueAt: at(60),
      status: 'open',
      notes: `Reach ${p.email}`,
      createdAt: at(5),
      updatedAt: at(5),
    },
  };
  return { kind: 'task', msg };
};

/** One write per batch, in the given order; the outcomes. */
async function each(store: BridgeStore, writes: readonly BridgeWrite[]): Promise<string[]> {
  const out: string[] = [];
  for (const w of writes) out.push((await store.applyBatch([w]))[0]!);
  return out;
}

/** A deterministic shuffle (the suite must not depend on luck). */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const a = [...xs];
  let s = seed;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const ids = async (store: BridgeStore, contactId?: string) =>
  (await store.listActivities(contactId ? { contactId } : {})).map((s) => `${s.contactId}/${s.activity.type}/${s.activity.id}`);

/** None of the person's details, nor their id, in any row of any table (tombstones hold only the id). */
async function expectGone(t: StoreUnderTest, p: Person): Promise<void> {
  const all = await t.dump();
  for (const detail of [p.name, p.phone, p.email]) expect(all, `"${detail}" is still stored`).not.toContain(detail);
  expect((await t.store.listContacts()).map((c) => c.contact.id)).not.toContain(p.id);
  expect(await t.store.listActivities({ contactId: p.id })).toEqual([]);
  expect((await t.store.tombstones()).map((x) => x.contactId)).toContain(p.id);
}

export function bridgeStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  const withStore = (fn: (t: StoreUnderTest) => Promise<void>) => async () => {
    const t = await open();
    try {
      await fn(t);
    } finally {
      await t.close();
    }
  };

  describe(`BridgeStore contract: ${name}`, () => {
    it(
      'stores a contact upsert once: the same message again changes nothing',
      withStore(async ({ store }) => {
        const ana = person('Ana Lopez', 1);
        expect(await store.applyBatch([contact(upsert(ana, 1))])).toEqual(['stored']);
        expect(await store.applyBatch([contact(upsert(ana, 1))])).not.toContain('stored');
        const rows = await store.listContacts();
        expect(rows).toHaveLength(1);
        expect(rows[0]!.contact).toEqual(record(ana, 1));
      }),
    );

    it(
      'keeps which answers of a partial visit were never confirmed, on the activity and the contact; messages without it still pass',
      withStore(async ({ store }) => {
        const ana = person('Ana Lopez', 1);
        const v = visit(ana, 1);
        const partial = { ...v, data: { ...(v.data as Extract<Activity, { type: 'visit' }>['data']), partial: true, unconfirmed: ['phone'] } } as Activity;
        const older = visit(ana, 2); // a device from before the list: no such key
        // As the bridge reads them off the wire (sync/bridge/bridge.ts decodes with these schemas).
        const wire = (a: Activity): BridgeWrite => ({
          kind: 'activity',
          msg: activityMessageSchema.parse(JSON.parse(JSON.stringify(activityMessage(DEV, a)))),
        });
        const marked = contactUpsertSchema.parse(JSON.parse(JSON.stringify(upsert(ana, 1, { unconfirmed: ['phone'] }))));
        const writes = [wire(partial), wire(older), contact(marked)];
        expect(await store.applyBatch(writes)).toEqual(['stored', 'stored', 'stored']);
        expect(await store.applyBatch(writes)).not.toContain('stored'); // a replay changes nothing
        const story = await store.listActivities({ contactId: ana.id });
        expect(story.map((s) => s.activity)).toEqual([partial, older]);
        expect(story[1]!.activity.data).not.toHaveProperty('unconfirmed');
        expect((await store.listContacts())[0]!.contact.unconfirmed).toEqual(['phone']);
        // Staff edited the phone on the device: the next version has none, and replaces it.
        expect(await store.applyBatch([contact(upsert(ana, 2))])).toEqual(['stored']);
        expect((await store.listContacts())[0]!.contact).not.toHaveProperty('unconfirmed');
      }),
    );

    it(
      'keeps the highest version: an older one arriving late is not stored',
      withStore(async ({ store }) => {
        const ana = person('Ana Lopez', 1);
        expect(await each(store, [contact(upsert(ana, 3)), contact(upsert(ana, 1)), contact(upsert(ana, 2))])).toEqual([
          'stored',
          expect.not.stringMatching(/^stored$/),
          expect.not.stringMatching(/^stored$/),
        ]);
        // In one batch too.
        const bo = person('Bo Chen', 2);
        await store.applyBatch([contact(upsert(bo, 2)), contact(upsert(bo, 4)), contact(upsert(bo, 3))]);
        const versions = new Map((await store.listContacts()).map((c) => [c.contact.id, c.contact.version]));
        expect(versions.get(ana.id)).toBe(3);
        expect(versions.get(bo.id)).toBe(4);
      }),
    );

    it(
      'keeps the CRM projection fields of the record, typed, and the last visit from the activities',
      withStore(async ({ store }) => {
        const ana = person('Ana Lopez', 1);
        const rec = upsert(ana, 2, {
          profile: 'Ana Lopez wants hair colouring; came twice; call after 5 pm.',
          owner: 'Maria',
          score: 72.5,
          outcome: { result: 'won', reason: null, at: at(30) },
          sourceDetail: { channel: 'kiosk-touch', deviceId: DEV, site: 'Main St', campaign: 'instagram' },
          consentVersion: 'sha256:1f2e',
          visits: 2,
          fields: { budget: 120, returning_client: true, days: ['mon', 'fri'], note: null, name: 'Ana Lopez' },
        });
        await store.applyBatch([contact(rec), act(visit(ana, 10)), act(visit(ana, 20)), act(note(ana, 25))]);
        const [row] = await store.listContacts();
        expect(row!.contact).toEqual(rec.contact);
        expect(row!.lastVisitAt).toBe(at(20));
      }),
    );

    it(
      'stores each activity once, whatever the order and however often it arrives',
      withStore(async ({ store }) => {
        const ana = person('Ana Lopez', 1);
        const bo = person('Bo Chen', 2);
        const story = [visit(ana, 0), stage(ana, 5, 'sales-qualified'), note(ana, 7), visit(bo, 1), note(bo, 2), visit(ana, 30)];
        const first = await each(
          store,
          shuffled(story, 7).map((a) => act(a)),
        );
        expect(first).toEqual(story.map(() => 'stored'));
        // Redelivered: one by one, and all in one batch with duplicates inside it.
        expect(
          await each(
            store,
            story.map((a) => act(a)),
          ),
        ).toEqual(story.map(() => 'duplicate'));
        const again = await store.applyBatch(shuffled([...story, ...story], 3).map((a) => act(a)));
        expect(again.every((o) => o === 'duplicate')).toBe(true);
        const sorted = [...story].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
        expect(await ids(store)).toEqual(sorted.map((a) => `${a.contactId}/${a.type}/${a.id}`));
        const anas = await store.listActivities({ contactId: ana.id });
        expect(anas.map((s) => s.activity)).toEqual(sorted.filter((a) => a.contactId === ana.id));
      }),
    );

    it(
      'folds to the same state from any arrival order (activities, upserts, batches)',
      withStore(async (t) => {
        const ana = person('Ana Lopez', 1);
        const writes = [contact(upsert(ana, 1)), act(visit(ana, 0)), act(note(ana, 3)), contact(upsert(ana, 2)), act(stage(ana, 4, 'opportunity'))];
        const other = await open();
        try {
          await each(t.store, writes);
          await other.store.applyBatch(shuffled(writes, 11));
          await other.store.applyBatch(shuffled(writes, 5));
          expect(await other.store.listContacts()).toEqual(await t.store.listContacts());
          expect(await other.store.listActivities()).toEqual(await t.store.listActivities());
        } finally {
          await other.close();
        }
      }),
    );

    it(
      'an erasure after the story deletes the contact, its activities, events, tasks and dead letters, and stays',
      withStore(async (t) => {
        const { store } = t;
        const ana = person('Ana Lopez', 1);
        const bo = person('Bo Chen', 2);
        const story = [act(visit(ana, 0)), act(note(ana, 3)), act(stage(ana, 4, 'sales-qualified'))];
        await store.applyBatch([contact(upsert(ana, 1)), contact(upsert(ana, 2)), ...story, event(ana), task(ana), contact(upsert(bo, 1)), act(visit(bo, 1))]);
        await store.deadLetter(`frontdesk/v1/devices/${DEV}/contacts/upsert`, JSON.stringify({ contact: { id: ana.id, name: ana.name } }), 'refused');
        const erase = act(erasure(ana, 60));
        expect(await store.applyBatch([erase])).toEqual(['stored']);
        await expectGone(t, ana);
        expect(await store.tombstones()).toEqual([
          { deviceId: DEV, contactId: ana.id, at: at(60), activityId: (erase as { msg: ActivityMessage }).msg.activity.id, reason: 'staff' },
        ]);
        // Bo is untouched.
        expect((await store.listContacts()).map((c) => c.contact.id)).toEqual([bo.id]);
        expect(await store.listActivities({ contactId: bo.id })).toHaveLength(1);

        // Redelivered, reordered, even newer: none of it comes back.
        const late = await each(store, [erase, contact(upsert(ana, 2)), contact(upsert(ana, 9)), ...story, act(note(ana, 90)), event(ana), task(ana)]);
        expect(late.filter((o) => o === 'stored')).toEqual([]);
        await expectGone(t, ana);
        expect(await store.tombstones()).toHaveLength(1);
      }),
    );

    it(
      'an erasure arriving before the story it erases: nothing of it is ever stored',
      withStore(async (t) => {
        const { store } = t;
        const ana = person('Ana Lopez', 1);
        expect(await store.applyBatch([act(erasure(ana, 60))])).toEqual(['stored']);
        const outcomes = await store.applyBatch([
          contact(upsert(ana, 1)),
          act(visit(ana, 0)),
          act(note(ana, 3)),
          event(ana),
          task(ana),
          contact(upsert(ana, 2)),
        ]);
        expect(outcomes.filter((o) => o === 'stored')).toEqual([]);
        await expectGone(t, ana);
      }),
    );

    it(
      'an erasure in the middle of a batch wins over the writes around it',
      withStore(async (t) => {
        const ana = person('Ana Lopez', 1);
        const bo = person('Bo Chen', 2);
        const out = await t.store.applyBatch([contact(upsert(ana, 1)), act(visit(ana, 0)), act(erasure(ana, 60)), act(note(ana, 3)), contact(upsert(bo, 1))]);
        expect(out).toHaveLength(5);
        expect(out[4]).toBe('stored');
        await expectGone(t, ana);
        expect((await t.store.listContacts()).map((c) => c.contact.id)).toEqual([bo.id]);
      }),
    );

    it(
      'erasure is per device: the same contact id on another device is untouched',
      withStore(async ({ store }) => {
        const ana = person('Ana Lopez', 1);
        await store.applyBatch([contact(upsert(ana, 1)), contact(upsert(ana, 1, {}, 'lobby-2')), act(visit(ana, 0), 'lobby-2')]);
        await store.applyBatch([act(erasure(ana, 60))]);
        expect((await store.listContacts()).map((c) => c.deviceId)).toEqual(['lobby-2']);
        expect(await store.listActivities({ deviceId: 'lobby-2' })).toHaveLength(1);
      }),
    );

    it(
      'a merge moves the absorbed story to the survivor, before and after it arrives, and deletes the absorbed projection',
      withStore(async ({ store }) => {
        const ana = person('Ana Lopez', 1);
        const dup = person('Ana L.', 2);
        await store.applyBatch([contact(upsert(ana, 1)), contact(upsert(dup, 1)), act(visit(ana, 0)), act(visit(dup, 10)), act(note(dup, 11))]);
        const m = act(merge(ana, dup, 20));
        expect(await store.applyBatch([m])).toEqual(['stored']);
        expect((await store.listContacts()).map((c) => c.contact.id)).toEqual([ana.id]);
        expect(await store.listActivities({ contactId: dup.id })).toEqual([]);
        expect((await store.listActivities({ contactId: ana.id })).map((s) => s.activity.type)).toEqual(['visit', 'visit', 'note', 'merge']);
        // Late: an activity of the absorbed contact joins the survivor; its upsert does not bring it back.
        const lateNote = note(dup, 12);
        expect(await store.applyBatch([act(lateNote), contact(upsert(dup, 2)), m])).toEqual(['stored', expect.not.stringMatching(/^stored$/), 'duplicate']);
        expect((await store.listActivities({ contactId: ana.id })).map((s) => s.activity.id)).toContain(lateNote.id);
        expect((await store.listContacts()).map((c) => c.contact.id)).toEqual([ana.id]);
        // The survivor's next version is stored as usual.
        expect(await store.applyBatch([contact(upsert(ana, 2))])).toEqual(['stored']);
      }),
    );

    it(
      'a merge, then the survivor erased: both stories are gone, and late messages of either stay out',
      withStore(async (t) => {
        const ana = person('Ana Lopez', 1);
        const dup = person('Anna Lopes', 2);
        await t.store.applyBatch([contact(upsert(ana, 1)), contact(upsert(dup, 1)), act(visit(ana, 0)), act(visit(dup, 10)), event(dup)]);
        await t.store.applyBatch([act(merge(ana, dup, 20))]);
        await t.store.applyBatch([act(erasure(ana, 30))]);
        const late = await each(t.store, [act(note(dup, 12)), contact(upsert(dup, 2)), act(note(ana, 13)), contact(upsert(ana, 3))]);
        expect(late.filter((o) => o === 'stored')).toEqual([]);
        await expectGone(t, ana);
        await expectGone(t, dup);
      }),
    );

    it(
      'the survivor erased before the merge arrives: the merge erases the absorbed contact too',
      withStore(async (t) => {
        const ana = person('Ana Lopez', 1);
        const dup = person('Anna Lopes', 2);
        const m = act(merge(ana, dup, 20));
        await t.store.applyBatch([contact(upsert(ana, 1)), contact(upsert(dup, 1)), act(visit(dup, 10))]);
        await t.store.applyBatch([act(erasure(ana, 30))]);
        expect(await t.store.applyBatch([m])).toEqual(['stored']);
        expect(await t.store.applyBatch([m, act(note(dup, 11))])).toEqual(['duplicate', 'duplicate']);
        await expectGone(t, ana);
        await expectGone(t, dup);
      }),
    );

    it(
      'an erasure racing writes of another bridge about the same contact: the contact is gone once both commit',
      withStore(async (t) => {
        const other = await t.twin();
        try {
          for (let round = 0; round < 15; round++) {
            const p = person(`Racer ${round}`, round);
            await t.store.applyBatch([contact(upsert(p, 1)), act(visit(p, 0))]);
            // The other bridge keeps writing newer versions and activities while this one erases.
            const writes = Array.from({ length: 6 }, (_, i) => other.applyBatch([contact(upsert(p, i + 2)), act(note(p, i + 1))]));
            await Promise.all([...writes.slice(0, 3), t.store.applyBatch([act(erasure(p, 60))]), ...writes.slice(3)]);
            expect((await t.store.listContacts()).map((c) => c.contact.id)).not.toContain(p.id);
            expect(await t.store.listActivities({ contactId: p.id })).toEqual([]);
          }
        } finally {
          await other.close();
        }
      }),
    );

    it(
      'keeps dead letters with their reason, and a batch can mix them with records',
      withStore(async ({ store }) => {
        const ana = person('Ana Lopez', 1);
        const out = await store.applyBatch([
          { kind: 'dead-letter', topic: 'frontdesk/v1/devices/x/activities', payload: '{"not":"valid"}', reason: 'activity.id: Invalid uuid' },
          contact(upsert(ana, 1)),
        ]);
        expect(out).toEqual(['stored', 'stored']);
        await store.deadLetter('frontdesk/v1/devices/x/contacts/upsert', 'not json', 'payload is not JSON');
        expect((await store.deadLetters()).map((d) => [d.topic, d.reason])).toEqual([
          ['frontdesk/v1/devices/x/activities', 'activity.id: Invalid uuid'],
          ['frontdesk/v1/devices/x/contacts/upsert', 'payload is not JSON'],
        ]);
        expect((await store.listContacts()).map((c) => c.contact.id)).toEqual([ana.id]);
      }),
    );
  });
}
