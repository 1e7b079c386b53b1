/**
 * Leads: search (name, phone, email, tag), filters (stage, tag, source, dates, an answer to one of the form's
 * questions), newest first, a page at a time.
 * Each row says who, how to reach them, the stage (its definition on tap), tags, source and when; tapping a row opens
 * the contact. Filters stay as they were when staff come back from a contact.
 */
import type { ContactSummary, CrmSettings, LeadQuery } from '../../../device/http/contract.js';
import { crmApi } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { failureMessage, saveFile, type StaffContext, type StaffTab, type StaffView } from './context.js';
import { CHANNEL_IDS, channelLabel, UNCONFIRMED_TEXT, when } from './format.js';
import { answerFilter } from './answer-filter.js';
import { stageChip } from './stage-chip.js';

export const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 300;

export const leadsTab: StaffTab = { id: 'leads', label: 'Leads', render: leadsView };

function leadsView(ctx: StaffContext): StaffView {
  let offset = 0;
  let timer: number | undefined;
  let seq = 0;
  const tagNames = new Map<string, string>();
  const search = h('input', {
    type: 'search',
    id: 'leads-search',
    class: 'text-input',
    placeholder: 'Name, phone, email or tag',
    'aria-label': 'Search leads',
    inputmode: 'none',
    'data-keyboard': 'text',
    autocomplete: 'off',
    maxlength: 200,
  });
  const stage = h('select', { id: 'leads-stage', class: 'select' }, h('option', { value: '' }, 'Any stage'));
  const tag = h('select', { id: 'leads-tag', class: 'select' }, h('option', { value: '' }, 'Any tag'));
  const source = h(
    'select',
    { id: 'leads-source', class: 'select' },
    h('option', { value: '' }, 'Any source'),
    CHANNEL_IDS.map((c) => h('option', { value: c }, channelLabel(c))),
  );
  const from = h('input', { type: 'date', id: 'leads-from', class: 'text-input' });
  const to = h('input', { type: 'date', id: 'leads-to', class: 'text-input' });
  const answer = answerFilter(ctx.fields, () => void reload(0));
  const status = h('p', { class: 'staff-status', id: 'leads-status', role: 'status' }, 'Loading…');
  const list = h('div', { class: 'leads-wrap' });
  const prev = h('button', { type: 'button', class: 'btn btn-secondary', id: 'leads-prev', onclick: () => page(-1) }, 'Previous');
  const next = h('button', { type: 'button', class: 'btn btn-secondary', id: 'leads-next', onclick: () => page(1) }, 'Next');
  const exportStatus = h('span', { class: 'export-status', role: 'status', id: 'export-status' });
  const exportButton = h(
    'button',
    { type: 'button', class: 'btn btn-secondary', id: 'leads-export', onclick: () => void exportCsv() },
    'Download as a spreadsheet',
  );
  const clear = h('button', { type: 'button', class: 'btn btn-secondary', id: 'leads-clear', onclick: () => clearFilters() }, 'Clear filters');

  const filter = (label: string, control: HTMLElement) => h('label', { class: 'filter' }, h('span', {}, label), control);
  const el = h(
    'section',
    { class: 'staff-leads', 'aria-labelledby': 'leads-title' },
    h('div', { class: 'staff-header' }, h('h2', { id: 'leads-title' }, 'Leads'), h('div', { class: 'staff-actions' }, exportStatus, exportButton)),
    h('div', { class: 'leads-search' }, search),
    h(
      'div',
      { class: 'leads-filters' },
      filter('Stage', stage),
      filter('Tag', tag),
      filter('Source', source),
      filter('From', from),
      filter('To', to),
      answer.el,
      clear,
    ),
    status,
    list,
    h('div', { class: 'pager' }, prev, next),
  );

  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => reload(0), SEARCH_DELAY_MS);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      window.clearTimeout(timer);
      void reload(0);
    }
  });
  for (const control of [stage, tag, source, from, to]) control.addEventListener('change', () => void reload(0));

  function clearFilters(): void {
    search.value = '';
    for (const control of [stage, tag, source]) control.value = '';
    from.value = '';
    to.value = '';
    answer.clear();
    void reload(0);
  }

  function query(): LeadQuery {
    const q: LeadQuery = { limit: PAGE_SIZE, offset };
    if (search.value.trim()) q.search = search.value.trim();
    if (stage.value) q.stage = stage.value;
    if (tag.value) q.tag = tag.value;
    if (source.value) q.source = source.value;
    if (from.value) q.from = from.value;
    if (to.value) q.to = to.value;
    const field = answer.value();
    if (field) q.field = field;
    return q;
  }

  /** Whether a filter other than the answer (or a search) narrows the list. */
  function otherFilters(): boolean {
    return !!(search.value.trim() || stage.value || tag.value || source.value || from.value || to.value);
  }

  function page(step: number): void {
    void reload(Math.max(0, offset + step * PAGE_SIZE));
  }

  async function reload(at = offset): Promise<void> {
    offset = at;
    const mine = ++seq; // typing fast: only the last answer is shown
    status.textContent = 'Loading…';
    try {
      const result = await crmApi.leads(ctx.token, query());
      if (mine !== seq) return;
      const first = result.total === 0 ? 0 : result.offset + 1;
      const last = result.offset + result.items.length;
      status.textContent =
        result.total === 0
          ? noMatch(answer.words(), otherFilters())
          : `${first}–${last} of ${result.total.toLocaleString('en-US')}${result.totalCapped ? '+' : ''} ${result.total === 1 ? 'lead' : 'leads'}, newest first`;
      replaceChildren(list, result.items.length ? leadsTable(result.items, ctx, (id) => tagNames.get(id) ?? id) : null);
      prev.disabled = result.offset === 0;
      next.disabled = last >= result.total;
    } catch (err) {
      if (mine !== seq) return;
      const message = failureMessage(ctx, err, 'Could not load the leads. Check the device is on, then try again.');
      if (message) status.textContent = message;
    }
  }

  async function loadChoices(): Promise<void> {
    try {
      fillChoices(await crmApi.settings(ctx.token));
    } catch {
      // The list works without these filters; the Settings tab says what is wrong.
    }
  }

  function fillChoices(settings: CrmSettings): void {
    stage.append(...settings.stages.map((s) => h('option', { value: s.id, title: s.definition }, s.name)));
    for (const category of settings.taxonomy) {
      for (const t of category.tags) tagNames.set(t.id, t.name);
      tag.append(
        h(
          'optgroup',
          { label: category.name },
          category.tags.map((t) => h('option', { value: t.id }, t.name)),
        ),
      );
    }
  }

  async function exportCsv(): Promise<void> {
    exportButton.disabled = true;
    exportStatus.textContent = 'Preparing the file…';
    try {
      const { blob, fileName } = await crmApi.exportCsv(ctx.token);
      saveFile(blob, fileName);
      exportStatus.textContent = `Saved as ${fileName}.`;
    } catch (err) {
      exportStatus.textContent = failureMessage(ctx, err, 'Could not export the contacts. Try again.') ?? '';
    } finally {
      exportButton.disabled = false;
    }
  }

  void loadChoices();
  void reload(0);
  return {
    el,
    refresh: () => void reload(),
    dispose: () => {
      window.clearTimeout(timer);
      answer.dispose();
    },
  };
}

