/**
 * A staff change answers with the contact built from what it wrote (crm/service.ts `answer`), not read back from the
 * tables: that answer must be exactly what `get` reads afterwards, key order included (the HTTP answer is its JSON).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { payloadText } from '../../sync/outbox-payload.js';
import { configSchema } from '../config/schema.js';
import { openDatabase } from '../store/database.js';
import type { CrmService, VisitInput } from './service.js';
import type { Actor, ContactDetail } from './types.js';

const config = configSchema.parse({});
const staff: Actor = { kind: 'staff', id: 'm-1', name: 'Maya' };

function open() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-crm-answer-')), 'db.sqlite'));
  const crm = crmOnDb(db, { score: (p) => p.tags.length * 10 + (p.stage === 'opportunity' ? 5 : 0) });
  return { db, crm };
}

const at = new Date().toISOString();
function visit(phone: string, email: string, said: string): VisitInput {
  return {
    visitId: `v-${phone}-${said.length}`,
    channel: 'voice',
    sourceChannel: 'kiosk-voice',
    // Several tags from one visit share its time: the answer orders them as the tags table does (time, then id).
    answers: { name: 'Ana Lopez', phone, email, reason: 'styling', consent: true },
    transcript: [
      { who: 'robot', text: 'What brings you in today?', channel: 'voice', fieldId: 'reason', at },
      { who: 'visitor', text: said, channel: 'voice', fieldId: 'reason', at },
    ],
    consent: { given: true, text: config.intake.consentText, version: 'v1', channel: 'voice', language: 'en', at },
  };
}

function same(answer: ContactDetail, crm: CrmService): void {
  const read = crm.get(answer.id)!;
  expect(answer).toEqual(read);
  expect(JSON.stringify(answer)).toBe(JSON.stringify(read));
}

describe('a staff change answers what get() reads back', () => {
  it('after every kind of change, on a contact with a stored projection and one without', () => {
    const { db, crm } = open();
    const id = crm.recordVisit(visit('+14155550123', 'ana@example.com', 'a trim and some highlights, saw it on insta, weekends please')).contactId;
    const other = crm.recordVisit(visit('+14155550199', 'ana.l@example.com', 'a blowout')).contactId;
    expect(crm.get(id)!.tags.length).toBeGreaterThan(2);

    same(crm.moveStage(id, 'Marketing qualified', 'Called, interested', staff), crm);
    same(crm.addNote(id, 'Wants Saturday mornings', staff), crm);
    same(crm.editField(id, 'name', 'Ana María López', staff), crm);
    same(crm.editField(id, 'name', 'Ana María López', staff), crm); // nothing changed: read back
    same(crm.addTag(id, 'Evenings', staff), crm);
    same(crm.addTag(id, 'Evenings', staff), crm); // already there: read back
    same(crm.removeTag(id, 'Weekends', staff), crm);
    same(crm.moveStage(id, 'sales-qualified', 'Phone checked', staff), crm);
    same(crm.moveStage(id, 'opportunity', 'Quote sent', staff), crm);
    same(crm.merge(id, other, staff), crm);
    same(crm.recordOutcome(id, { result: 'lost', reason: 'Price', objection: 'Too dear', note: 'Went for a cheaper salon' }, staff), crm);

    // A contact stored before projections were kept: the facts and the answer come from its whole story.
    const old = crm.recordVisit(visit('+14155550142', 'bo@example.com', 'a haircut')).contactId;
    db.prepare(`DELETE FROM contact_projections WHERE contact_id = ?`).run(old);
    same(crm.moveStage(old, 'marketing-qualified', 'Called back', staff), crm);
    same(crm.recordOutcome(old, { result: 'won', note: 'Booked' }, staff), crm);
  });

  it('for a story longer than the timeline shows, whose last visit is beyond it', () => {
    const { db, crm } = open();
    const id = crm.recordVisit(visit('+14155550123', 'ana@example.com', 'a trim')).contactId;
    const t0 = Date.now() + 1000;
    const notes = Array.from({ length: 1005 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      contactId: id,
      at: new Date(t0 + i).toISOString(),
      by: staff,
      origin: { kind: 'device' as const, id: 'dev-1' },
      type: 'note' as const,
      data: { text: `Call ${i}` },
    }));
    crm.importStory(id, notes, { enqueue: false });
    const answer = crm.moveStage(id, 'marketing-qualified', 'Finally answered', staff);
    expect(answer.timeline).toHaveLength(1000);
    same(answer, crm);
    // The last visit (beyond the timeline) still reaches the snapshot the cloud gets.
    const sent = db.prepare(`SELECT payload FROM outbox WHERE kind = 'contact.upsert' AND record_id = ? ORDER BY seq DESC LIMIT 1`).get(id) as {
      payload: string | Buffer;
    };
    const contact = (JSON.parse(payloadText(sent.payload)) as { contact: { transcript: { text: string }[]; stage: string } }).contact;
    expect(contact.stage).toBe('marketing-qualified');
    expect(contact.transcript.map((l) => l.text)).toEqual(['What brings you in today?', 'a trim']);
  });
});
