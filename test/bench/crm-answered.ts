/**
 * The dashboard filtered on an answer (a common choice: "What brings you in today?" = Haircut, a third of the
 * contacts), over 30 and 365 days: each panel from the rollups of migration 17 (answered-rollups.ts), the same panel
 * on the plain path (each answering contact looked up in its own tables: what every filter read before migration 17,
 * and what free text still reads), and the same panel unfiltered, timed in turn, call by call, so a burst of load on
 * this shared machine falls on all three alike. `answeredPanels` is also a section of the crm bench (crm.ts).
 *
 * `run` (node dist/test/bench/run.js crm-answered) works on a database the crm bench kept (generating 100,000
 * contacts takes minutes): CRM_BENCH_DB=/tmp/crm-100k.sqlite node dist/test/bench/run.js crm builds one; this bench
 * migrates it to the latest schema, rolls up the form's choice questions (the rebuild, timed) and measures what the
 * rollups add to a stage change, an outcome and a new visit: WAL pages (by b-tree) and CPU time, with the rollups off
 * (no question rolled up: the triggers find no combo and write nothing, as before migration 17) and on.
 */
import { existsSync } from 'node:fs';
import { parseConfig } from '../../device/config/load.js';
import type { IntakeField } from '../../device/config/schema.js';
import { DEFAULT_FIELDS } from '../../device/config/schema.js';
import { fieldFilterOf, rolledUpQuestions } from '../../device/crm/field-filter.js';
import { crmServiceFor } from '../../device/crm/for-config.js';
import type { CrmService } from '../../device/crm/service.js';
import type { CrmSettings, Dashboard } from '../../device/crm/types.js';
import { CrmQueries } from '../../device/store/crm-queries.js';
import { openDatabase, schemaVersion, type Db } from '../../device/store/database.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { walPagesPer } from '../support/wal-pages.js';
import { BENCH_FIELDS } from './crm-fields.js';
import type { BenchResult } from './types.js';

type Timing = { p50: number; p95: number };

