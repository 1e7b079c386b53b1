/**
 * Two processes opening one database at once after an update (the runtime starting while `frontdesk contacts` runs):
 * the one that waited for the other's migration must find it applied, not run it a second time.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from './database.js';
import type { Migration } from './migrations.js';

const MIGRATIONS: Migration[] = [
  { version: 1, name: 'visits', sql: `CREATE TABLE visits (id TEXT PRIMARY KEY)` },
  { version: 2, name: 'an index', sql: `CREATE INDEX visits_id ON visits(id)` },
];

describe('migrations from two connections at once', () => {
  it('the second waits for the first and skips what it applied', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-race-')), 'db.sqlite');
    openDatabase(file, MIGRATIONS.slice(0, 1)).close();
    // The other process: holds the write lock while it applies migration 2, commits a moment after we start.
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const Database = require(workerData.sqlite);
       const db = new Database(workerData.file);
       db.exec('BEGIN IMMEDIATE');
       db.exec(workerData.sql);
       db.pragma('user_version = 2');
       parentPort.postMessage('migrating');
       setTimeout(() => { db.exec('COMMIT'); db.close(); parentPort.postMessage('done'); }, 300);`,
      { eval: true, workerData: { file, sql: MIGRATIONS[1]!.sql, sqlite: createRequire(import.meta.url).resolve('better-sqlite3') } },
    );
    const messages: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: string) => (messages.push(m), m === 'done' && resolve()));
      worker.on('error', reject);
    });
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    const db = openDatabase(file, MIGRATIONS); // read version 1, then waited on the worker's lock
    expect(schemaVersion(db)).toBe(2);
    db.close();
    await done;
    expect(messages).toEqual(['migrating', 'done']);
  });
});
