/**
 * A table rebuilt with a new definition (SQLite cannot change a table to WITHOUT ROWID, or drop AUTOINCREMENT, in
 * place): a new table, the rows copied, the old one dropped, the new one renamed, then the old one's indexes and
 * triggers made again from their own SQL as the schema holds it at that moment. Read from the schema, not written
 * here, so whatever an earlier migration added to the table (another engineer's trigger, an index) survives the
 * rebuild unchanged, and so do its planner statistics (ANALYZE'd again when it had them). Runs inside the migration's
 * transaction.
 */
import type { Database } from 'better-sqlite3';

/** `create` is the new CREATE TABLE statement, naming the table `${table}_rebuilt`; `columns` are copied as they are. */
export function rebuildTable(db: Database, table: string, create: string, columns: readonly string[]): void {
  const temporary = `${table}_rebuilt`;
  if (!create.includes(temporary)) throw new Error(`rebuildTable: the new definition must create ${temporary}`);
  const kept = db
    .prepare(`SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name`)
    .all(table) as { type: string; name: string; sql: string }[];
  // The planner's statistics of the table go with it: gathered again for the new one if the old one had them.
  const stats = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'`).get() !== undefined;
  const analyzed = stats && db.prepare(`SELECT 1 FROM sqlite_stat1 WHERE tbl = ? LIMIT 1`).get(table) !== undefined;
  const list = columns.join(', ');
  db.exec(create);
  db.exec(`INSERT INTO ${temporary} (${list}) SELECT ${list} FROM ${table}`);
  db.exec(`DROP TABLE ${table}`);
  // Legacy rename: nothing else in the schema is rewritten or re-checked (a trigger elsewhere that reads this table
  // names it, not the temporary name, and is right again once the rename is done).
  const legacy = db.pragma('legacy_alter_table', { simple: true }) as number;
  db.pragma('legacy_alter_table = ON');
  try {
    db.exec(`ALTER TABLE ${temporary} RENAME TO ${table}`);
  } finally {
    db.pragma(`legacy_alter_table = ${legacy}`);
  }
  for (const k of kept) db.exec(k.sql);
  if (analyzed) db.exec(`ANALYZE ${table}`);
}
