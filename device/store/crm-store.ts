/**
 * The CRM's rows in the device database: the activities (the story) and the projection tables written from them
 * (contacts' CRM columns, contact_fields, contact_tags, stage_periods, the search index). SQL only; what to write is
 * decided by device/crm/service.ts. Every method runs inside the caller's transaction.
 */
import type { Activity } from '../../sync/schemas/activity.js';
import type { CrmFieldValue } from '../crm/types.js';
import type { StagePeriod } from '../crm/projection.js';
import type { Db } from './database.js';

export interface ActivityRow {
  id: string;
  contact_id: string;
  type: string;
  at: string;
  by_kind: string;
  by_id: string | null;
  by_name: string;
  origin_kind: string;
  origin_id: string;
  data: string;
}

export function activityOf(r: ActivityRow): Activity {
  return {
    id: r.id,
    contactId: r.contact_id,
    type: r.type,
    at: r.at,
    by: { kind: r.by_kind, id: r.by_id, name: r.by_name },
    origin: { kind: r.origin_kind, id: r.origin_id },
    data: JSON.parse(r.data) as unknown,
  } as Activity;
}

export interface ContactRow {
  id: string;
  visit_id: string;
  name: string;
  phone: string | null;
  email: string | null;
  reason: string | null;
  fields: string;
  consent: string | null;
  source: string;
  stage: string;
  version: number;
  created_at: string;
  updated_at: string;
  local_day: string;
  owner: string | null;
  score: number | null;
  outcome: 'won' | 'lost' | null;
  outcome_reason: string | null;
  outcome_at: string | null;
  outcome_detail: string | null;
  source_channel: string | null;
  source_device: string | null;
  source_site: string | null;
  source_campaign: string | null;
  consent_given: number | null;
  consent_version: string | null;
  consent_channel: string | null;
  consent_language: string | null;
  first_visit_at: string | null;
  last_visit_at: string | null;
  visits: number;
  profile: string | null;
  stage_since: string | null;
  last_note: string | null;
  phone_digits: string | null;
}

/** The projection of one contact as the contacts row holds it. */
export type ContactProjectionRow = Omit<ContactRow, 'id' | 'version' | 'created_at' | 'local_day'>;

const PROJECTION_COLUMNS = [
  'visit_id',
  'name',
  'phone',
  'email',
  'reason',
  'fields',
  'consent',
  'source',
  'stage',
  'updated_at',
  'owner',
  'score',
  'outcome',
  'outcome_reason',
  'outcome_at',
  'outcome_detail',
  'source_channel',
  'source_device',
  'source_site',
  'source_campaign',
  'consent_given',
  'consent_version',
  'consent_channel',
  'consent_language',
  'first_visit_at',
  'last_visit_at',
  'visits',
  'profile',
  'stage_since',
  'last_note',
  'phone_digits',
] as const satisfies readonly (keyof ContactProjectionRow)[];

export function fieldColumns(v: CrmFieldValue): { text: string | null; num: number | null } {
  if (v === null) return { text: null, num: null };
  if (typeof v === 'boolean') return { text: v ? 'true' : 'false', num: v ? 1 : 0 };
  if (typeof v === 'number') return { text: String(v), num: v };
  if (Array.isArray(v)) return { text: v.join(', '), num: null };
  return { text: v, num: null };
}

