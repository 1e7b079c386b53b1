/** Migration 3 on a database a bridge of the previous version filled: the rows keep their data and gain the CRM columns. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type Postgres } from '../../test/support/postgres.js';
import type { ContactUpsert } from '../payloads.js';
import { PG_MIGRATIONS } from './pg-migrations.js';
import { PostgresBridgeStore } from './pg-store.js';

let pg: Postgres;
beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

const at = '2026-11-20T09:00:00.000Z';
const upsert = (id: string, extra: Record<string, unknown>): ContactUpsert => ({
  schema: 'frontdesk.contact.upsert/1',
  idempotencyKey: `contact.upsert:${id}:v1`,
  deviceId: 'lobby-1',
  contact: {
    id,
    version: 1,
    name: `Name ${id}`,
    phone: null,
    email: null,
    reason: null,
    fields: { budget: 120, days: ['mon'] },
    consent: null,
    source: 'kiosk-voice',
    stage: 'new-inquiry',
    tags: ['hair-coloring'],
    transcript: [],
    visitId: 'v',
    createdAt: at,
    updatedAt: at,
    ...extra,
  },
});

describe('PostgreSQL migrations', () => {
  it('migration 3 fills the CRM columns of rows stored before it', async () => {
    const url = await pg.createDatabase('migrate_3');
    const old = await PostgresBridgeStore.open(url, { migrations: PG_MIGRATIONS.filter((m) => m.version <= 2) });
    // A bridge before migration 3 wrote the record as it came (its statement knew only the first columns).
    for (const m of [
      upsert('old', {}),
      upsert('crm', { owner: 'Maria', score: 7, sourceDetail: { channel: 'kiosk-touch', deviceId: 'lobby-1', site: 'Main St', campaign: 'instagram' } }),
    ])
      await old.query(
        `INSERT INTO crm_contacts (device_id, contact_id, version, idempotency_key, name, stage, source, record, created_at, updated_at)
         VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $8)`,
        [m.deviceId, m.contact.id, m.idempotencyKey, m.contact.name, m.contact.stage, m.contact.source, JSON.stringify(m.contact), at],
      );
    await old.close();

    const store = await PostgresBridgeStore.open(url);
    const rows = await store.query<{
      contact_id: string;
      owner: string | null;
      score: number | null;
      source_channel: string;
      source_site: string | null;
      tags: string[];
      fields: unknown;
    }>(`SELECT contact_id, owner, score, source_channel, source_site, tags, fields FROM crm_contacts ORDER BY contact_id`);
    expect(rows).toEqual([
      {
        contact_id: 'crm',
        owner: 'Maria',
        score: 7,
        source_channel: 'kiosk-touch',
        source_site: 'Main St',
        tags: ['hair-coloring'],
        fields: { budget: 120, days: ['mon'] },
      },
      {
        contact_id: 'old',
        owner: null,
        score: null,
        source_channel: 'kiosk-voice',
        source_site: null,
        tags: ['hair-coloring'],
        fields: { budget: 120, days: ['mon'] },
      },
    ]);
    expect((await store.query<{ v: number }>(`SELECT max(version) AS v FROM schema_migrations`))[0]!.v).toBe(PG_MIGRATIONS.at(-1)!.version);
    // Typed custom fields are queryable as such.
    expect(
      await store.query(`SELECT contact_id FROM crm_contacts WHERE (fields->>'budget')::numeric > 100 AND fields @> '{"days": ["mon"]}' ORDER BY 1`),
    ).toEqual([{ contact_id: 'crm' }, { contact_id: 'old' }]);
    await store.close();
  });
});
