/**
 * The `crm` bench's section for the dashboard filtered on an answer (a common choice: "What brings you in today?" =
 * Haircut, a third of the contacts): each panel alone (finding the answering contacts, then the panel), the finding
 * alone, and the whole filtered dashboard (finding them once), each timed in turn, call by call, with the same panel
 * unfiltered on the same database, so a burst of load on this shared machine falls on both alike. No `run`: it is a
 * part of crm.ts, not a bench of its own.
 */
import type { IntakeField } from '../../device/config/schema.js';
import { fieldFilterOf } from '../../device/crm/field-filter.js';
import type { CrmSettings, Dashboard } from '../../device/crm/types.js';
import type { CrmQueries } from '../../device/store/crm-queries.js';
import type { BenchResult } from './types.js';

/** Each function called n times, in turn, after two warm-up rounds: p50 and p95 of each, ms. */
function inTurn(fns: (() => unknown)[], n: number): { p50: number; p95: number }[] {
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

export function answeredPanels(opts: {
  queries: CrmQueries;
  settings: CrmSettings;
  fields: readonly IntakeField[];
  /** The bench's "today" (its contacts came over the year before it). */
  now: number;
}): BenchResult[] {
  const { queries: q, settings: s } = opts;
  const answer = fieldFilterOf(opts.fields, { id: 'reason', value: 'haircut' }, 'US');
  const results: BenchResult[] = [];
  for (const days of [30, 365]) {
    const r: Dashboard['range'] = q.range({
      from: new Date(opts.now - (days - 1) * 86_400_000).toISOString().slice(0, 10),
      to: new Date(opts.now).toISOString().slice(0, 10),
      granularity: days > 60 ? 'week' : 'day',
    });
    const n = days > 60 ? 10 : 20;
    const found = q.answerers(r, answer);
    const note = `${days} days, ${found.count} contacts answered Haircut; timed in turn with the unfiltered panel`;
    const add = (name: string, mine: { p50: number; p95: number }, base: { p50: number; p95: number }, baseName: string) =>
      results.push({
        name: `${name} (${days} d)`,
        value: mine.p95,
        unit: 'ms',
        better: 'lower',
        baseline: { name: baseName, value: base.p95 },
        note: `${note}; p50 ${mine.p50.toFixed(1)} ms vs ${base.p50.toFixed(1)} ms`,
      });
    // Finding the answering contacts, which each panel below does first.
    const [match, volumeAlone] = inTurn([() => q.answerers(r, answer), () => q.volume(r, s)], n);
    add('dashboard filtered: finding the answer p95', match!, volumeAlone!, 'unfiltered volume');
    const panels: [string, (a?: ReturnType<CrmQueries['answerers']>) => unknown][] = [
      ['volume', (a) => q.volume(r, s, a)],
      ['funnel', (a) => q.funnel(r, s, a)],
      ['top tags', (a) => q.topTags(r, s, a)],
      ['outcomes', (a) => q.outcomes(r, s, a)],
    ];
    for (const [panel, read] of panels) {
      const [alone, given, plain] = inTurn([() => read(q.answerers(r, answer)), () => read(found), () => read()], n);
      add(`dashboard ${panel} filtered p95`, alone!, plain!, `unfiltered ${panel}`);
      add(`dashboard ${panel} filtered, answer found p95`, given!, plain!, `unfiltered ${panel}`);
    }
    const [stays, plainStays] = inTurn([() => q.answeredTimeInStage(r, s, answer), () => q.timeInStage(r, s)], n);
    add('dashboard time in stage filtered p95', stays!, plainStays!, 'unfiltered time in stage');
    const [whole, plainWhole] = inTurn([() => q.dashboard(r, s, answer), () => q.dashboard(r, s)], n);
    add('dashboard filtered, every panel p95', whole!, plainWhole!, 'unfiltered dashboard');
  }
  return results;
}
