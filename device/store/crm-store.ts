/**
 * The CRM's rows in the device database: the activities (the story) and the projection tables written from them
 * (contacts' CRM columns, contact_fields, contact_tags, stage_periods, the search index). SQL only; what to write is
 * decided by device/crm/service.ts. Every method runs inside the caller's transaction.
 */
import type { Activity } from '../../sync/schemas/activity.js';
import type { CrmFieldValue } from '../crm/types.js';
import type { Projection, StagePeriod } from '../crm/projection.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import { StatementCache } from './statement-cache.js';

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

/** The row an activity is stored as (`activityOf` reads it back). */
export function activityRowOf(a: Activity): ActivityRow {
  return {
    id: a.id,
    contact_id: a.contactId,
    type: a.type,
    at: a.at,
    by_kind: a.by.kind,
    by_id: a.by.id,
    by_name: a.by.name,
    origin_kind: a.origin.kind,
    origin_id: a.origin.id,
    data: JSON.stringify(a.data),
  };
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

/** What a row of the leads list shows: the narrow columns, none of the wide JSON (fields, consent, profile). */
export const SUMMARY_COLUMNS = [
  'id',
  'name',
  'phone',
  'email',
  'stage',
  'source',
  'source_channel',
  'source_device',
  'source_site',
  'source_campaign',
  'owner',
  'score',
  'created_at',
  'last_visit_at',
  'visits',
  'outcome',
] as const satisfies readonly (keyof ContactRow)[];
export type SummaryRow = Pick<ContactRow, (typeof SUMMARY_COLUMNS)[number]>;

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

/** Each stage the stays reach, 1 when a stay in it ended (the contact moved on from it). */
function reachedOf(periods: readonly StagePeriod[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const x of periods) out.set(x.stage, Math.max(out.get(x.stage) ?? 0, x.leftAt === null ? 0 : 1));
  return out;
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = o[k];
  return out;
}

export function fieldColumns(v: CrmFieldValue): { text: string | null; num: number | null } {
  if (v === null) return { text: null, num: null };
  if (typeof v === 'boolean') return { text: v ? 'true' : 'false', num: v ? 1 : 0 };
  if (typeof v === 'number') return { text: String(v), num: v };
  if (Array.isArray(v)) return { text: v.join(', '), num: null };
  return { text: v, num: null };
}

export class CrmStore {
  private readonly s;
  /** The IN lists' statements, one per length. */
  private readonly statements: StatementCache;

  constructor(readonly db: Db) {
    this.statements = new StatementCache(db);
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
      bump: p(`UPDATE contacts SET version = version + 1 WHERE id = ? RETURNING version`),
      delTags: p(`DELETE FROM contact_tags WHERE contact_id = ?`),
      delTag: p(`DELETE FROM contact_tags WHERE contact_id = ? AND tag = ?`),
      // Upserts, not INSERT OR REPLACE: a replaced row's delete would not reach the rollups' triggers (migration 9).
      addTag: p(
        `INSERT INTO contact_tags (contact_id, tag, category, added_at, local_day, created_at, stage) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (contact_id, tag) DO UPDATE SET category = excluded.category, added_at = excluded.added_at, local_day = excluded.local_day,
           created_at = excluded.created_at, stage = excluded.stage`,
      ),
      delFields: p(`DELETE FROM contact_fields WHERE contact_id = ?`),
      delField: p(`DELETE FROM contact_fields WHERE contact_id = ? AND field_id = ?`),
      // Upserts change a row in place; a REPLACE deletes it and inserts it at the table's end (more pages written).
      addField: p(
        `INSERT INTO contact_fields (contact_id, field_id, value_text, value_num, value_json) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (contact_id, field_id) DO UPDATE SET value_text = excluded.value_text, value_num = excluded.value_num, value_json = excluded.value_json`,
      ),
      delPeriods: p(`DELETE FROM stage_periods WHERE contact_id = ?`),
      delPeriod: p(`DELETE FROM stage_periods WHERE contact_id = ? AND entered_at = ? AND stage = ?`),
      addPeriod: p(
        `INSERT INTO stage_periods (contact_id, stage, entered_at, left_at, hours) VALUES (?, ?, ?, ?, (julianday(?) - julianday(?)) * 24)
         ON CONFLICT (contact_id, entered_at, stage) DO UPDATE SET left_at = excluded.left_at, hours = excluded.hours`,
      ),
      delStages: p(`DELETE FROM contact_stages WHERE contact_id = ?`),
      delStage: p(`DELETE FROM contact_stages WHERE contact_id = ? AND stage = ?`),
      addStage: p(
        `INSERT INTO contact_stages (contact_id, stage, moved, local_day, source_channel, source_campaign) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (contact_id, stage) DO UPDATE SET moved = excluded.moved, local_day = excluded.local_day, source_channel = excluded.source_channel,
           source_campaign = excluded.source_campaign`,
      ),
      projection: p(`SELECT body FROM contact_projections WHERE contact_id = ?`),
      rowsFirst: p(`SELECT * FROM contacts ORDER BY created_at DESC, id DESC LIMIT ?`),
      rowsAfter: p(`SELECT * FROM contacts WHERE created_at <= ? AND (created_at < ? OR id < ?) ORDER BY created_at DESC, id DESC LIMIT ?`),
      oldestFirst: p(`SELECT * FROM contacts ORDER BY created_at, id LIMIT ?`),
      oldestAfter: p(`SELECT * FROM contacts WHERE created_at >= ? AND (created_at > ? OR id > ?) ORDER BY created_at, id LIMIT ?`),
      // Every field id, one index seek each (a skip over the (field_id, value_text) index, not a scan of every row).
      fieldIds: p(
        `WITH RECURSIVE f(id) AS (SELECT (SELECT MIN(field_id) FROM contact_fields)
           UNION ALL SELECT (SELECT MIN(field_id) FROM contact_fields WHERE field_id > f.id) FROM f WHERE f.id IS NOT NULL)
         SELECT id FROM f WHERE id IS NOT NULL`,
      ),
      newestWithField: p(
        `SELECT c.created_at, c.id FROM contacts c
         WHERE EXISTS (SELECT 1 FROM contact_fields f WHERE f.contact_id = c.id AND f.field_id = ?) ORDER BY c.created_at DESC, c.id DESC LIMIT 1`,
      ),
      oldestWithField: p(
        `SELECT c.created_at, c.id FROM contacts c
         WHERE EXISTS (SELECT 1 FROM contact_fields f WHERE f.contact_id = c.id AND f.field_id = ?) ORDER BY c.created_at, c.id LIMIT 1`,
      ),
      lastVisit: p(`SELECT * FROM activities WHERE contact_id = ? AND type = 'visit' ORDER BY at DESC, id DESC LIMIT 1`),
      saveProjection: p(`INSERT INTO contact_projections (contact_id, body) VALUES (?, ?) ON CONFLICT (contact_id) DO UPDATE SET body = excluded.body`),
      // The search index's rowid is the contact's (migration 7).
      ftsDel: p(`DELETE FROM contacts_fts WHERE rowid = (SELECT rowid FROM contacts WHERE id = ?)`),
      ftsAdd: p(`INSERT INTO contacts_fts (rowid, contact_id, name, phone, email) SELECT rowid, id, ?, ?, ? FROM contacts WHERE id = ?`),
      tagStage: p(`UPDATE contact_tags SET stage = ? WHERE contact_id = ? AND stage IS NOT ?`),
      nextSeq: p(`SELECT coalesce(MAX(seq), -1) + 1 AS n FROM transcript_lines WHERE contact_id = ?`),
      addLine: p(`INSERT INTO transcript_lines (contact_id, seq, who, text, channel, field_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      tags: p(`SELECT tag, category FROM contact_tags WHERE contact_id = ? ORDER BY added_at, tag`),
      fields: p(`SELECT field_id, value_json FROM contact_fields WHERE contact_id = ?`),
    };
  }

  insertActivity(a: Activity): boolean {
    const r = activityRowOf(a);
    return this.s.insertActivity.run(r.id, r.contact_id, r.type, r.at, r.by_kind, r.by_id, r.by_name, r.origin_kind, r.origin_id, r.data).changes > 0;
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

  /**
   * The projection last written for the contact, or null (a row from before migration 7: fold its story). What the
   * contact's row or story already holds is not kept twice: the fields and consent come from the row (`row`, read in
   * the same transaction), the last visit from the story (`lastVisit`, when the caller read it already; null: none).
   */
  projectionOf(id: string, row: ContactRow, lastVisit?: Activity | null): Projection | null {
    const r = this.s.projection.get(id) as { body: string } | undefined;
    if (!r) return null;
    const kept = JSON.parse(r.body) as Omit<Projection, 'lastVisit' | 'fields' | 'consent'>;
    let visit: Activity | null = null;
    if (kept.visits) {
      const read = lastVisit === undefined ? (this.s.lastVisit.get(id) as ActivityRow | undefined) : undefined;
      visit = lastVisit ?? (read ? activityOf(read) : null);
    }
    return {
      ...kept,
      fields: JSON.parse(row.fields) as Projection['fields'],
      consent: row.consent ? (JSON.parse(row.consent) as Projection['consent']) : null,
      lastVisit: visit as Projection['lastVisit'],
    };
  }

  /**
   * Writes the projection of one contact and returns its new version. Only what differs from `before` (the row and
   * the projection the tables hold now; null: rewrite them all) is written: a stage change touches its stays, its
   * reached stages and the changed columns, not every tag, field and index entry of the contact.
   */
  writeProjection(id: string, row: ContactProjectionRow, p: Projection, before: { row: ContactRow; projection: Projection | null }): number {
    const old = before.row;
    const changed = PROJECTION_COLUMNS.filter((c) => row[c] !== old[c]);
    const { version } = (changed.length ? this.updateOf(changed).get({ ...pick(row, changed), id }) : this.s.bump.get(id)) as { version: number };
    const prev = before.projection;
    const day = old.local_day;

    // Tags, in the order they were added.
    if (!prev) this.s.delTags.run(id);
    const oldTags = new Map((prev?.tags ?? []).map((t) => [t.id, t] as const));
    for (const t of p.tags) {
      const o = oldTags.get(t.id);
      if (!o || o.category !== t.category || o.at !== t.at) this.s.addTag.run(id, t.id, t.category, t.at, day, old.created_at, row.stage);
      oldTags.delete(t.id);
    }
    for (const t of oldTags.keys()) this.s.delTag.run(id, t);
    if (prev && row.stage !== old.stage) this.s.tagStage.run(row.stage, id, row.stage);

    // Typed fields.
    if (!prev) this.s.delFields.run(id);
    for (const [k, v] of Object.entries(p.fields)) {
      if (prev && k in prev.fields && JSON.stringify(prev.fields[k]) === JSON.stringify(v)) continue;
      const c = fieldColumns(v);
      this.s.addField.run(id, k, c.text, c.num, JSON.stringify(v));
    }
    if (prev) for (const k of Object.keys(prev.fields)) if (!(k in p.fields)) this.s.delField.run(id, k);

    // Stays in a stage, and the stages reached (moved: a stay in it ended).
    if (!prev) this.s.delPeriods.run(id);
    const key = (x: StagePeriod) => `${x.enteredAt}\u0000${x.stage}`;
    const oldPeriods = new Map((prev?.periods ?? []).map((x) => [key(x), x] as const));
    for (const x of p.periods) {
      const o = oldPeriods.get(key(x));
      if (!o || o.leftAt !== x.leftAt) this.s.addPeriod.run(id, x.stage, x.enteredAt, x.leftAt, x.leftAt, x.enteredAt);
      oldPeriods.delete(key(x));
    }
    for (const x of oldPeriods.values()) this.s.delPeriod.run(id, x.enteredAt, x.stage);
    const reached = reachedOf(p.periods);
    const sourceSame = row.source_channel === old.source_channel && row.source_campaign === old.source_campaign;
    if (!prev || !sourceSame) this.s.delStages.run(id);
    const was = prev && sourceSame ? reachedOf(prev.periods) : new Map<string, number>();
    for (const [stage, moved] of reached) if (was.get(stage) !== moved) this.s.addStage.run(id, stage, moved, day, row.source_channel, row.source_campaign);
    for (const stage of was.keys()) if (!reached.has(stage)) this.s.delStage.run(id, stage);

    const { lastVisit: _visit, fields: _fields, consent: _consent, ...kept } = p;
    this.s.saveProjection.run(id, JSON.stringify(kept));
    // The search index changes only when what it indexes does (most changes are stages, notes and tags). A contact's
    // first projection (no stored one) always writes its entry, and every later one keeps it: with a stored projection
    // the entry is there, not looked up on every change.
    const same = prev !== null && old.name === row.name && old.phone_digits === row.phone_digits && old.email === row.email;
    if (!same) this.index(id, row.name, row.phone_digits ?? '', row.email ?? '');
    return version;
  }

  private readonly updates = new Map<string, Statement>();

  /** An UPDATE of just these columns (prepared once per set of columns: a handful in practice). */
  private updateOf(columns: readonly (keyof ContactProjectionRow)[]): Statement {
    const k = columns.join(',');
    let st = this.updates.get(k);
    if (!st) {
      st = this.db.prepare(`UPDATE contacts SET ${columns.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1 WHERE id = @id RETURNING version`);
      this.updates.set(k, st);
    }
    return st;
  }

  /** Keeps the search index in step (same transaction as the row). */
  index(id: string, name: string, phoneDigits: string, email: string): void {
    this.unindex(id);
    this.s.ftsAdd.run(name, phoneDigits, email, id);
  }

  /** Before the contact's row goes (its rowid finds the entry). */
  unindex(id: string): void {
    this.s.ftsDel.run(id);
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

  /** Contacts newest first (created_at, then id, descending), the `limit` after `after` (null: from the newest). */
  rowsBefore(after: { createdAt: string; id: string } | null, limit: number): ContactRow[] {
    return (after ? this.s.rowsAfter.all(after.createdAt, after.createdAt, after.id, limit) : this.s.rowsFirst.all(limit)) as ContactRow[];
  }

  /** Contacts oldest first (created_at, then id), the `limit` after `after` (null: from the oldest). */
  rowsAfterOldest(after: { createdAt: string; id: string } | null, limit: number): ContactRow[] {
    return (after ? this.s.oldestAfter.all(after.createdAt, after.createdAt, after.id, limit) : this.s.oldestFirst.all(limit)) as ContactRow[];
  }

  /**
   * The ids of `fields` held by any contact, in the order a walk of the contacts (newest or oldest first) meets them:
   * by the first contact that holds each, then by id (a contact's own fields in id order). What a CSV's columns are
   * before its rows are read.
   */
  fieldIdsInOrder(newestFirst: boolean, skip: ReadonlySet<string>): string[] {
    const first = newestFirst ? this.s.newestWithField : this.s.oldestWithField;
    const found: { id: string; at: string; contact: string }[] = [];
    for (const id of this.s.fieldIds.pluck().all() as string[]) {
      if (skip.has(id)) continue;
      const c = first.get(id) as { created_at: string; id: string } | undefined;
      if (c) found.push({ id, at: c.created_at, contact: c.id });
    }
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const dir = newestFirst ? -1 : 1;
    return found.sort((a, b) => dir * (cmp(a.at, b.at) || cmp(a.contact, b.contact)) || cmp(a.id, b.id)).map((f) => f.id);
  }

  /** The tags of several contacts (each in the order `tagsOf` gives), in one query. */
  tagsOfMany(ids: readonly string[]): Map<string, { tag: string; category: string | null }[]> {
    const out = new Map<string, { tag: string; category: string | null }[]>();
    if (!ids.length) return out;
    const rows = this.statements
      .get(`SELECT contact_id, tag, category FROM contact_tags WHERE contact_id IN (${ids.map(() => '?').join(', ')}) ORDER BY contact_id, added_at, tag`)
      .all(...ids) as { contact_id: string; tag: string; category: string | null }[];
    for (const r of rows) (out.get(r.contact_id) ?? out.set(r.contact_id, []).get(r.contact_id)!).push({ tag: r.tag, category: r.category });
    return out;
  }

  /** The typed fields of several contacts, in one query. */
  fieldsOfMany(ids: readonly string[]): Map<string, Record<string, CrmFieldValue>> {
    const out = new Map<string, Record<string, CrmFieldValue>>();
    if (!ids.length) return out;
    const rows = this.statements
      .get(`SELECT contact_id, field_id, value_json FROM contact_fields WHERE contact_id IN (${ids.map(() => '?').join(', ')}) ORDER BY contact_id, field_id`)
      .all(...ids) as { contact_id: string; field_id: string; value_json: string }[];
    for (const r of rows) (out.get(r.contact_id) ?? out.set(r.contact_id, {}).get(r.contact_id)!)[r.field_id] = JSON.parse(r.value_json) as CrmFieldValue;
    return out;
  }

  /** Moves `from`'s story, transcript and rows under `into` (merge); `from`'s row goes. */
  absorb(into: string, from: string): void {
    this.db.prepare(`UPDATE activities SET contact_id = ? WHERE contact_id = ?`).run(into, from);
    const offset = (this.s.nextSeq.get(into) as { n: number }).n;
    this.db.prepare(`UPDATE transcript_lines SET contact_id = ?, seq = seq + ? WHERE contact_id = ?`).run(into, offset, from);
    this.deleteContact(from);
  }

  /** Deletes every row of a contact, its story included (erasure). */
  deleteContact(id: string): void {
    this.db.prepare(`DELETE FROM activities WHERE contact_id = ?`).run(id);
    this.unindex(id);
    // contact_tags, contact_fields, stage_periods and transcript_lines cascade.
    this.db.prepare(`DELETE FROM contacts WHERE id = ?`).run(id);
  }
}
