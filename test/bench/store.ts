/** Lead write cost: one contact + transcript + tags + outbox entry, fsynced, vs a bare fsynced insert of one row. */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContactStore } from '../../device/store/contacts.js';
import { openDatabase } from '../../device/store/database.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import type { BenchResult } from './types.js';

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fd-bench-store-'));
  const N = 500;
  const db = openDatabase(join(dir, 'device.sqlite'));
  const store = new ContactStore(db, new SqliteOutbox(db), 'bench', (d) => d.toISOString().slice(0, 10));
  const transcript = Array.from({ length: 12 }, (_, i) => ({
    who: i % 2 ? ('visitor' as const) : ('robot' as const),
    text: `line ${i} of the conversation`,
    channel: 'voice' as const,
    at: new Date().toISOString(),
  }));
  let t = process.hrtime.bigint();
  for (let i = 0; i < N; i++)
    store.create({
      visitId: `v${i}`,
      name: `Name ${i}`,
      phone: '+14155550100',
      email: `n${i}@example.com`,
      reason: 'haircut',
      fields: { name: `Name ${i}` },
      consent: null,
      source: 'bench',
      stage: 'lead',
      tags: ['walk-in', 'haircut'],
      transcript,
    });
  const leadMs = Number(process.hrtime.bigint() - t) / 1e6 / N;
  db.close();

  const plain = new Database(join(dir, 'plain.sqlite'));
  plain.pragma('journal_mode = WAL');
  plain.pragma('synchronous = FULL');
  plain.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const ins = plain.prepare('INSERT INTO t (v) VALUES (?)');
  t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) ins.run(`row ${i}`);
  const plainMs = Number(process.hrtime.bigint() - t) / 1e6 / N;
  plain.close();
  return [
    {
      name: 'lead write (contact+transcript+tags+outbox, 1 tx)',
      value: leadMs,
      unit: 'ms',
      better: 'lower',
      baseline: { name: 'single-row insert, same fsync', value: plainMs },
    },
  ];
}