/** Each function called n times, in turn, after two warm-up rounds: p50 and p95 of each, ms. */
function inTurn(fns: (() => unknown)[], n: number): Timing[] {
  for (let i = 0; i < 2; i++) for (const fn of fns) fn();
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < n; i++)
    fns.forEach((fn, k) => {
      const t0 = process.hrtime.bigint();
      fn();
      times[k]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  return times.map((ts) => {
    ts.sort((a, b) => a - b);
    return { p50: ts[Math.floor(ts.length / 2)]!, p95: ts[Math.min(ts.length - 1, Math.floor(ts.length * 0.95))]! };
  });
}

const ms = (t: Timing) => `${t.p50.toFixed(1)} / ${t.p95.toFixed(1)}`;

export function answeredPanels(opts: {
  queries: CrmQueries;
  settings: CrmSettings;
  fields: readonly IntakeField[];
  /** The bench's "today" (its contacts came over the year before it). */
  now: number;
}): BenchResult[] {
  const { queries: q, settings: s } = opts;
  const answer = fieldFilterOf(opts.fields, { id: 'reason', value: 'haircut' }, 'US');
  const rolledUp = rolledUpQuestions(opts.fields);
  const results: BenchResult[] = [];
  for (const days of [30, 365]) {
    const r: Dashboard['range'] = q.range({
      from: new Date(opts.now - (days - 1) * 86_400_000).toISOString().slice(0, 10),
      to: new Date(opts.now).toISOString().slice(0, 10),
      granularity: days > 60 ? 'week' : 'day',
    });
    const n = days > 60 ? 10 : 20;
    // Rolled up first (a rebuild, when the questions changed, is not timed here: run() times it).
    const rolled = q.answerers(r, answer, rolledUp);
    if (!rolled.combos) throw new Error(`crm-answered: "${answer.id}" is not rolled up (rolled up: ${rolledUp.join(', ')})`);
    const note = `${days} days, ${q.answerers(r, answer).count} contacts answered Haircut; p50 / p95 ms, timed in turn: rollups / plain path / unfiltered`;
    const add = (name: string, [mine, old, base]: Timing[], baseName = `unfiltered ${name}`) =>
      results.push({
        name: `dashboard filtered, ${name} p95 (${days} d)`,
        value: mine!.p95,
        unit: 'ms',
        better: 'lower',
        baseline: { name: baseName, value: base!.p95 },
        note: `${note}: ${ms(mine!)} / ${ms(old!)} / ${ms(base!)}`,
      });
    // Finding the answering contacts (and their combos), which each panel below does first.
    add('finding the answer', inTurn([() => q.answerers(r, answer, rolledUp), () => q.answerers(r, answer), () => q.volume(r, s)], n), 'unfiltered volume');
    const panels: [string, (a?: ReturnType<CrmQueries['answerers']>) => unknown][] = [
      ['volume', (a) => q.volume(r, s, a)],
      ['funnel', (a) => q.funnel(r, s, a)],
      ['top tags', (a) => q.topTags(r, s, a)],
      ['outcomes', (a) => q.outcomes(r, s, a)],
    ];
    for (const [panel, read] of panels) add(panel, inTurn([() => read(q.answerers(r, answer, rolledUp)), () => read(q.answerers(r, answer)), () => read()], n));
    add(
      'time in stage',
      inTurn(
        [
          () => q.answeredTimeInStage(r, s, answer, q.answerers(r, answer, rolledUp).combos),
          () => q.answeredTimeInStage(r, s, answer),
          () => q.timeInStageByDay(r, s) ?? q.timeInStage(r, s),
        ],
        n,
      ),
    );
    add('every panel', inTurn([() => q.dashboard(r, s, answer, rolledUp), () => q.dashboard(r, s, answer), () => q.dashboard(r, s)], n));
    // The rollups and the plain path give the same dashboard (the fast-check tests check it on small CRMs; here at scale).
    const same = JSON.stringify(q.dashboard(r, s, answer, rolledUp)) === JSON.stringify(q.dashboard(r, s, answer));
    if (!same) throw new Error(`crm-answered: the rollups' dashboard over ${days} days differs from the plain path's`);
  }
  return results;
}

/** WAL pages and CPU time per write of each kind, `n` writes each on contacts of their own, rollups as they stand. */
function writeCosts(db: Db, file: string, crm: CrmService, picks: Picks, n: number): { kind: string; pages: number; cpuMs: number; trees: string }[] {
  const staff = { kind: 'staff' as const, id: null, name: 'Bench' };
  const kinds: [string, (i: number) => void][] = [
    // A first move to Opportunity: a stage reached, one moved on from, the set of stages reached, a stay ended.
    ['stage change', () => crm.moveStage(picks.move(), 'opportunity', 'Bench: moved on after a call', staff)],
    ['outcome (lost, and the stage to Lost)', () => crm.recordOutcome(picks.outcome(), { result: 'lost', reason: 'price' }, staff)],
    [
      'new visit',
      () => {
        const v = picks.visit();
        crm.recordVisit({
          visitId: `bench-visit-${picks.run}-${v}`,
          channel: 'touch',
          sourceChannel: 'kiosk-touch',
          answers: {
            name: 'Bench Visitor',
            phone: `+1415${String(7_000_000 + v)}`,
            reason: 'haircut',
            consent: true,
            extras: ['nails'],
          },
          transcript: [],
          consent: null,
        });
      },
    ],
  ];
  return kinds.map(([kind, write]) => {
    const pages = walPagesPer(db, file, n, write);
    // Then the CPU time (user + system) of n more, the WAL fsynced as on the device (waiting for the disk is not CPU).
    const c0 = process.cpuUsage();
    for (let i = n; i < 2 * n; i++) write(i);
    const c = process.cpuUsage(c0);
    return {
      kind,
      pages: pages.perWrite,
      cpuMs: (c.user + c.system) / 1000 / n,
      trees: pages.byTree
        .filter((t) => t.pages >= 0.1)
        .map((t) => `${t.name} ${t.pages.toFixed(2)}`)
        .join(', '),
    };
  });
}

/** Contacts not used before for each kind of write. */
interface Picks {
  run: string;
  move(): string;
  outcome(): string;
  visit(): number;
}

export async function run(): Promise<BenchResult[]> {
  const file = process.env.CRM_BENCH_DB;
  if (!file || !existsSync(file))
    return [
      {
        name: 'dashboard filtered on an answer',
        value: 0,
        unit: 'ms',
        better: 'lower',
        note: 'skipped: give a database the crm bench kept, CRM_BENCH_DB=/tmp/crm-100k.sqlite (build it: CRM_BENCH_DB=/tmp/crm-100k.sqlite node dist/test/bench/run.js crm)',
      },
    ];
  const results: BenchResult[] = [];
  const t0 = process.hrtime.bigint();
  const db = openDatabase(file);
  const migrateS = Number(process.hrtime.bigint() - t0) / 1e9;
  results.push({ name: 'opening the database (migrations to the latest)', value: migrateS, unit: 's', better: 'lower', note: `now at ${schemaVersion(db)}` });
  const config = parseConfig({ device: { id: 'bench-dev' }, intake: { fields: [...DEFAULT_FIELDS, ...BENCH_FIELDS] } });
  const crm = crmServiceFor(db, new SqliteOutbox(db), () => config);
  const queries = new CrmQueries(db, 'UTC');
  const rolledUp = rolledUpQuestions(config.intake.fields);
  const now = Date.now();

  // Write costs, rollups off (as before migration 17) and on, each on contacts of its own.
  const fresh = db
    .prepare(`SELECT id FROM contacts WHERE stage IN ('new-inquiry', 'marketing-qualified') AND outcome IS NULL ORDER BY rowid DESC LIMIT 1000`)
    .pluck()
    .all() as string[];
  let k = 0;
  const run = String(now);
  // New visitors' phones after those of earlier runs on this database (each run's must be new contacts).
  let visits = db.prepare(`SELECT COUNT(*) FROM contacts WHERE phone >= '+14157' AND phone < '+14158'`).pluck().get() as number;
  const picks: Picks = { run, move: () => fresh[k++]!, outcome: () => fresh[k++]!, visit: () => visits++ };
  const N = 100;
  queries.rollups.track([]);
  const off = writeCosts(db, file, crm, picks, N);
  const t1 = process.hrtime.bigint();
  queries.rollups.track(rolledUp);
  const rebuildS = Number(process.hrtime.bigint() - t1) / 1e9;
  const counts = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM answer_combos) AS combos, (SELECT COUNT(*) FROM answer_day_reached) AS reached, (SELECT COUNT(*) FROM answer_day_tags) AS tags,
              (SELECT COUNT(*) FROM answer_stays) AS stays`,
    )
    .get() as Record<string, number>;
  results.push({
    name: 'rolling up the form’s choice questions (a rebuild)',
    value: rebuildS,
    unit: 's',
    better: 'lower',
    note: `${rolledUp.join(', ')}: ${counts.combos} combos of answers; rows: ${counts.reached} stages/sets, ${counts.tags} tags, ${counts.stays} stays`,
  });
  const on = writeCosts(db, file, crm, picks, N);
  on.forEach((x, i) => {
    const before = off[i]!;
    results.push({
      name: `WAL pages per ${x.kind}, rollups kept`,
      value: x.pages,
      unit: 'pages',
      better: 'lower',
      baseline: { name: 'the same, no question rolled up', value: before.pages },
      note: `${N} writes each; CPU time per write (${N} more) ${x.cpuMs.toFixed(2)} ms vs ${before.cpuMs.toFixed(2)} ms; on: ${x.trees}; off: ${before.trees}`,
    });
  });

  // The panels, rollups on, beside the plain path and the unfiltered panel.
  results.push(...answeredPanels({ queries, settings: crm.settings(), fields: config.intake.fields, now }));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return results;
}
