import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../sync/schemas/activity.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { checkIntegrity, openDatabase, schemaVersion, type Db } from './database.js';
import { MIGRATIONS } from './migrations.js';

/** The rollups as the plain GROUP BY of the rows they count gives them. */
function recounted(db: Db) {
  return {
    contacts: db
      .prepare(
        `SELECT local_day, ifnull(source_channel, '') AS source_channel, ifnull(source_campaign, '') AS source_campaign, ifnull(outcome, '') AS outcome,
                ifnull(outcome_reason, '') AS outcome_reason, COUNT(*) AS n FROM contacts GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
      )
      .all(),
    stages: db.prepare(`SELECT local_day, stage, COUNT(*) AS reached, SUM(moved) AS moved FROM contact_stages GROUP BY 1, 2 ORDER BY 1, 2`).all(),
    tags: db.prepare(`SELECT local_day, tag, COUNT(*) AS n FROM contact_tags WHERE local_day IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`).all(),
    reached: db
      .prepare(
        `SELECT local_day, source_channel, source_campaign, stages, COUNT(*) AS n FROM (
           SELECT local_day, ifnull(source_channel, '') AS source_channel, ifnull(source_campaign, '') AS source_campaign, group_concat(stage, ',') AS stages
           FROM (SELECT * FROM contact_stages ORDER BY contact_id, stage) GROUP BY contact_id)
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      )
      .all(),
  };
}

function rollups(db: Db) {
  return {
    contacts: db.prepare(`SELECT * FROM crm_day_contacts ORDER BY 1, 2, 3, 4, 5`).all(),
    stages: db.prepare(`SELECT * FROM crm_day_stages ORDER BY 1, 2`).all(),
    tags: db.prepare(`SELECT * FROM crm_day_tags ORDER BY 1, 2`).all(),
    reached: db.prepare(`SELECT * FROM crm_day_reached ORDER BY 1, 2, 3, 4`).all(),
  };
}

describe('migration 9 (daily rollups)', () => {
  it('back-fills the rollups of an old database, which then follow every change', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m9-')), 'db.sqlite');
    const db8 = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version < 9),
    );
    const crm8 = crmOnDb(db8);
    const staff = { kind: 'staff' as const, id: null, name: 'Maya' };
    const robot = { kind: 'robot' as const, id: null, name: 'Frontdesk' };
    const origin = { kind: 'device' as const, id: 'dev-1' };
    const ids = [0, 1, 2, 3].map((i) => {
      const id = randomUUID();
      const at = new Date(Date.UTC(2026, 0, 1 + i, 10)).toISOString();
      const a = (type: Activity['type'], data: unknown): Activity => ({ id: randomUUID(), contactId: id, at, by: robot, origin, type, data }) as Activity;
      crm8.importStory(
        id,
        [
          a('visit', {
            visitId: randomUUID(),
            channel: 'touch',
            source: { channel: 'kiosk-touch', deviceId: 'dev-1', site: null, campaign: i % 2 ? 'instagram' : null },
            answers: { name: `P${i}` },
            transcript: [],
            consent: null,
            returning: false,
            partial: false,
          }),
          a('stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }),
          a('tag-added', { tag: 'haircut', category: 'service', matched: null }),
        ],
        { enqueue: false },
      );
      return id;
    });
    crm8.moveStage(ids[0]!, 'lost', 'went quiet', staff);
    db8.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(checkIntegrity(db)).toEqual([]);
    expect(rollups(db)).toEqual(recounted(db));
    expect(rollups(db).contacts).toHaveLength(4);

    const crm = crmOnDb(db);
    crm.recordOutcome(ids[1]!, { result: 'lost', reason: 'price' }, staff);
    crm.addTag(ids[2]!, 'styling', staff);
    crm.removeTag(ids[0]!, 'haircut', staff);
    crm.moveStage(ids[2]!, 'lost', 'went quiet', staff);
    crm.merge(ids[2]!, ids[3]!, staff);
    crm.erase(ids[0]!, staff);
    expect(rollups(db)).toEqual(recounted(db));
    db.close();
  });
});
