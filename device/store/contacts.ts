/**
 * The local CRM: contacts with their transcript and tags. Every write of a contact also enqueues its outbox entry in
 * the same transaction, so a lead is never stored without being owed to the cloud, nor sent without being stored.
 */
import { randomUUID } from 'node:crypto';
import type { Outbox } from '../../sync/outbox.js';
import type { ContactRecord, ContactUpsert } from '../../sync/payloads.js';
import type { ContactView, TranscriptLine } from '../http/contract.js';
import type { ContactRow } from './crm-store.js'; // SELECT * rows: the one shape of a contacts row
import type { Db } from './database.js';

export interface NewContact {
  visitId: string;
  name: string;
  phone: string | null;
  email: string | null;
  reason: string | null;
  fields: Record<string, string | boolean>;
  consent: { given: boolean; text: string; at: string } | null;
  source: string;
  stage: string;
  tags: string[];
  transcript: TranscriptLine[];
}

export class ContactStore {
  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
    private readonly deviceId: string,
    private readonly localDay: (d: Date) => string,
  ) {}

  /** Writes the contact, its tags, its transcript and its outbox entry atomically; returns the stored record. */
  create(input: NewContact): ContactView {
    const id = randomUUID();
    const now = new Date();
    const at = now.toISOString();
    const tx = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO contacts (id, visit_id, name, phone, email, reason, fields, consent, source, stage, version, created_at, updated_at, local_day)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
        )
        .run(
          id,
          input.visitId,
          input.name,
          input.phone,
          input.email,
          input.reason,
          JSON.stringify(input.fields),
          input.consent ? JSON.stringify(input.consent) : null,
          input.source,
          input.stage,
          at,
          at,
          this.localDay(now),
        );
      const tag = this.db.prepare(`INSERT OR IGNORE INTO contact_tags (contact_id, tag) VALUES (?, ?)`);
      for (const t of input.tags) tag.run(id, t);
      const line = this.db.prepare(`INSERT INTO transcript_lines (contact_id, seq, who, text, channel, field_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
      input.transcript.forEach((l, i) => line.run(id, i, l.who, l.text, l.channel, l.fieldId ?? null, l.at));
      const record = this.recordOf(id);
      const payload: ContactUpsert = {
        schema: 'frontdesk.contact.upsert/1',
        idempotencyKey: `contact.upsert:${id}:v${record.version}`,
        deviceId: this.deviceId,
        contact: record,
      };
      this.outbox.enqueue({ kind: 'contact.upsert', recordId: id, version: record.version, payload: JSON.stringify(payload) });
    });
    tx.immediate();
    return this.get(id)!;
  }

  /**
   * Changes a stored contact: bumps its version and enqueues the new version's outbox entry in the same transaction.
   * Returns null when no such contact exists.
   */
  update(id: string, patch: Partial<Pick<NewContact, 'name' | 'phone' | 'email' | 'reason' | 'stage' | 'source' | 'fields'>>): ContactView | null {
    const tx = this.db.transaction((): boolean => {
      const row = this.db.prepare(`SELECT * FROM contacts WHERE id = ?`).get(id) as ContactRow | undefined;
      if (!row) return false;
      const next = {
        name: patch.name ?? row.name,
        phone: patch.phone !== undefined ? patch.phone : row.phone,
        email: patch.email !== undefined ? patch.email : row.email,
        reason: patch.reason !== undefined ? patch.reason : row.reason,
        stage: patch.stage ?? row.stage,
        source: patch.source ?? row.source,
        fields: patch.fields ? JSON.stringify(patch.fields) : row.fields,
      };
      this.db
        .prepare(
          `UPDATE contacts SET name = ?, phone = ?, email = ?, reason = ?, stage = ?, source = ?, fields = ?, version = version + 1, updated_at = ? WHERE id = ?`,
        )
        .run(next.name, next.phone, next.email, next.reason, next.stage, next.source, next.fields, new Date().toISOString(), id);
      const record = this.recordOf(id);
      const payload: ContactUpsert = {
        schema: 'frontdesk.contact.upsert/1',
        idempotencyKey: `contact.upsert:${id}:v${record.version}`,
        deviceId: this.deviceId,
        contact: record,
      };
      this.outbox.enqueue({ kind: 'contact.upsert', recordId: id, version: record.version, payload: JSON.stringify(payload) });
      return true;
    });
    return tx.immediate() ? this.get(id) : null;
  }

  get(id: string): ContactView | null {
    const row = this.db.prepare(`SELECT * FROM contacts WHERE id = ?`).get(id) as ContactRow | undefined;
    return row ? this.view(row) : null;
  }

  listDay(day: string): ContactView[] {
    const rows = this.db.prepare(`SELECT * FROM contacts WHERE local_day = ? ORDER BY created_at DESC`).all(day) as ContactRow[];
    return rows.map((r) => this.view(r));
  }

  count(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM contacts`).get() as { n: number }).n;
  }

  transcriptOf(id: string): TranscriptLine[] {
    const rows = this.db.prepare(`SELECT who, text, channel, field_id, at FROM transcript_lines WHERE contact_id = ? ORDER BY seq`).all(id) as {
      who: 'robot' | 'visitor';
      text: string;
      channel: TranscriptLine['channel'];
      field_id: string | null;
      at: string;
    }[];
    return rows.map((r) => ({ who: r.who, text: r.text, channel: r.channel, at: r.at, ...(r.field_id ? { fieldId: r.field_id } : {}) }));
  }

  private tagsOf(id: string): string[] {
    return (this.db.prepare(`SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag`).all(id) as { tag: string }[]).map((r) => r.tag);
  }

  /** The sync payload's view of a contact (what the cloud CRM receives). */
  private recordOf(id: string): ContactRecord {
    const row = this.db.prepare(`SELECT * FROM contacts WHERE id = ?`).get(id) as ContactRow;
    return {
      id: row.id,
      version: row.version,
      name: row.name,
      phone: row.phone,
      email: row.email,
      reason: row.reason,
      fields: JSON.parse(row.fields) as Record<string, string | boolean>,
      consent: row.consent ? (JSON.parse(row.consent) as ContactRecord['consent']) : null,
      source: row.source,
      stage: row.stage,
      tags: this.tagsOf(id),
      transcript: this.transcriptOf(id).map((l) => ({ who: l.who, text: l.text, channel: l.channel, fieldId: l.fieldId ?? null, at: l.at })),
      visitId: row.visit_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  private view(row: ContactRow): ContactView {
    const sync = this.outbox.stateOf(row.id) ?? { state: 'pending' as const, deliveredAt: null };
    return {
      id: row.id,
      name: row.name,
      phone: row.phone,
      email: row.email,
      reason: row.reason,
      fields: JSON.parse(row.fields) as Record<string, string | boolean>,
      consent: row.consent ? (JSON.parse(row.consent) as ContactView['consent']) : null,
      source: row.source,
      stage: row.stage,
      tags: this.tagsOf(row.id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      version: row.version,
      sync,
    };
  }
}
