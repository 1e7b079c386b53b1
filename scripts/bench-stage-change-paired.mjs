/**
 * The stage change of two builds, timed in turn in one process: each build on its own copy of the same CRM database
 * (test/bench/crm.ts builds one: CRM_BENCH_DB=/path/file.sqlite), its changes alternated with the other's, so a burst
 * of load on this shared machine falls on both alike. Prints each one's WAL pages per change by b-tree, then p50 / p95
 * and CPU per change of a bare INSERT and of the stage change, fsynced (with the WAL checkpointer, as the device runs)
 * and with synchronous=OFF, and the load average between the parts.
 *   cp crm-100k.sqlite old.sqlite && cp crm-100k.sqlite new.sqlite
 *   the old build: a copy of dist/ built at the old commit, with package.json and a node_modules link beside it
 *   npm run build && node scripts/bench-stage-change-paired.mjs /tmp/old/dist old.sqlite dist new.sqlite [changes]
 * Each build migrates its own copy when it opens it.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [, , oldDist, oldDb, newDist, newDb, nArg] = process.argv;
if (!newDb) throw new Error('usage: node scripts/bench-stage-change-paired.mjs OLD_DIST OLD_DB NEW_DIST NEW_DB [changes]');
const N = Number(nArg ?? 400);
const GAP = 5;
// Both builds get the crm bench's own form (the new build's copy of it), the one the database was built with.
const { BENCH_FIELDS: fieldsExtra } = await import(pathToFileURL(resolve(newDist, 'test/bench/crm-fields.js')).href);
async function side(dist, file, label) {
  const imp = (p) => import(pathToFileURL(resolve(dist, p)).href);
  const { openDatabase } = await imp('device/store/database.js');
  const { parseConfig } = await imp('device/config/load.js');
  const { DEFAULT_FIELDS } = await imp('device/config/schema.js');
  const { crmServiceFor } = await imp('device/crm/for-config.js');
  const { SqliteOutbox } = await imp('sync/outbox.js');
  const { WalCheckpointer } = await imp('device/store/wal-checkpointer.js');
  const { walPagesPer } = await imp('test/support/wal-pages.js');
  const t0 = Date.now();
  const db = openDatabase(file);
  const openMs = Date.now() - t0;
  const config = parseConfig({ device: { id: 'bench-dev' }, intake: { fields: [...DEFAULT_FIELDS, ...fieldsExtra] } });
  const crm = crmServiceFor(db, new SqliteOutbox(db), () => config);
  db.exec(`CREATE TABLE IF NOT EXISTS bench_plain (id INTEGER PRIMARY KEY, v TEXT)`);
  const ins = db.prepare(`INSERT INTO bench_plain (v) VALUES (?)`);
  return { label, db, crm, ins, file, WalCheckpointer, walPagesPer, openMs, version: db.pragma('user_version', { simple: true }) };
}
const A = await side(oldDist, oldDb, 'old');
const B = await side(newDist, newDb, 'new');
console.log(`opened: old v${A.version} ${A.openMs} ms, new v${B.version} ${B.openMs} ms`);
const movable = A.db
  .prepare(`SELECT id, stage FROM contacts WHERE stage IN ('new-inquiry', 'marketing-qualified', 'sales-qualified') ORDER BY id LIMIT 1600`)
  .all();
const stagesOf = (s) => new Map(movable.map((c) => [c.id, s.db.prepare('SELECT stage FROM contacts WHERE id = ?').pluck().get(c.id)]));
for (const s of [A, B]) s.stage = stagesOf(s);
const by = { kind: 'staff', id: null, name: 'Bench' };
const move = (s, id) => {
  const cur = s.stage.get(id);
  const to = cur === 'opportunity' ? 'sales-qualified' : 'opportunity';
  s.crm.moveStage(id, to, 'Bench: moved on after a call', by);
  s.stage.set(id, to);
};
const pct = (ts, p) => [...ts].sort((x, y) => x - y)[Math.floor(ts.length * p)];
// WAL pages
for (const s of [A, B]) {
  s.db.pragma('synchronous = FULL');
  const ids = movable.slice(1400, 1600).map((c) => c.id);
  const pages = s.walPagesPer(s.db, s.file, ids.length, (i) => move(s, ids[i]));
  console.log(
    `${s.label} WAL pages/change ${pages.perWrite.toFixed(2)}: ${pages.byTree
      .filter((t) => t.pages >= 0.2)
      .map((t) => `${t.name} ${t.pages.toFixed(2)}`)
      .join(', ')}`,
  );
}
async function paired(name, fns, n) {
  for (let i = 0; i < 20; i++) for (const f of fns) f.fn(i);
  const r = fns.map(() => ({ t: [], cpu: 0 }));
  for (let i = 0; i < n; i++) {
    const order = i % 2 ? [1, 0] : [0, 1];
    for (const k of order) {
      await new Promise((res) => setTimeout(res, GAP));
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      fns[k].fn(i);
      r[k].t.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const c = process.cpuUsage(c0);
      r[k].cpu += (c.user + c.system) / 1000;
    }
  }
  for (let k = 0; k < fns.length; k++)
    console.log(
      `${name.padEnd(34)} ${fns[k].label.padEnd(4)} p50 ${pct(r[k].t, 0.5).toFixed(3)} p95 ${pct(r[k].t, 0.95).toFixed(3)} ms  cpu ${(r[k].cpu / n).toFixed(3)} ms`,
    );
}
console.log(
  'load',
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' '),
);
for (const sync of ['FULL', 'OFF']) {
  const cps = [];
  for (const s of [A, B]) {
    s.db.pragma(`synchronous = ${sync}`);
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    if (sync === 'FULL') cps.push(new s.WalCheckpointer(s.db, s.file, {}));
  }
  await paired(
    `INSERT ${sync}`,
    [A, B].map((s) => ({ label: s.label, fn: (i) => s.ins.run(`row ${i}`) })),
    300,
  );
  const base = sync === 'FULL' ? 0 : 700;
  await paired(
    `stage change ${sync}`,
    [A, B].map((s) => ({ label: s.label, fn: (i) => move(s, movable[base + (i % 600)].id) })),
    N,
  );
  for (const c of cps) await c.stop();
  console.log(
    'load',
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  );
}
for (const s of [A, B]) {
  s.db.pragma('wal_checkpoint(TRUNCATE)');
  s.db.close();
}