export class CrmStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insertActivity: p(
        `INSERT OR IGNORE INTO activities (id, contact_id, type, at, by_kind, by_id, by_name, origin_kind, origin_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      activitiesOf: p(`SELECT * FROM activities WHERE contact_id = ? ORDER BY at, id`),
      timelineOf: p(`SELECT * FROM activities WHERE contact_id = ? ORDER BY at DESC, id DESC LIMIT ?`),
      byPhone: p(`SELECT id FROM contacts WHERE phone = ? ORDER BY created_at LIMIT 1`),
      byEmail: p(`SELECT id FROM contacts WHERE email = ? ORDER BY created_at LIMIT 1`),
      row: p(`SELECT * FROM contacts WHERE id = ?`),
      searchable: p(`SELECT name, phone_digits, email FROM contacts WHERE id = ?`),
      lastAt: p(`SELECT MAX(at) AS at FROM activities WHERE contact_id = ?`),
      insertContact: p(
        `INSERT INTO contacts (id, visit_id, name, source, stage, fields, version, created_at, updated_at, local_day) VALUES (?, ?, '', ?, ?, '{}', 0, ?, ?, ?)`,
      ),
      update: p(`UPDATE contacts SET ${PROJECTION_COLUMNS.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1 WHERE id = @id RETURNING version`),
      delTags: p(`DELETE FROM contact_tags WHERE contact_id = ?`),
      addTag: p(`INSERT OR IGNORE INTO contact_tags (contact_id, tag, category, added_at) VALUES (?, ?, ?, ?)`),
      delFields: p(`DELETE FROM contact_fields WHERE contact_id = ?`),
      addField: p(`INSERT INTO contact_fields (contact_id, field_id, value_text, value_num, value_json) VALUES (?, ?, ?, ?, ?)`),
      delPeriods: p(`DELETE FROM stage_periods WHERE contact_id = ?`),
      addPeriod: p(`INSERT OR REPLACE INTO stage_periods (contact_id, stage, entered_at, left_at) VALUES (?, ?, ?, ?)`),
      ftsRowid: p(`SELECT rowid FROM contacts_fts WHERE contact_id = ?`),
      ftsDel: p(`DELETE FROM contacts_fts WHERE rowid = ?`),
      ftsAdd: p(`INSERT INTO contacts_fts (contact_id, name, phone, email) VALUES (?, ?, ?, ?)`),
      nextSeq: p(`SELECT coalesce(MAX(seq), -1) + 1 AS n FROM transcript_lines WHERE contact_id = ?`),
      addLine: p(`INSERT INTO transcript_lines (contact_id, seq, who, text, channel, field_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      tags: p(`SELECT tag, category FROM contact_tags WHERE contact_id = ? ORDER BY added_at, tag`),
      fields: p(`SELECT field_id, value_json FROM contact_fields WHERE contact_id = ?`),
    };
  }

  insertActivity(a: Activity): boolean {
    return (
      this.s.insertActivity.run(a.id, a.contactId, a.type, a.at, a.by.kind, a.by.id, a.by.name, a.origin.kind, a.origin.id, JSON.stringify(a.data)).changes > 0
    );
  }

  activitiesOf(contactId: string): Activity[] {
    return (this.s.activitiesOf.all(contactId) as ActivityRow[]).map(activityOf);
  }

  /** Newest first. */
  timelineOf(contactId: string, limit = 1000): Activity[] {
    return (this.s.timelineOf.all(contactId, limit) as ActivityRow[]).map(activityOf);
  }

  /** When the contact's latest activity happened (null: none yet). */
  lastActivityAt(contactId: string): string | null {
    return (this.s.lastAt.get(contactId) as { at: string | null }).at;
  }

  /** The returning-visitor lookup: E.164 phone first, then lower-case email. */
  findPerson(phone: string | null, email: string | null): string | null {
    const byPhone = phone ? (this.s.byPhone.get(phone) as { id: string } | undefined) : undefined;
    if (byPhone) return byPhone.id;
    const byEmail = email ? (this.s.byEmail.get(email) as { id: string } | undefined) : undefined;
    return byEmail?.id ?? null;
  }

  row(id: string): ContactRow | null {
    return (this.s.row.get(id) as ContactRow | undefined) ?? null;
  }

  /** A new contact's row, before its first projection is written (version 0, becomes 1). */
  insertContact(id: string, visitId: string, source: string, stage: string, at: string, localDay: string): void {
    this.s.insertContact.run(id, visitId, source, stage, at, at, localDay);
  }

  /** Writes the projection of one contact; returns its new version. */
  writeProjection(
    id: string,
    row: ContactProjectionRow,
    fields: Record<string, CrmFieldValue>,
    tags: readonly { id: string; category: string; at: string }[],
    periods: readonly StagePeriod[],
  ): number {
    const before = this.s.searchable.get(id) as { name: string; phone_digits: string | null; email: string | null } | undefined;
    const { version } = this.s.update.get({ ...row, id }) as { version: number };
    this.s.delTags.run(id);
    for (const t of tags) this.s.addTag.run(id, t.id, t.category, t.at);
    this.s.delFields.run(id);
    for (const [k, v] of Object.entries(fields)) {
      const c = fieldColumns(v);
      this.s.addField.run(id, k, c.text, c.num, JSON.stringify(v));
    }
    this.s.delPeriods.run(id);
    for (const p of periods) this.s.addPeriod.run(id, p.stage, p.enteredAt, p.leftAt);
    // The search index changes only when what it indexes does (most changes are stages, notes and tags).
    const same = before && before.name === row.name && before.phone_digits === row.phone_digits && before.email === row.email && this.s.ftsRowid.get(id);
    if (!same) this.index(id, row.name, row.phone_digits ?? '', row.email ?? '');
    return version;
  }

  /** Keeps the search index in step (same transaction as the row). */
  index(id: string, name: string, phoneDigits: string, email: string): void {
    this.unindex(id);
    this.s.ftsAdd.run(id, name, phoneDigits, email);
  }

  unindex(id: string): void {
    for (const r of this.s.ftsRowid.all(id) as { rowid: number }[]) this.s.ftsDel.run(r.rowid);
  }

  appendTranscript(contactId: string, lines: readonly { who: string; text: string; channel: string; fieldId: string | null; at: string }[]): void {
    let seq = (this.s.nextSeq.get(contactId) as { n: number }).n;
    for (const l of lines) this.s.addLine.run(contactId, seq++, l.who, l.text, l.channel, l.fieldId, l.at);
  }

  tagsOf(id: string): { tag: string; category: string | null }[] {
    return this.s.tags.all(id) as { tag: string; category: string | null }[];
  }

  fieldsOf(id: string): Record<string, CrmFieldValue> {
    const out: Record<string, CrmFieldValue> = {};
    for (const r of this.s.fields.all(id) as { field_id: string; value_json: string }[]) out[r.field_id] = JSON.parse(r.value_json) as CrmFieldValue;
    return out;
  }

  /** Moves `from`'s story, transcript and rows under `into` (merge); `from`'s row goes. */
  absorb(into: string, from: string): void {
    this.db.prepare(`UPDATE activities SET contact_id = ? WHERE contact_id = ?`).run(into, from);
    const offset = (this.s.nextSeq.get(into) as { n: number }).n;
    this.db.prepare(`UPDATE transcript_lines SET contact_id = ?, seq = seq + ? WHERE contact_id = ?`).run(into, offset, from);
    this.deleteContact(from);
  }

  /**
   * Erasure in the outbox: entries not yet sent that held the contact are dropped (the tombstone tells the cloud),
   * and the payloads of sent ones are blanked, so no copy of what the person said stays on the device.
   */
  eraseFromOutbox(ids: readonly string[]): void {
    const drop = this.db.prepare(`DELETE FROM outbox WHERE delivered_at IS NULL AND (record_id = ? OR instr(payload, ?) > 0)`);
    const blank = this.db.prepare(`UPDATE outbox SET payload = '{"erased":true}' WHERE record_id = ? OR instr(payload, ?) > 0`);
    for (const id of ids) {
      drop.run(id, id);
      blank.run(id, id);
    }
  }

  /** Deletes every row of a contact, its story included (erasure). */
  deleteContact(id: string): void {
    this.db.prepare(`DELETE FROM activities WHERE contact_id = ?`).run(id);
    this.unindex(id);
    // contact_tags, contact_fields, stage_periods and transcript_lines cascade.
    this.db.prepare(`DELETE FROM contacts WHERE id = ?`).run(id);
  }
}
