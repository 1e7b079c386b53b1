import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Outbox } from '../../sync/outbox.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { ContactStore } from './contacts.js';
import { checkIntegrity, openDatabase, schemaVersion } from './database.js';
import { MIGRATIONS } from './migrations.js';

describe('migration 7 (CRM at scale)', () => {
  it('back-fills the stages reached, the tag rows’ day, creation and stage, and the search index by rowid; old contacts keep changing', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m7-')), 'db.sqlite');
    const db2 = openDatabase(file, MIGRATIONS.slice(0, 2));
    const insert = db2.prepare(`INSERT INTO outbox (idempotency_key, kind, record_id, payload, created_at) VALUES (?, ?, ?, ?, ?)`);
    const v2Outbox = {
      enqueue: (e: { kind: string; recordId: string; version: number; payload: string }) =>
        insert.run(`${e.kind}:${e.recordId}:v${e.version}`, e.kind, e.recordId, e.payload, new Date().toISOString()),
      stateOf: () => null,
    } as unknown as Outbox; // only what ContactStore calls
    const store = new ContactStore(db2, v2Outbox, 'dev-old', (d) => d.toISOString().slice(0, 10));
    const made = ['Ana Lopez', 'Bob Stone', 'Chen Lopez'].map((name, i) =>
      store.create({
        visitId: `v${i}`,
        name,
        phone: `+1415555012${i}`,
        email: `p${i}@example.com`,
        reason: 'haircut',
        fields: { name, phone: `+1415555012${i}`, reason: 'haircut', consent: true },
        consent: { given: true, text: 'ok', at: new Date().toISOString() },
        source: 'kiosk-voice',
        stage: 'lead',
        tags: ['haircut'],
        transcript: [],
      }),
    );
    db2.close();
    // Version 6, where Bob already moved on from his first stage.
    const db6 = openDatabase(file, MIGRATIONS.slice(0, 6));
    const bob = made[1]!.id;
    const left = new Date(Date.now() + 1000).toISOString();
    db6.prepare(`UPDATE stage_periods SET left_at = ? WHERE contact_id = ?`).run(left, bob);
    db6.prepare(`INSERT INTO stage_periods (contact_id, stage, entered_at, left_at) VALUES (?, 'marketing-qualified', ?, NULL)`).run(bob, left);
    db6.prepare(`UPDATE contacts SET stage = 'marketing-qualified' WHERE id = ?`).run(bob);
    db6.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(checkIntegrity(db)).toEqual([]);
    expect(db.prepare(`SELECT contact_id, stage, moved FROM contact_stages WHERE contact_id = ? ORDER BY stage`).all(bob)).toEqual([
      { contact_id: bob, stage: 'marketing-qualified', moved: 0 },
      { contact_id: bob, stage: 'new-inquiry', moved: 1 },
    ]);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM contact_stages`).get()).toEqual({ n: 4 });
    for (const c of made) {
      const row = db.prepare(`SELECT local_day, created_at, stage FROM contacts WHERE id = ?`).get(c.id);
      expect(db.prepare(`SELECT local_day, created_at, stage FROM contact_tags WHERE contact_id = ?`).get(c.id)).toEqual(row);
      expect(db.prepare(`SELECT f.contact_id FROM contacts c JOIN contacts_fts f ON f.rowid = c.rowid WHERE c.id = ?`).get(c.id)).toEqual({ contact_id: c.id });
    }

    const crm = crmOnDb(db);
    expect(
      crm
        .list({ search: 'lopez' })
        .items.map((c) => c.name)
        .sort(),
    ).toEqual(['Ana Lopez', 'Chen Lopez']);
    expect(crm.list({ tag: 'haircut', stage: 'Marketing qualified' }).items.map((c) => c.id)).toEqual([bob]);
    const staff = { kind: 'staff' as const, id: null, name: 'Maya' };
    // No projection was kept for an old contact: the first change folds its story, the next one extends what it kept.
    crm.addNote(made[0]!.id, 'Called back', staff);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM contact_projections WHERE contact_id = ?`).get(made[0]!.id)).toEqual({ n: 1 });
    const moved = crm.moveStage(made[0]!.id, 'marketing-qualified', 'Wants a Saturday', staff);
    expect(moved.stage.id).toBe('marketing-qualified');
    expect(crm.list({ tag: 'haircut', stage: 'Marketing qualified' }).total).toBe(2);
    const funnel = crm.dashboard({ from: '2000-01-01', to: '2100-01-01' }).funnel;
    expect(funnel.find((f) => f.stage.id === 'new-inquiry')).toMatchObject({ reached: 3, movedOn: 2 });
    db.close();
  });
});
