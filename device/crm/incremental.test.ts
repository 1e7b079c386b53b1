import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import type { Activity } from '../../sync/schemas/activity.js';
import { configSchema } from '../config/schema.js';
import { openDatabase, type Db } from '../store/database.js';
import { DEFAULT_CRM_SETTINGS } from './defaults.js';
import { CrmError } from './errors.js';
import type { Actor } from './types.js';

const config = configSchema.parse({});
const staff: Actor = { kind: 'staff', id: null, name: 'Maya' };

function open(now: () => Date) {
  const db = openDatabase(':memory:');
  const crm = crmOnDb(db, { now });
  return { db, crm };
}

/** Every projection row of a contact (the version aside: each write bumps it). */
function tablesOf(db: Db, id: string) {
  const { version: _v, ...row } = db.prepare(`SELECT * FROM contacts WHERE id = ?`).get(id) as Record<string, unknown>;
  const all = (sql: string) => db.prepare(sql).all(id);
  return {
    row,
    tags: all(`SELECT tag, category, added_at, local_day, created_at, stage FROM contact_tags WHERE contact_id = ? ORDER BY tag`),
    fields: all(`SELECT field_id, value_text, value_num, value_json FROM contact_fields WHERE contact_id = ? ORDER BY field_id`),
    periods: all(`SELECT stage, entered_at, left_at FROM stage_periods WHERE contact_id = ? ORDER BY entered_at, stage`),
    reached: all(`SELECT stage, moved, local_day, source_channel, source_campaign FROM contact_stages WHERE contact_id = ? ORDER BY stage`),
    projection: (db.prepare(`SELECT body FROM contact_projections WHERE contact_id = ?`).get(id) as { body: string }).body,
    search: all(`SELECT rowid, contact_id, name, phone, email FROM contacts_fts WHERE rowid = (SELECT rowid FROM contacts WHERE id = ?)`),
  };
}

const op = fc.oneof(
  fc.record({ kind: fc.constant('stage' as const), stage: fc.constantFrom(...DEFAULT_CRM_SETTINGS.stages.map((s) => s.id)) }),
  fc.record({ kind: fc.constant('note' as const), text: fc.string({ minLength: 1, maxLength: 20 }) }),
  fc.record({ kind: fc.constant('tag' as const), tag: fc.constantFrom('haircut', 'hair-coloring', 'styling', 'instagram'), add: fc.boolean() }),
  fc.record({ kind: fc.constant('field' as const), field: fc.constantFrom('name', 'reason'), value: fc.constantFrom('', 'Ana Diaz', 'haircut', 'styling') }),
  fc.record({ kind: fc.constant('outcome' as const), won: fc.boolean() }),
  fc.record({ kind: fc.constant('visit' as const), name: fc.constantFrom('Ana', 'Ana Lopez', 'Ann'), campaign: fc.constantFrom('', 'instagram') }),
  fc.record({ kind: fc.constant('merge' as const) }),
  fc.record({ kind: fc.constant('late' as const), back: fc.integer({ min: 0, max: 120_000 }) }),
);

describe('incremental projection', () => {
  it('a contact changed step by step holds the same rows as one projected from its whole story', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 90_000 }), { minLength: 12, maxLength: 12 }),
        (ops, gaps) => {
          let t = Date.parse('2026-03-02T09:00:00Z');
          const { db, crm } = open(() => new Date(t));
          const visit = (name: string, phone: string, campaign = '') =>
            crm.recordVisit({
              visitId: randomUUID(),
              channel: 'touch',
              sourceChannel: 'kiosk-touch',
              answers: { name, phone, email: '', reason: 'haircut', consent: true, heard_from: campaign },
              transcript: [{ who: 'visitor', text: 'a haircut please', channel: 'touch', fieldId: 'reason', at: new Date(t).toISOString() }],
              consent: { given: true, text: config.intake.consentText, version: 'v1', channel: 'touch', language: 'en', at: new Date(t).toISOString() },
            }).contactId;
          const id = visit('Ana', '+14155550123');
          let others = 0;
          ops.forEach((o, i) => {
            t += gaps[i]!;
            try {
              if (o.kind === 'stage') crm.moveStage(id, o.stage, 'moved on', staff);
              else if (o.kind === 'note') crm.addNote(id, o.text.trim() || 'x', staff);
              else if (o.kind === 'tag' && o.add) crm.addTag(id, o.tag, staff);
              else if (o.kind === 'tag') crm.removeTag(id, o.tag, staff);
              else if (o.kind === 'field') crm.editField(id, o.field, o.value, staff);
              else if (o.kind === 'outcome') crm.recordOutcome(id, o.won ? { result: 'won' } : { result: 'lost', reason: 'price' }, staff);
              else if (o.kind === 'visit') visit(o.name, '+14155550123', o.campaign);
              else if (o.kind === 'merge') crm.merge(id, visit('Other', `+1415555020${others++}`), staff);
              else {
                // An activity from elsewhere that happened before the contact's latest one: the story is folded again.
                const late: Activity = {
                  id: randomUUID(),
                  contactId: id,
                  at: new Date(t - o.back).toISOString(),
                  by: staff,
                  origin: { kind: 'device', id: 'dev-2' },
                  type: 'note',
                  data: { text: 'late' },
                };
                crm.importStory(id, [late]);
              }
            } catch (err) {
              if (!(err instanceof CrmError)) throw err; // a refused change writes nothing
            }
          });
          const stepwise = tablesOf(db, id);
          // The reference: drop the kept projection, so the next write folds the whole story and rewrites every row.
          db.prepare(`DELETE FROM contact_projections WHERE contact_id = ?`).run(id);
          crm.importStory(id, [], { enqueue: false });
          expect(stepwise).toEqual(tablesOf(db, id));
          db.close();
        },
      ),
      { numRuns: 40 },
    );
  });
});
