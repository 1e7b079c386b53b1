/** The shared BridgeStore contract on both stores: SQLite (a temporary file) and a real PostgreSQL. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type Postgres } from '../../test/support/postgres.js';
import { PostgresBridgeStore } from './pg-store.js';
import { SqliteBridgeStore } from './sqlite-store.js';
import { bridgeStoreContract } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'fd-store-contract-'));
let n = 0;

bridgeStoreContract('SQLite', async () => {
  const file = join(dir, `bridge-${++n}.sqlite`);
  const store = new SqliteBridgeStore(file);
  return {
    store,
    twin: async () => new SqliteBridgeStore(file),
    dump: async () => {
      const tables = store.query<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`).map((t) => t.name);
      // Table names come from the catalog, checked: identifiers cannot be parameters.
      return tables
        .filter((t) => /^[a-z_]+$/.test(t))
        .map((t) => JSON.stringify(store.query(`SELECT * FROM ${t}`)))
        .join('\n');
    },
    close: () => store.close(),
  };
});

let pg: Postgres;
beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

bridgeStoreContract('PostgreSQL', async () => {
  const url = await pg.createDatabase(`contract_${++n}`);
  const store = await PostgresBridgeStore.open(url, { max: 2 });
  return {
    store,
    twin: () => PostgresBridgeStore.open(url, { max: 4 }),
    dump: async () => {
      const tables = (await store.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`)).map((r) => r.t);
      const rows: string[] = [];
      for (const t of tables.filter((x) => /^[a-z_]+$/.test(x)))
        rows.push(...(await store.query<{ r: string }>(`SELECT x::text AS r FROM ${t} x`)).map((r) => r.r));
      return rows.join('\n');
    },
    close: () => store.close(),
  };
});