/** What an empty list says: with an answer picked, which one, so staff see why nothing came back. */
function noMatch(answerWords: string | null, otherFilters: boolean): string {
  if (!answerWords) return 'No leads match.';
  return `No leads match: nobody answered ${answerWords}${otherFilters ? ' among the leads the other filters show' : ''}.`;
}

function leadsTable(items: ContactSummary[], ctx: StaffContext, tagName: (id: string) => string): HTMLElement {
  return h(
    'table',
    { class: 'contacts leads', id: 'leads' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Name', 'How to reach', 'Stage', 'Tags', 'Source', 'When'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      items.map((c) =>
        h(
          'tr',
          { 'data-contact-id': c.id, class: 'lead-row', onclick: () => ctx.openContact(c.id) },
          h(
            'td',
            { class: 'c-name' },
            h(
              'button',
              { type: 'button', class: 'link-button', onclick: (e: Event) => (e.stopPropagation(), ctx.openContact(c.id)) },
              c.name || 'No name given',
            ),
          ),
          h('td', { class: 'c-reach' }, reach(c, ctx)),
          h('td', { class: 'c-stage' }, stageChip(c.stage)),
          h(
            'td',
            { class: 'c-tags' },
            c.tags.map((t) => h('span', { class: 'tag', 'data-tag': t.id }, t.name)),
          ),
          h(
            'td',
            { class: 'c-source' },
            channelLabel(c.source.channel),
            c.source.campaign ? h('span', { class: 'campaign' }, ` · ${tagName(c.source.campaign)}`) : null,
          ),
          h('td', { class: 'c-when' }, when(c.createdAt)),
        ),
      ),
    ),
  );
}

function reach(c: ContactSummary, ctx: StaffContext): (HTMLElement | string)[] {
  // A phone or email the visitor never confirmed gets a small marker (the contact's page says it in full).
  const marked = (kind: 'phone' | 'email') => ctx.fields.some((f) => f.kind === kind && c.unconfirmed?.includes(f.id));
  const ways = (
    [
      [c.phone, 'phone'],
      [c.email, 'email'],
    ] as const
  ).filter((w): w is [string, 'phone' | 'email'] => !!w[0]);
  return ways.length
    ? ways.map(([w, kind]) =>
        h(
          'span',
          { class: 'reach' },
          w,
          marked(kind) ? h('span', { class: 'unconfirmed unconfirmed-small', 'data-unconfirmed': kind, title: UNCONFIRMED_TEXT }, 'not confirmed') : null,
        ),
      )
    : ['No phone or email'];
}
