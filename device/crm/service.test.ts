import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { payloadText } from '../../sync/outbox-payload.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { activityMessageSchema } from '../../sync/schemas/activity.js';
import { contactUpsertSchema } from '../../sync/schemas/contact.js';
import { configSchema } from '../config/schema.js';
import { openDatabase } from '../store/database.js';
import { DEFAULT_CRM_SETTINGS } from './defaults.js';
import { CrmError } from './errors.js';
import { CrmService, type VisitInput } from './service.js';
import type { Actor } from './types.js';

const config = configSchema.parse({});
const staff: Actor = { kind: 'staff', id: null, name: 'Maya' };

function open(file = join(mkdtempSync(join(tmpdir(), 'fd-crm-')), 'db.sqlite'), now?: () => Date) {
  const db = openDatabase(file);
  const outbox = new SqliteOutbox(db);
  const crm = new CrmService({
    db,
    outbox,
    deviceId: 'dev-1',
    fileSettings: () => DEFAULT_CRM_SETTINGS,
    intakeFields: () => config.intake.fields,
    country: 'US',
    timeZone: 'UTC',
    localDay: (d) => d.toISOString().slice(0, 10),
    ...(now ? { now } : {}),
  });
  return { file, db, outbox, crm };
}

const at = new Date().toISOString();
function visit(answers: Record<string, string | boolean>, over: Partial<VisitInput> = {}): VisitInput {
  return {
    visitId: `v-${Math.random()}`,
    channel: 'touch',
    sourceChannel: 'kiosk-touch',
    answers: { name: 'Ana Lopez', phone: '+14155550123', email: 'ana@example.com', reason: 'haircut', consent: true, ...answers },
    transcript: [
      { who: 'robot', text: 'What brings you in today?', channel: 'touch', fieldId: 'reason', at },
      { who: 'visitor', text: 'a haircut', channel: 'touch', fieldId: 'reason', at },
    ],
    consent: { given: true, text: config.intake.consentText, version: 'v1', channel: 'touch', language: 'en', at },
    ...over,
  };
}

