import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activitySchema } from '../../sync/schemas/activity.js';
import type { Outbox } from '../../sync/outbox.js';
import { ContactStore } from './contacts.js';
import { checkIntegrity, openDatabase, schemaVersion } from './database.js';
import { MIGRATIONS } from './migrations.js';

describe('migration 3 (CRM)', () => {
  it('gives every existing contact its story: stage new-inquiry, one visit activity with its transcript, its tags kept', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m3-')), 'db.sqlite');
    const db = openDatabase(file, MIGRATIONS.slice(0, 2));
    // The outbox as version 2 had it (today's SqliteOutbox needs the columns of migration 4).
    const insert = db.prepare(`INSERT INTO outbox (idempotency_key, kind, record_id, payload, created_at) VALUES (?, ?, ?, ?, ?)`);
    const v2Outbox = {
      enqueue: (e: { kind: string; recordId: string; version: number; payload: string }) =>
        insert.run(`${e.kind}:${e.recordId}:v${e.version}`, e.kind, e.recordId, e.payload, new Date().toISOString()),
      stateOf: () => null,
    } as unknown as Outbox; // only what ContactStore calls
    const store = new ContactStore(db, v2Outbox, 'dev-old', (d) => d.toISOString().slice(0, 10));
    const at = new Date().toISOString();
    const c = store.create({
      visitId: 'v1',
      name: 'Ana Lopez',
      phone: '+14155550123',
      email: 'Ana@Example.com',
      reason: 'haircut',
      fields: { name: 'Ana Lopez', phone: '+14155550123', reason: 'haircut', consent: true },
      consent: { given: true, text: 'ok', at },
      source: 'kiosk-voice',
      stage: 'lead',
      tags: ['walk-in', 'haircut'],
      transcript: [
        { who: 'robot', text: 'Hi', channel: 'voice', at },
        { who: 'visitor', text: 'A haircut', channel: 'voice', fieldId: 'reason', at },
      ],
    });
    db.close();

    const db3 = openDatabase(file);
    expect(schemaVersion(db3)).toBe(MIGRATIONS.at(-1)!.version);
    expect(checkIntegrity(db3)).toEqual([]);
    const row = db3.prepare(`SELECT stage, email, visits, consent_given, source_channel FROM contacts WHERE id = ?`).get(c.id);
    expect(row).toEqual({ stage: 'new-inquiry', email: 'ana@example.com', visits: 1, consent_given: 1, source_channel: 'kiosk-voice' });
    const acts = (db3.prepare(`SELECT * FROM activities WHERE contact_id = ?`).all(c.id) as Record<string, string>[]).map((r) =>
      activitySchema.parse({
        id: r.id,
        contactId: r.contact_id,
        type: r.type,
        at: r.at,
        by: { kind: r.by_kind, id: r.by_id, name: r.by_name },
        origin: { kind: r.origin_kind, id: r.origin_id },
        data: JSON.parse(r.data!) as unknown,
      }),
    );
    expect(acts.map((a) => a.type).sort()).toEqual(['stage-changed', 'tag-added', 'tag-added', 'visit']);
    const visit = acts.find((a) => a.type === 'visit');
    expect(visit?.type === 'visit' && visit.data.transcript.map((l) => l.text)).toEqual(['Hi', 'A haircut']);
    expect(visit?.type === 'visit' && visit.data.consent?.given).toBe(true);
    expect(visit?.origin.id).toBe('dev-old');
    expect(new Set(acts.map((a) => a.id)).size).toBe(4);
    expect((db3.prepare(`SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag`).all(c.id) as { tag: string }[]).map((t) => t.tag)).toEqual([
      'haircut',
      'walk-in',
    ]);
    expect(
      db3.prepare(`SELECT field_id, value_text, value_num, value_json FROM contact_fields WHERE contact_id = ? AND field_id = 'consent'`).get(c.id),
    ).toEqual({
      field_id: 'consent',
      value_text: 'true',
      value_num: 1,
      value_json: 'true',
    });
    expect(db3.prepare(`SELECT stage, left_at FROM stage_periods WHERE contact_id = ?`).all(c.id)).toEqual([{ stage: 'new-inquiry', left_at: null }]);
    expect(db3.prepare(`SELECT contact_id FROM contacts_fts WHERE contacts_fts MATCH ?`).all('"5550123"')).toEqual([{ contact_id: c.id }]);
  });
});
