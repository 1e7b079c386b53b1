import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../sync/schemas/activity.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { walPagesPer } from '../../test/support/wal-pages.js';
import { openDatabase } from './database.js';

const robot = { kind: 'robot' as const, id: null, name: 'Frontdesk' };
const staff = { kind: 'staff' as const, id: null, name: 'Maya' };
const origin = { kind: 'device' as const, id: 'dev-1' };
/** The b-trees a stage change has to write (page 1 is sqlite_schema's: the file's size or free list changed). */
const WRITTEN = new Set([
  'activities',
  'sqlite_autoindex_activities_1',
  'activities_contact',
  'contacts',
  'contacts_stage',
  'stage_periods',
  'stage_periods_hours',
  'stage_periods_ended',
  'contact_stages',
  'contact_reached',
  'crm_day_reached',
  'crm_day_stages',
  'crm_day_stays',
  'contact_tags',
  'contact_tags_stage',
  'contact_projections',
  'outbox',
  'sqlite_autoindex_outbox_1',
  'outbox_record',
  'outbox_pending',
  'sqlite_schema',
]);

describe('pages a stage change writes to the WAL', () => {
  it('are counted frame by frame, and none goes to an index no stage-change reader needs', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-pages-')), 'db.sqlite');
    const db = openDatabase(file);
    const crm = crmOnDb(db);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const id = randomUUID();
      const at = new Date(Date.UTC(2026, 0, 1 + (i % 28), 10)).toISOString();
      const a = (type: Activity['type'], data: unknown): Activity => ({ id: randomUUID(), contactId: id, at, by: robot, origin, type, data }) as Activity;
      crm.importStory(id, [
        a('visit', {
          visitId: randomUUID(),
          channel: 'touch',
          source: { channel: 'kiosk-touch', deviceId: 'dev-1', site: null, campaign: 'instagram' },
          answers: { name: `P${i}`, phone: `+1415555${String(1000 + i)}` },
          transcript: [],
          consent: null,
          returning: false,
          partial: false,
        }),
        a('stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }),
        a('tag-added', { tag: 'instagram', category: 'campaign', matched: null }),
      ]);
      ids.push(id);
    }

    // A plain insert into a table with one index: its leaf and the index's leaf, nothing else (page 1 when the file grows).
    db.exec(`CREATE TABLE probe (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX probe_v ON probe(v)`);
    const probe = walPagesPer(db, file, 10, (i) => db.prepare(`INSERT INTO probe (v) VALUES (?)`).run(`v${i}`));
    expect(probe.byTree.find((t) => t.name === 'probe')?.pages).toBe(1);
    expect(probe.byTree.find((t) => t.name === 'probe_v')?.pages).toBe(1);

    const pages = walPagesPer(db, file, ids.length, (i) => crm.moveStage(ids[i]!, 'lost', 'went quiet', staff));
    const trees = new Map(pages.byTree.map((t) => [t.name, t.pages]));
    // What a stage change must write: its activity, the contact's row and stage index, the stays, the outbox entries.
    for (const needed of [
      'activities',
      'contacts',
      'contacts_stage',
      'stage_periods',
      'stage_periods_hours',
      'stage_periods_ended',
      'crm_day_stays',
      'outbox',
      'contact_tags_stage',
    ])
      expect(trees.get(needed), needed).toBeGreaterThan(0);
    // And nothing else: no index that no query reads (contact_stages_day, contact_tags_day before migration 10), not the
    // handoff's index of tasks and notifications (every activity's type before migration 10).
    expect([...trees.keys()].filter((t) => !WRITTEN.has(t))).toEqual([]);
    expect(pages.perWrite).toBeCloseTo(
      [...trees.values()].reduce((a, b) => a + b, 0),
      9,
    );
    db.close();
  });
});
