/**
 * The dashboard both teams read: lead volume (by day or week, source, campaign), the funnel, time in each stage,
 * top tags, outcomes and loss reasons, and by source and campaign which leads became sales qualified, won or lost.
 * Every panel is a chart and the same numbers as a table. An "Answer" filter (the leads list's own controls) narrows
 * every panel to the leads who gave one answer, and each chart and table then says so.
 */
import type { CountBy, Dashboard, DashboardQuery } from '../../../device/http/contract.js';
import { crmApi } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import type * as Charts from './charts.js';
import type { ChartSpec } from './charts.js';
import { answerFilter } from './answer-filter.js';
import { failureMessage, type StaffContext, type StaffTab, type StaffView } from './context.js';
import { channelLabel, day } from './format.js';

export const dashboardTab: StaffTab = { id: 'dashboard', label: 'Dashboard', render: dashboardView };

type Cell = string | number;

/** Chart.js is the largest part of the staff screens: loaded when the dashboard first opens. */
let charting: Promise<typeof Charts> | null = null;

function dashboardView(ctx: StaffContext): StaffView {
  let chartBox: typeof Charts.chartBox | null = null;
  let charts: { destroy(): void }[] = [];
  const from = h('input', { type: 'date', id: 'dash-from', class: 'text-input' });
  const to = h('input', { type: 'date', id: 'dash-to', class: 'text-input' });
  const granularity = h(
    'select',
    { id: 'dash-granularity', class: 'select' },
    h('option', { value: 'day' }, 'By day'),
    h('option', { value: 'week' }, 'By week'),
  );
  let seq = 0;
  const answer = answerFilter(ctx.fields, () => void load(), 'dash');
  const clearButton = h('button', { type: 'button', class: 'btn btn-secondary', id: 'dash-clear', onclick: () => clearFilters() }, 'Clear filters');
  const status = h('p', { class: 'staff-status', role: 'status', id: 'dash-status' }, 'Loading…');
  /** What every panel is filtered by, in words, while an answer is picked. */
  const answerNote = h('p', { class: 'dash-answer-note', id: 'dash-answer', hidden: true });
  const panels = h('div', { class: 'dash-panels', id: 'dash-panels' });
  const filter = (label: string, control: HTMLElement) => h('label', { class: 'filter' }, h('span', {}, label), control);
  const el = h(
    'section',
    { class: 'staff-dashboard', 'aria-labelledby': 'dash-title' },
    h('div', { class: 'staff-header' }, h('h2', { id: 'dash-title' }, 'Dashboard')),
    h('div', { class: 'leads-filters' }, filter('From', from), filter('To', to), filter('Show', granularity), answer.el, clearButton),
    status,
    answerNote,
    panels,
  );
  for (const c of [from, to, granularity]) c.addEventListener('change', () => void load());

  function clearFilters(): void {
    from.value = '';
    to.value = '';
    granularity.value = 'day';
    answer.clear();
    void load();
  }

  /** The words each chart and table carries while the dashboard is filtered ("Leads who answered …"), or null. */
  let filteredBy: string | null = null;

  const clear = () => {
    for (const c of charts) c.destroy();
    charts = [];
  };

  function panel(id: string, title: string, spec: ChartSpec | null, head: string[], rows: Cell[][], note?: string): HTMLElement {
    const chart = spec && rows.length && chartBox ? chartBox(spec, filteredBy ? `${title}. ${filteredBy}` : title) : null;
    if (chart) charts.push(chart);
    return h(
      'section',
      { class: 'dash-panel', id: `panel-${id}`, 'aria-labelledby': `panel-${id}-title` },
      h('h3', { id: `panel-${id}-title` }, title),
      filteredBy ? h('p', { class: 'dash-filtered' }, filteredBy) : null,
      note ? h('p', { class: 'hint' }, note) : null,
      chart?.el ?? null,
      rows.length
        ? h(
            'table',
            { class: 'contacts dash-table' },
            filteredBy ? h('caption', { class: 'dash-filtered' }, filteredBy) : null,
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                head.map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h(
              'tbody',
              {},
              rows.map((r) =>
                h(
                  'tr',
                  {},
                  r.map((c, i) => h(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, String(c))),
                ),
              ),
            ),
          )
        : h('p', { class: 'contacts-empty' }, filteredBy ? 'None of these leads.' : 'Nothing yet.'),
    );
  }

  /** One count per key: `of` names the keys' column ('Source'), `what` the counts' ('Leads'). */
  const counts = (id: string, title: string, items: CountBy[], of: string, what: string, label = (c: CountBy) => c.label, horizontal = items.length > 6) =>
    panel(
      id,
      title,
      { labels: items.map(label), series: [{ label: what, values: items.map((c) => c.count) }], horizontal },
      [of, what],
      items.map((c) => [label(c), c.count]),
    );

  const percent = (x: number) => `${Math.round(x * 100)}%`;
  const hours = (x: number | null) => (x === null ? '—' : x < 48 ? `${x.toFixed(1)} h` : `${(x / 24).toFixed(1)} days`);

  function draw(d: Dashboard): void {
    clear();
    const dates = `${day(d.range.from)} to ${day(d.range.to)}`;
    status.textContent = dates;
    if (!from.value) from.value = d.range.from;
    if (!to.value) to.value = d.range.to;
    granularity.value = d.range.granularity;
    // The runtime's own words for what it filtered by (the option's label as the form has it).
    const said = d.answer ? `“${d.answer.label}” = ${d.answer.shown}` : null;
    filteredBy = said ? `Showing leads who answered ${said}` : null;
    answerNote.textContent = filteredBy ? `${filteredBy}.` : '';
    answerNote.hidden = !filteredBy;
    const leads = d.volume.byPeriod.reduce((n, c) => n + c.count, 0);
    if (said && leads === 0) {
      replaceChildren(
        panels,
        h(
          'div',
          { class: 'dash-empty', id: 'dash-empty', role: 'status' },
          h('p', {}, `No leads who answered ${said} came in from ${dates}.`),
          h('p', { class: 'hint' }, 'Pick another answer, choose other dates, or clear the filters to see every lead.'),
        ),
      );
      return;
    }
    const week = d.range.granularity === 'week';
    const bySource = d.outcomes.bySource.map((r) => ({ ...r, label: channelLabel(r.label) }));
    const group = (id: string, title: string, of: string, rows: typeof bySource) =>
      panel(
        id,
        title,
        {
          labels: rows.map((r) => r.label),
          series: [
            { label: 'Leads', values: rows.map((r) => r.leads) },
            { label: 'Sales qualified', values: rows.map((r) => r.salesQualified) },
            { label: 'Won', values: rows.map((r) => r.won) },
            { label: 'Lost', values: rows.map((r) => r.lost) },
          ],
        },
        [of, 'Leads', 'Sales qualified', 'Won', 'Lost'],
        rows.map((r) => [r.label, r.leads, r.salesQualified, r.won, r.lost]),
      );
    replaceChildren(
      panels,
      // Periods stay in time order along the bottom, however many there are.
      counts(
        'volume-period',
        week ? 'New leads by week' : 'New leads by day',
        d.volume.byPeriod,
        week ? 'Week of' : 'Day',
        'Leads',
        (c) => day(c.label),
        false,
      ),
      counts('volume-source', 'New leads by source', d.volume.bySource, 'Source', 'Leads', (c) => channelLabel(c.label)),
      counts('volume-campaign', 'New leads by campaign', d.volume.byCampaign, 'Campaign', 'Leads'),
      panel(
        'funnel',
        'Funnel',
        {
          horizontal: true,
          labels: d.funnel.map((f) => f.stage.name),
          series: [
            { label: 'Reached', values: d.funnel.map((f) => f.reached) },
            { label: 'Moved on', values: d.funnel.map((f) => f.movedOn) },
          ],
        },
        ['Stage', 'Reached', 'Moved on', 'Share moved on'],
        d.funnel.map((f) => [f.stage.name, f.reached, f.movedOn, percent(f.shareMovedOn)]),
        'How many contacts reached each stage, and how many of those moved further on.',
      ),
      panel(
        'time-in-stage',
        'Time in each stage',
        {
          horizontal: true,
          unit: 'Hours',
          labels: d.timeInStage.map((t) => t.stage.name),
          series: [
            { label: 'Average', values: d.timeInStage.map((t) => t.averageHours ?? 0) },
            { label: 'Median', values: d.timeInStage.map((t) => t.medianHours ?? 0) },
          ],
        },
        ['Stage', 'Contacts', 'Average', 'Median'],
        d.timeInStage.map((t) => [t.stage.name, t.contacts, hours(t.averageHours), hours(t.medianHours)]),
        'Only stays that ended count: a contact still in a stage is not in its figures.',
      ),
      panel(
        'top-tags',
        'Top tags',
        { horizontal: true, labels: d.topTags.map((t) => t.name), series: [{ label: 'Contacts', values: d.topTags.map((t) => t.count) }] },
        ['Tag', 'Contacts'],
        d.topTags.map((t) => [t.name, t.count]),
      ),
      panel(
        'outcomes',
        'Outcomes',
        { labels: ['Won', 'Lost'], series: [{ label: 'Contacts', values: [d.outcomes.won, d.outcomes.lost] }] },
        ['Result', 'Contacts'],
        d.outcomes.won + d.outcomes.lost
          ? [
              ['Won', d.outcomes.won],
              ['Lost', d.outcomes.lost],
            ]
          : [],
      ),
      counts('loss-reasons', 'Loss reasons', d.outcomes.lossReasons, 'Reason', 'Lost'),
      group('by-source', 'By source: sales qualified, won and lost', 'Source', bySource),
      group('by-campaign', 'By campaign: which bring sales-qualified leads and which bring dead ends', 'Campaign', d.outcomes.byCampaign),
    );
  }

  async function load(): Promise<void> {
    const q: DashboardQuery = { granularity: granularity.value === 'week' ? 'week' : 'day' };
    if (from.value) q.from = from.value;
    if (to.value) q.to = to.value;
    const field = answer.value();
    if (field) q.field = field;
    const mine = ++seq; // changed fast: only the last answer is drawn
    status.textContent = 'Loading…';
    try {
      charting ??= import('./charts.js');
      const [dashboard, charts] = await Promise.all([crmApi.dashboard(ctx.token, q), charting.catch(() => null)]);
      if (mine !== seq) return;
      chartBox = charts?.chartBox ?? null; // without charts, the tables still tell the numbers
      draw(dashboard);
    } catch (err) {
      if (mine !== seq) return;
      const message = failureMessage(ctx, err, 'Could not load the dashboard. Try again in a moment.');
      if (message) status.textContent = message;
    }
  }

  void load();
  return {
    el,
    refresh: () => void load(),
    dispose: () => {
      clear();
      answer.dispose();
    },
  };
}
