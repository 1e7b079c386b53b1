/**
 * Values heard by voice and never confirmed by the visitor (a partial lead): stored on the visit activity, known to
 * the contact's projection until a confirmed visit or a staff edit, carried by sync, and idempotent on replay.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteOutbox } from '../../sync/outbox.js';
import { activityMessageSchema, type Activity } from '../../sync/schemas/activity.js';
import { contactUpsertSchema } from '../../sync/schemas/contact.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { configSchema } from '../config/schema.js';
import { openDatabase } from '../store/database.js';
import type { VisitInput } from './service.js';
import type { Actor } from './types.js';

const config = configSchema.parse({});
const staff: Actor = { kind: 'staff', id: 's1', name: 'Maya' };

function open() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-unconfirmed-')), 'db.sqlite'));
  const outbox = new SqliteOutbox(db);
  return { outbox, crm: crmOnDb(db, { outbox }) };
}

const at = new Date().toISOString();
function visit(answers: Record<string, string | boolean>, over: Partial<VisitInput> = {}): VisitInput {
  return {
    visitId: `v-${Math.random()}`,
    channel: 'voice',
    sourceChannel: 'kiosk-voice',
    answers: { consent: true, ...answers },
    transcript: [{ who: 'visitor', text: 'four one five five five five zero one two three', channel: 'voice', fieldId: 'phone', at }],
    consent: { given: true, text: config.intake.consentText, version: 'v1', channel: 'voice', language: 'en', at },
    ...over,
  };
}

const walkedAway = () => visit({ phone: '415 555 0123', email: 'ana@example.com' }, { partial: true, unconfirmed: ['phone', 'name', 'phone'] });

describe('unconfirmed values in the CRM', () => {
  it('a partial visit marks its unconfirmed answers on the activity, the contact and the synced record', () => {
    const { crm, outbox } = open();
    const { contactId } = crm.recordVisit(walkedAway());
    const d = crm.get(contactId)!;
    // Only answers the visit holds are listed ('name' was not kept), once each.
    expect(d.unconfirmed).toEqual(['phone']);
    expect(d.profile).toMatch(/^Reach: \+14155550123 \(not confirmed\), ana@example\.com \(consented\)$/m);
    const v = d.timeline.find((t) => t.activity.type === 'visit')!.activity;
    expect(v.type === 'visit' && v.data.unconfirmed).toEqual(['phone']);
    const sent = outbox.pending(100).map((e) => JSON.parse(e.payload) as unknown);
    const activities = sent.filter((m) => (m as { schema: string }).schema === 'frontdesk.activity/1').map((m) => activityMessageSchema.parse(m).activity);
    expect(activities.find((a) => a.type === 'visit')).toMatchObject({ data: { unconfirmed: ['phone'] } });
    const record = contactUpsertSchema.parse(sent.find((m) => (m as { schema: string }).schema === 'frontdesk.contact.upsert/1')).contact;
    expect(record.unconfirmed).toEqual(['phone']);
  });

  it('the leads list marks them too, only on contacts that have any', () => {
    const { crm } = open();
    const { contactId: marked } = crm.recordVisit(walkedAway());
    const { contactId: clean } = crm.recordVisit(visit({ phone: '415 555 0199' }));
    const items = new Map(crm.list({}).items.map((c) => [c.id, c]));
    expect(items.get(marked)!.unconfirmed).toEqual(['phone']);
    expect(items.get(clean)).not.toHaveProperty('unconfirmed');
    crm.editField(marked, 'phone', '415 555 0124', staff);
    expect(crm.list({}).items.find((c) => c.id === marked)).not.toHaveProperty('unconfirmed');
  });

  it('a later visit that gives the phone confirmed makes it confirmed', () => {
    const { crm } = open();
    const { contactId } = crm.recordVisit(walkedAway());
    const again = crm.recordVisit(visit({ name: 'Ana Lopez', phone: '+14155550123' }));
    expect(again).toMatchObject({ contactId, returning: true });
    expect(crm.get(contactId)!.unconfirmed).toEqual([]);
  });

  it('a staff edit clears it, a changed value or the same one saved (checked on a call); the timeline says which', () => {
    const { crm } = open();
    const { contactId } = crm.recordVisit(visit({ phone: '415 555 0123', email: 'ana@example.com' }, { partial: true, unconfirmed: ['phone', 'email'] }));
    const checked = crm.editField(contactId, 'phone', '+14155550123', staff);
    expect(checked.unconfirmed).toEqual(['email']);
    expect(checked.fields.phone).toBe('+14155550123');
    expect(checked.timeline[0]!.summary).toMatch(/^Phone( number)? checked: /);
    const changed = crm.editField(contactId, 'email', 'ana@example.org', staff);
    expect(changed.unconfirmed).toEqual([]);
    expect(changed.profile).toMatch(/^Reach: \+14155550123, ana@example\.org \(consented\)$/m);
    expect(crm.get(contactId)!.unconfirmed).toEqual([]);
    // Saving a confirmed value unchanged writes nothing, as before.
    const story = crm.get(contactId)!.timeline.length;
    expect(crm.editField(contactId, 'phone', '+14155550123', staff).timeline).toHaveLength(story);
  });

  it("a merge keeps the absorbed story's marks where its values stand", () => {
    const { crm } = open();
    const { contactId: confirmed } = crm.recordVisit(visit({ name: 'Ana Lopez', email: 'ana@example.com' }));
    const { contactId: partial } = crm.recordVisit(visit({ phone: '415 555 0123' }, { partial: true, unconfirmed: ['phone'] }));
    const merged = crm.merge(confirmed, partial, staff);
    expect(merged.fields).toMatchObject({ name: 'Ana Lopez', email: 'ana@example.com', phone: '+14155550123' });
    expect(merged.unconfirmed).toEqual(['phone']);
    expect(crm.get(confirmed)!.unconfirmed).toEqual(['phone']);
  });

  it('the same activities told twice (a sync replay) change nothing', () => {
    const { crm } = open();
    const { contactId, activities } = crm.recordVisit(walkedAway());
    const before = crm.get(contactId)!;
    crm.importStory(contactId, activities as Activity[], { enqueue: false });
    crm.importStory(contactId, activities as Activity[], { enqueue: false });
    const after = crm.get(contactId)!;
    expect(after.unconfirmed).toEqual(['phone']);
    expect(after.timeline).toEqual(before.timeline);
    expect(after.fields).toEqual(before.fields);
  });
});
