/**
 * Which current values of a page of contacts the visitor never confirmed (a partial lead's phone said once), read
 * from their stored projections in one query: the leads list marks them without folding any story. The projection
 * (device/crm/projection.ts `unconfirmed`) is what decides; this only reads it.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

const STATEMENTS = new WeakMap<Db, Statement>();

/** Contact id -> its unconfirmed field ids, for those of `ids` that have any. */
export function unconfirmedOfMany(db: Db, ids: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!ids.length) return out;
  let st = STATEMENTS.get(db);
  if (!st) {
    // A projection stored before the list existed has no such key: json_extract gives NULL, and it is skipped.
    st = db.prepare(
      `SELECT contact_id AS id, json_extract(body, '$.unconfirmed') AS u FROM contact_projections
        WHERE contact_id IN (SELECT value FROM json_each(?)) AND json_array_length(body, '$.unconfirmed') > 0`,
    );
    STATEMENTS.set(db, st);
  }
  for (const r of st.all(JSON.stringify(ids)) as { id: string; u: string }[]) out.set(r.id, JSON.parse(r.u) as string[]);
  return out;
}