function refused(fn: () => unknown): CrmError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CrmError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('CrmService', () => {
  it('stores a first visit as a new contact in the first stage, tagged, with schema-valid outbox entries', () => {
    const { crm, outbox } = open();
    const r = crm.recordVisit(
      visit({ reason: 'hair-coloring' }, { transcript: [{ who: 'visitor', text: 'Coloring, please', channel: 'touch', fieldId: 'reason', at }] }),
    );
    expect(r.returning).toBe(false);
    const c = crm.get(r.contactId)!;
    expect(c.stage.id).toBe('new-inquiry');
    expect(c.tags.map((t) => t.id)).toEqual(['hair-coloring']);
    expect(c.visits).toBe(1);
    expect(c.fields.phone).toBe('+14155550123');
    expect(c.profile).toContain('Wants: Hair coloring (service interest)');
    expect(c.timeline.map((t) => t.activity.type).sort()).toEqual(['stage-changed', 'tag-added', 'visit']);
    const entries = outbox.pending(100);
    expect(entries.map((e) => e.kind)).toEqual(['activity', 'activity', 'activity', 'contact.upsert']);
    for (const e of entries.filter((x) => x.kind === 'activity')) {
      const m = activityMessageSchema.parse(JSON.parse(e.payload));
      expect(e.idempotencyKey).toBe(`activity:${m.activity.id}:v1`);
      expect(m.activity.contactId).toBe(r.contactId);
      expect(e.recordId).toBe(m.activity.id); // each activity travels on its own (no head-of-line wait per contact)
    }
    const up = contactUpsertSchema.parse(JSON.parse(entries[3]!.payload));
    expect(up.contact).toMatchObject({ id: r.contactId, version: 1, stage: 'new-inquiry', tags: ['hair-coloring'], visits: 1 });
    // The profile a rep reads travels with the record (issue 13: "shown on the contact and carried by sync").
    expect(up.contact.profile).toBe(c.profile);
    expect(up.contact.sourceDetail).toEqual({ channel: 'kiosk-touch', deviceId: 'dev-1', site: null, campaign: null });
  });

  it('a returning visitor by phone or by email joins the same contact; changed values become field changes', () => {
    const { crm } = open();
    const first = crm.recordVisit(visit({}));
    const byPhone = crm.recordVisit(visit({ name: 'Ana L.', email: '', reason: 'styling' }));
    expect(byPhone).toMatchObject({ contactId: first.contactId, returning: true });
    const byEmail = crm.recordVisit(visit({ phone: '(415) 555-0999', email: 'ANA@example.com ' }));
    expect(byEmail.contactId).toBe(first.contactId);
    expect(crm.list({}).total).toBe(1);
    const c = crm.get(first.contactId)!;
    expect(c.visits).toBe(3);
    expect(c.fields).toMatchObject({ name: 'Ana Lopez', phone: '+14155550999', email: 'ana@example.com' });
    const changes = c.timeline.filter((t) => t.activity.type === 'field-changed').map((t) => t.summary);
    expect(changes).toContain('Your name changed from Ana Lopez to Ana L.');
    expect(changes).toContain('Phone number changed from +14155550123 to +14155550999');
    expect(c.tags.map((t) => t.id).sort()).toEqual(['haircut', 'styling']);
  });

  it('a visit that says nothing taggable gets no tag', () => {
    const { crm } = open();
    const r = crm.recordVisit(
      visit({ reason: 'other' }, { transcript: [{ who: 'visitor', text: 'just looking around', channel: 'voice', fieldId: null, at }] }),
    );
    expect(crm.get(r.contactId)!.tags).toEqual([]);
  });

  it('moves a stage only with a note and the criteria met; nothing is written when refused', () => {
    const { crm, outbox } = open();
    const { contactId } = crm.recordVisit(visit({ phone: '', reason: 'other' }, { transcript: [] }));
    const depth = outbox.depth().pending;
    expect(refused(() => crm.moveStage(contactId, 'sales-qualified', '', staff)).code).toBe('note_required');
    const unmet = refused(() => crm.moveStage(contactId, 'Sales qualified', 'called', staff));
    expect(unmet.code).toBe('criteria_unmet');
    expect(unmet.missing).toEqual(['Phone number', 'a tag of Service interest']);
    expect(refused(() => crm.moveStage(contactId, 'hot', 'x', staff)).code).toBe('unknown_stage');
    expect(refused(() => crm.moveStage('nope', 'lost', 'x', staff)).code).toBe('contact_not_found');
    expect(outbox.depth().pending).toBe(depth);
    // A phone with an extension is refused saying so, not kept without it.
    const ext = refused(() => crm.editField(contactId, 'phone', '415 555 0123 ext 45', staff));
    expect(ext).toMatchObject({
      code: 'invalid_value',
      message: expect.stringMatching(/^Phone number: Please enter the phone number without the extension \(ext\. 45\)/),
    });
    expect(crm.get(contactId)!.phone).toBeNull();
    crm.editField(contactId, 'phone', '415 555 0123', staff);
    crm.addTag(contactId, 'Haircut', staff);
    const c = crm.moveStage(contactId, 'Sales qualified', 'Called her, wants a cut on Saturday', staff);
    expect(c.stage.name).toBe('Sales qualified');
    expect(c.lastNote?.text).toBe('Called her, wants a cut on Saturday');
    expect(c.timeline[0]!.summary).toBe('Stage changed from New inquiry to Sales qualified');
  });

  it('rolls everything back when the outbox cannot be written', () => {
    const { crm, db } = open();
    const { contactId } = crm.recordVisit(visit({}));
    db.exec(`CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END;`);
    expect(() => crm.addNote(contactId, 'hello', staff)).toThrow(/disk full/);
    expect(() => crm.recordVisit(visit({ phone: '+14155550111', email: 'x@y.co' }))).toThrow(/disk full/);
    expect(crm.get(contactId)!.timeline.some((t) => t.activity.type === 'note')).toBe(false);
    expect(crm.list({}).total).toBe(1);
  });

  it('records outcomes: lost needs a known reason and moves to Lost; won moves to Customer', () => {
    const { crm } = open();
    const { contactId } = crm.recordVisit(visit({}));
    expect(refused(() => crm.recordOutcome(contactId, { result: 'lost' }, staff)).code).toBe('unknown_reason');
    expect(refused(() => crm.recordOutcome(contactId, { result: 'lost', reason: 'weather' }, staff)).message).toMatch(/The reasons are: Price, Timing/);
    const lost = crm.recordOutcome(contactId, { result: 'lost', reason: 'Price', objection: 'too dear' }, staff);
    expect(lost.stage.id).toBe('lost');
    expect(lost.outcomeDetail).toMatchObject({ result: 'lost', reason: { id: 'price', name: 'Price' }, objection: 'too dear' });
    const won = crm.recordOutcome(contactId, { result: 'won', note: 'Booked after all' }, staff);
    expect(won.stage.id).toBe('customer');
    const d = crm.dashboard({});
    expect(d.outcomes.won).toBe(1);
    expect(d.funnel.find((f) => f.stage.id === 'lost')).toMatchObject({ reached: 1, movedOn: 1 });
  });

  it('refuses a huge outcome note or objection, and writes nothing', () => {
    const { crm, outbox } = open();
    const { contactId } = crm.recordVisit(visit({}));
    const depth = outbox.depth().pending;
    const note = refused(() => crm.recordOutcome(contactId, { result: 'lost', reason: 'price', note: 'n'.repeat(4001) }, staff));
    expect(note).toMatchObject({ code: 'invalid_value', message: 'Keep the note under 4,000 characters.' });
    const objection = refused(() => crm.recordOutcome(contactId, { result: 'lost', reason: 'price', objection: 'o'.repeat(1001) }, staff));
    expect(objection).toMatchObject({ code: 'invalid_value', message: 'Keep the objection under 1,000 characters.' });
    expect(outbox.depth().pending).toBe(depth);
    const c = crm.get(contactId)!;
    expect(c.stage.id).toBe('new-inquiry');
    expect(c.outcomeDetail).toBeNull();
    expect(c.timeline.some((t) => t.activity.type === 'outcome')).toBe(false);
  });

  it('merges two contacts keeping both stories under the survivor', () => {
    const { crm } = open();
    const a = crm.recordVisit(visit({})).contactId;
    const b = crm.recordVisit(visit({ name: 'Ana M', phone: '+14155550199', email: 'other@example.com', reason: 'styling' })).contactId;
    expect(refused(() => crm.merge(a, a, staff)).code).toBe('same_contact');
    const m = crm.merge(a, b, staff);
    expect(crm.get(b)).toBeNull();
    expect(m.visits).toBe(2);
    expect(m.timeline.filter((t) => t.activity.type === 'visit')).toHaveLength(2);
    expect(m.tags.map((t) => t.id).sort()).toEqual(['haircut', 'styling']);
    expect(crm.list({ search: 'Ana' }).total).toBe(1);
  });

  it('erases a contact for good: rows, search, outbox payloads; one tombstone of ids only travels', () => {
    const { crm, db, outbox, file } = open();
    const { contactId } = crm.recordVisit(visit({ name: 'Zebediah Quux', phone: '+14155550177', email: 'zeb.quux@example.org' }));
    outbox.markDelivered(outbox.pending(1)[0]!.idempotencyKey);
    // Payloads are compressed at rest: the name is not in the file as text, so the stored bytes themselves are checked.
    const blobs = db.prepare(`SELECT payload FROM outbox WHERE typeof(payload) = 'blob'`).pluck().all() as Buffer[];
    expect(blobs.map(payloadText).join()).toMatch(/Zebediah/);
    const stored = blobs.map((b) => b.subarray(1, 41));
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(stored.every((b) => readFileSync(file).includes(b))).toBe(true);
    crm.erase(contactId, staff);
    expect(crm.get(contactId)).toBeNull();
    expect(crm.list({ search: 'Zebediah' }).total).toBe(0);
    const pending = outbox.pending(100);
    expect(pending).toHaveLength(1);
    const tomb = activityMessageSchema.parse(JSON.parse(pending[0]!.payload));
    expect(tomb.activity).toMatchObject({ type: 'erasure', contactId, data: { reason: 'staff' } });
    expect(pending[0]!.payload).not.toMatch(/Zebediah|zeb\.quux|5550177/);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(file).toString('latin1');
    expect(bytes).not.toMatch(/Zebediah|zeb\.quux|5550177/);
    for (const b of stored) expect(readFileSync(file).includes(b)).toBe(false);
    const left = db.prepare(`SELECT payload FROM outbox`).pluck().all() as (string | Buffer)[];
    expect(left.map(payloadText).join('\n')).not.toMatch(/Zebediah|zeb\.quux|5550177/);
    expect(refused(() => crm.erase(contactId, staff)).code).toBe('contact_not_found');
  });

  it("tells its listeners of an erasure's tombstone (so the sync sends it at once); a refused erasure tells nothing", async () => {
    const { crm } = open();
    const { contactId } = crm.recordVisit(visit({}));
    await new Promise((r) => setImmediate(r)); // the visit's own notice
    const heard: [string, string[]][] = [];
    crm.onCommitted((id, acts) => heard.push([id, acts.map((a) => a.type)]));
    crm.erase(contactId, staff);
    expect(() => crm.erase(contactId, staff)).toThrow(CrmError);
    await new Promise((r) => setImmediate(r));
    expect(heard).toEqual([[contactId, ['erasure']]]);
  });

  it('purges contacts without consent after the retention period (injected clock)', () => {
    let now = new Date('2026-01-01T10:00:00Z');
    const { crm } = open(undefined, () => now);
    const kept = crm.recordVisit(visit({})).contactId;
    const gone = crm.recordVisit(visit({ phone: '+14155550100', email: 'no@consent.com', consent: false }, { consent: null })).contactId;
    now = new Date('2026-01-20T10:00:00Z');
    expect(crm.purgeExpired()).toBe(0);
    now = new Date('2026-02-01T10:00:01Z');
    expect(crm.purgeExpired()).toBe(1);
    expect(crm.get(gone)).toBeNull();
    expect(crm.get(kept)).not.toBeNull();
  });

  it('staff settings are validated, versioned, applied at once and kept across restarts', () => {
    const { crm, file, db } = open();
    expect(refused(() => crm.updateSettings({ stages: [] }, staff)).code).toBe('settings_invalid');
    const taxonomy = structuredClone(DEFAULT_CRM_SETTINGS.taxonomy);
    taxonomy[0]!.tags[1]!.synonyms.push('ombre');
    crm.updateSettings({ taxonomy }, staff);
    const { contactId } = crm.recordVisit(
      visit({ reason: 'other' }, { transcript: [{ who: 'visitor', text: 'I want an ombre', channel: 'voice', fieldId: null, at }] }),
    );
    expect(crm.get(contactId)!.tags.map((t) => t.id)).toEqual(['hair-coloring']);
    db.close();
    const again = open(file).crm;
    expect(again.settings().taxonomy[0]!.tags[1]!.synonyms).toContain('ombre');
  });

  it('lists newest first, searches by name, phone digits, email and tag, filters by stage and tag', () => {
    let t = Date.parse('2026-03-01T10:00:00Z');
    const { crm } = open(undefined, () => new Date((t += 1000)));
    const a = crm.recordVisit(
      visit({ name: 'Bea Chen', phone: '+14155550001', email: 'bea@example.com', reason: 'hair-coloring' }, { transcript: [] }),
    ).contactId;
    const b = crm.recordVisit(visit({ name: 'Carl Diaz', phone: '+14155550002', email: 'carl@example.com', reason: 'haircut' }, { transcript: [] })).contactId;
    expect(crm.list({}).items.map((c) => c.id)).toEqual([b, a]);
    expect(crm.list({ search: 'chen' }).items.map((c) => c.id)).toEqual([a]);
    expect(crm.list({ search: '(415) 555-0002' }).items.map((c) => c.id)).toEqual([b]);
    expect(crm.list({ search: 'carl@ex' }).items.map((c) => c.id)).toEqual([b]);
    expect(crm.list({ search: 'hair col' }).items.map((c) => c.id)).toEqual([a]);
    expect(crm.list({ tag: 'Haircut' }).items.map((c) => c.id)).toEqual([b]);
    expect(crm.list({ stage: 'New inquiry', limit: 1 })).toMatchObject({ total: 2, limit: 1 });
    expect(crm.list({ field: { id: 'reason', value: 'haircut' } }).items.map((c) => c.id)).toEqual([b]);
    expect(refused(() => crm.list({ tag: 'vip' })).code).toBe('unknown_tag');
  });

  it('filters the leads by source channel, by campaign and by the day they came (inclusive), on the real queries', () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const { crm } = open(undefined, () => now);
    const at = (day: string) => (now = new Date(`${day}T10:00:00Z`));
    const came = (day: string, n: number, channel: string, heard: string) => {
      at(day);
      return crm.recordVisit(
        visit(
          { name: `P${n}`, phone: `+1415555030${n}`, email: `p${n}@example.com`, heard_from: heard },
          { sourceChannel: channel, channel: channel === 'kiosk-voice' ? 'voice' : 'touch', transcript: [] },
        ),
      ).contactId;
    };
    const a = came('2026-03-01', 1, 'kiosk-voice', 'friend');
    const b = came('2026-03-02', 2, 'kiosk-touch', 'friend');
    const c = came('2026-03-03', 3, 'kiosk-touch', 'walk-by');
    const ids = (q: Parameters<typeof crm.list>[0]) => crm.list(q).items.map((x) => x.id);
    expect(ids({ source: 'kiosk-voice' })).toEqual([a]);
    expect(ids({ source: 'kiosk-touch' })).toEqual([c, b]);
    // A source filter also takes a campaign tag id; the campaign filter only that.
    expect(ids({ source: 'friend-referral' })).toEqual([b, a]);
    expect(ids({ campaign: 'walked-by' })).toEqual([c]);
    expect(ids({ from: '2026-03-02' })).toEqual([c, b]);
    expect(ids({ to: '2026-03-02' })).toEqual([b, a]);
    expect(ids({ from: '2026-03-02', to: '2026-03-02' })).toEqual([b]);
    expect(ids({ from: '2026-03-02', to: '2026-03-03', source: 'kiosk-touch', campaign: 'friend-referral' })).toEqual([b]);
    expect(crm.list({ from: '2026-03-04' })).toMatchObject({ items: [], total: 0 });
  });

  it('refuses bad field edits and keeps script in names as plain text', () => {
    const { crm } = open();
    const { contactId } = crm.recordVisit(visit({ name: '<script>alert(1)</script>', phone: '+14155550160', email: 'x@example.com' }));
    expect(crm.get(contactId)!.name).toBe('<script>alert(1)</script>');
    expect(crm.get(contactId)!.profile).toContain('Who: <script>alert(1)</script>');
    expect(refused(() => crm.editField(contactId, 'shoe_size', '42', staff)).code).toBe('unknown_field');
    expect(refused(() => crm.editField(contactId, 'phone', '12', staff)).message).toMatch(/^Phone number: That phone number looks too short/);
    expect(refused(() => crm.editField(contactId, 'email', 'nope', staff)).code).toBe('invalid_value');
    const other = crm.recordVisit(visit({ phone: '+14155550161', email: 'y@example.com' })).contactId;
    expect(refused(() => crm.editField(other, 'phone', '+14155550160', staff)).message).toMatch(/merge the two contacts/);
    expect(refused(() => crm.addNote(contactId, 'x'.repeat(5000), staff)).code).toBe('invalid_value');
    expect(refused(() => crm.addTag(contactId, 'vip', staff)).code).toBe('unknown_tag');
    expect(refused(() => crm.removeTag(contactId, 'styling', staff)).code).toBe('unknown_tag');
    const edited = crm.editField(contactId, 'name', 'Ana', staff);
    expect(edited.name).toBe('Ana');
    expect(edited.timeline[0]!.summary).toBe('Your name changed from <script>alert(1)</script> to Ana');
  });
});
