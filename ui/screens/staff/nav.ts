/**
 * The staff screen's ways around: one row of the day's work (Leads, Today, Tasks, Inbox, Dashboard) and a "Set up"
 * entry; the set-up page (every set-up screen in its group, with a line on what it is for); and the set-up menu beside
 * each set-up screen (below the tab row on a narrow screen), so every set-up screen is one tap from any other.
 * Every way is a link to the screen's own address (./route.ts): the browser's Back, a saved link and "open in a new
 * tab" work. The one in view is marked aria-current.
 */
import { h } from '../../lib/dom.js';
import type { StaffTab } from './context.js';
import { staffHash, type StaffRoute } from './route.js';
import type { SetupGroup } from './tabs.js';

export interface StaffNav {
  /** The top bar: the daily tabs, "Set up", and `account` at the end. */
  readonly bar: HTMLElement;
  /** The set-up screens grouped, shown beside (or above) a set-up screen. */
  readonly menu: HTMLElement;
  /** The set-up page: the same screens as cards, each with what it is for. */
  readonly setupPage: HTMLElement;
  /** Marks where staff are: a tab's id, or 'setup' for the set-up page. */
  mark(where: string): void;
  /** The link to `where` in the bar or the menu (for focus after the page under the pointer went away). */
  linkTo(where: string): HTMLElement | undefined;
}

export interface StaffNavOptions {
  daily: readonly StaffTab[];
  /** Only the groups and screens the member may open. */
  groups: readonly SetupGroup[];
  account: HTMLElement;
  /** Called on a plain click (a click with a modifier key is left to the browser: a new tab or window). */
  go(route: StaffRoute, from: 'bar' | 'menu' | 'card'): void;
}

export function staffNav({ daily, groups, account, go }: StaffNavOptions): StaffNav {
  const link = (route: StaffRoute, from: 'bar' | 'menu' | 'card', props: Record<string, string>, ...children: (Node | string)[]) =>
    h(
      'a',
      {
        ...props,
        href: staffHash(route),
        onclick: (e: Event) => {
          const m = e as MouseEvent;
          if (m.button !== 0 || m.ctrlKey || m.metaKey || m.shiftKey || m.altKey) return;
          e.preventDefault();
          go(route, from);
        },
      },
      ...children,
    );
  const tabLink = (tab: StaffTab, from: 'bar' | 'menu', extra = '') =>
    link({ kind: 'tab', id: tab.id }, from, { class: `staff-tab${extra}`, id: `tab-${tab.id}`, 'data-tab': tab.id }, tab.label);

  const dailyLinks = daily.map((t) => tabLink(t, 'bar'));
  const setupEntry = groups.length
    ? link({ kind: 'setup' }, 'bar', { class: 'staff-tab staff-tab-setup', id: 'tab-setup', 'data-tab': 'setup' }, 'Set up')
    : null;
  const bar = h(
    'header',
    { class: 'staff-header staff-top' },
    h('nav', { class: 'staff-tabs', id: 'staff-tabs', 'aria-label': 'Staff screens' }, ...dailyLinks, setupEntry),
    account,
  );

  const menuLinks = new Map<string, HTMLElement>();
  const menu = h(
    'nav',
    { class: 'setup-menu', id: 'setup-menu', 'aria-label': 'Set-up screens', hidden: true },
    ...groups.map((g) =>
      h(
        'div',
        { class: 'setup-menu-group', 'data-group': g.id },
        // A group of one screen of the same name ("Settings") needs no heading: its link says it.
        sameName(g) ? null : h('h2', { class: 'setup-menu-label', id: `setup-menu-${g.id}` }, g.label),
        h(
          'ul',
          { class: 'setup-menu-list', ...(sameName(g) ? { 'aria-label': g.label } : { 'aria-labelledby': `setup-menu-${g.id}` }) },
          ...g.entries.map((e) => {
            const a = tabLink(e.tab, 'menu', ' setup-link');
            menuLinks.set(e.tab.id, a);
            return h('li', {}, a);
          }),
        ),
      ),
    ),
  );

  const setupPage = h(
    'section',
    { class: 'setup-page', id: 'setup-page', 'aria-labelledby': 'setup-title' },
    h('h2', { id: 'setup-title', tabindex: '-1' }, 'Set up'),
    h('p', { class: 'settings-hint' }, 'Choose what to change. Each screen saves on its own; visitors hear a change from their next visit.'),
    h(
      'div',
      { class: 'setup-groups' },
      ...groups.map((g) =>
        h(
          'section',
          { class: 'setup-group', 'data-group': g.id, 'aria-labelledby': `setup-group-${g.id}` },
          h('h3', { id: `setup-group-${g.id}` }, g.label),
          h(
            'ul',
            { class: 'setup-cards' },
            ...g.entries.map((e) =>
              h(
                'li',
                {},
                link(
                  { kind: 'tab', id: e.tab.id },
                  'card',
                  { class: 'setup-card', 'data-setup-card': e.tab.id },
                  h('span', { class: 'setup-card-title' }, e.tab.label),
                  h('span', { class: 'setup-card-hint' }, e.hint),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );

  const dailyIds = new Set(daily.map((t) => t.id));
  return {
    bar,
    menu,
    setupPage,
    mark(where) {
      for (const a of dailyLinks) setCurrent(a, a.dataset.tab === where ? 'page' : null);
      for (const [id, a] of menuLinks) setCurrent(a, id === where ? 'page' : null);
      // "Set up" stays marked on every set-up screen: staff see which part they are in.
      if (setupEntry) setCurrent(setupEntry, where === 'setup' ? 'page' : !dailyIds.has(where) && menuLinks.has(where) ? 'true' : null);
    },
    linkTo(where) {
      return where === 'setup' ? (setupEntry ?? undefined) : (menuLinks.get(where) ?? dailyLinks.find((a) => a.dataset.tab === where));
    },
  };
}

function sameName(g: SetupGroup): boolean {
  return g.entries.length === 1 && g.entries[0]!.tab.label === g.label;
}

function setCurrent(el: HTMLElement, value: 'page' | 'true' | null): void {
  if (value) el.setAttribute('aria-current', value);
  else el.removeAttribute('aria-current');
}
