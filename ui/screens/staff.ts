/**
 * The staff screen: the PIN (or, on a new device, choosing it), then the daily tabs and the set-up screens of
 * ./staff/tabs.ts (ways around: ./staff/nav.ts) and a contact's page over the tab it was opened from. Each has its own
 * address (./staff/route.ts), so the browser's Back and a saved link work; a link to a screen opens it after the PIN.
 * The token lives only in memory, so leaving the screen (or the idle timeout) logs out.
 */
import { api } from '../lib/api.js';
import { h, replaceChildren } from '../lib/dom.js';
import type { AppContext, Screen } from './screen.js';
import { pinDoor } from './staff-pin.js';
import type { StaffMemberView } from '../../device/http/contract.js';
import type { StaffContext, StaffTab, StaffView } from './staff/context.js';
import { parseStaffHash, staffHash, type StaffRoute } from './staff/route.js';

/** The staff area, loaded after the PIN: the kiosk's visitors never download it. */
const loadStaffArea = () => Promise.all([import('./staff/tabs.js'), import('./staff/contact.js'), import('./staff/nav.js')]);
type StaffArea = Awaited<ReturnType<typeof loadStaffArea>>;

export function staffScreen(ctx: AppContext): Screen {
  let token: string | null = null;
  let views = new Map<string, StaffView>();
  let overlay: StaffView | null = null;
  /** Stops the shell's hashchange listener (set while the shell is up). */
  let stopListening = (): void => undefined;
  const el = h('section', { class: 'screen screen-staff', 'data-screen': 'staff' });
  const back = () =>
    h('button', { type: 'button', class: 'btn btn-secondary', id: 'staff-back', onclick: () => ctx.go({ screen: 'attract' }) }, 'Back to kiosk');
  // The technician's way in: discreet, behind the staff door, with its own PIN.
  const toDiagnostics = () =>
    h('button', { type: 'button', class: 'btn btn-secondary', id: 'to-diagnostics', onclick: () => ctx.go({ screen: 'diagnostics' }) }, 'Technician');

  function disposeViews(): void {
    stopListening();
    stopListening = () => undefined;
    overlay?.dispose?.();
    overlay = null;
    for (const v of views.values()) v.dispose?.();
    views = new Map();
    for (const d of document.querySelectorAll('.dialog-backdrop')) d.remove();
  }

  // The PIN (or, on a new device, choosing it); then the staff area.
  const door = pinDoor(
    { role: 'staff', title: 'Staff', id: 'staff-pin' },
    (pad) => {
      disposeViews();
      replaceChildren(el, h('div', { class: 'staff-back' }, back()), h('div', { class: 'staff-tech' }, toDiagnostics()), pad);
    },
    (session) => void enter(session),
  );

  async function enter(session: string): Promise<void> {
    token = session;
    let area: StaffArea;
    let member: StaffMemberView;
    try {
      [area, member] = await Promise.all([loadStaffArea(), api.staffMe(session)]);
    } catch {
      return showPin('Could not load the staff screens. Check the device is on, then try again.');
    }
    if (token === session) showShell(session, member, area);
  }

  function showPin(message: string | null = null): void {
    token = null;
    door.show(message);
  }

  function logout(): void {
    // The runtime revokes the token at once; the kiosk leaves either way.
    if (token) api.logout('staff', token).catch(() => undefined);
    token = null;
    ctx.go({ screen: 'attract' });
  }

  function showShell(
    token: string,
    member: StaffMemberView,
    [{ DAILY_TABS, SETUP_GROUPS, resetViewedMember }, { contactPage }, { staffNav }]: StaffArea,
  ): void {
    resetViewedMember(member);
    // Screens of changes the member may not make are not offered (the runtime refuses them all the same).
    const allowed = (t: StaffTab) => t.shownTo?.(member) ?? true;
    const daily = DAILY_TABS.filter(allowed);
    const groups = SETUP_GROUPS.map((g) => ({ ...g, entries: g.entries.filter((e) => allowed(e.tab)) })).filter((g) => g.entries.length > 0);
    const setupTabs = groups.flatMap((g) => g.entries.map((e) => e.tab));
    const tabs = [...daily, ...setupTabs];
    const content = h('div', { class: 'staff-content', id: 'staff-content' });
    const notice = h('p', { class: 'staff-notice', role: 'status', id: 'staff-notice', hidden: true });
    // Who is logged in, and the way out, at the end of the tab row.
    const account = h(
      'div',
      { class: 'staff-account' },
      h('span', { class: 'staff-who', id: 'staff-who' }, member.name),
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'staff-logout', onclick: logout }, 'Log out'),
    );
    const nav = staffNav({ daily, groups, account, go: (route, from) => navigate(route, 'push', from === 'card') });
    const body = h('div', { class: 'staff-body', id: 'staff-body' }, nav.menu, content);
    /** The tab shown, or the one a contact's page was opened over. */
    let current = daily[0]!.id;
    /** Set-up screens staff typed in: not reloaded when shown again, so nothing typed is lost by a look elsewhere. */
    const edited = new Set<string>();
    /** The notice to show once the browser is back from a contact's page (its Back button goes back in history). */
    let noticeAfterBack: string | null = null;

    const staff: StaffContext = {
      token,
      member,
      get fields() {
        return ctx.config.fields;
      },
      openContact: (id) => navigate({ kind: 'contact', id }),
      show: (tabId) => navigate({ kind: 'tab', id: tabId }),
      sessionEnded: () => showPin('Your session ended. Please enter the PIN again.'),
    };

    function say(message: string | null | undefined): void {
      notice.textContent = message ?? '';
      notice.hidden = !message;
    }

    /** Shows a route and writes it to the address bar: a new history entry ('push'), in place ('replace'), or not at all (the browser moved). */
    function navigate(route: StaffRoute, how: 'push' | 'replace' | 'none' = 'push', focusLink = false): void {
      const shown = render(route);
      const hash = staffHash(shown);
      if (location.hash !== hash) {
        if (how === 'push') history.pushState(shown.kind === 'contact' ? { staffContact: shown.id } : null, '', hash);
        else history.replaceState(null, '', hash);
      }
      // The card clicked went away with the set-up page: keep the keyboard's place on the screen's own link.
      if (focusLink && shown.kind === 'tab') nav.linkTo(shown.id)?.focus({ preventScroll: true });
      el.closest('.stage')?.scrollTo({ top: 0 });
    }

    /** Puts a route on the screen; returns the route shown (an unknown or closed tab shows the first one instead, saying why). */
    function render(route: StaffRoute): StaffRoute {
      overlay?.dispose?.();
      overlay = null;
      say(null);
      if (route.kind === 'contact') {
        overlay = contactPage(staff, route.id, closeContact, tabs.find((t) => t.id === current)?.label);
        replaceChildren(content, overlay.el);
        mark(current, false);
        return route;
      }
      if (route.kind === 'setup' && groups.length > 0) {
        mark('setup', true);
        replaceChildren(content, nav.setupPage);
        return route;
      }
      const wanted = route.kind === 'tab' ? route.id : daily[0]!.id;
      const tab = tabs.find((t) => t.id === wanted) ?? daily[0]!;
      current = tab.id;
      mark(tab.id, setupTabs.includes(tab));
      let view = views.get(tab.id);
      // A set-up screen staff typed in keeps what they typed when they come back (a reload would lose it unsaved);
      // after a save it already shows what was saved.
      if (view && !edited.has(tab.id) && !view.refresh) {
        // A screen that loads only when drawn is drawn again: what changed meanwhile shows, and a failed load is retried.
        view.dispose?.();
        views.delete(tab.id);
        view = undefined;
      }
      if (view) {
        if (!edited.has(tab.id)) view.refresh?.();
      } else {
        view = tab.render(staff);
        views.set(tab.id, view);
        if (setupTabs.includes(tab)) {
          const id = tab.id;
          for (const type of ['input', 'change']) view.el.addEventListener(type, () => edited.add(id));
        }
      }
      replaceChildren(content, view.el);
      const closed = route.kind === 'tab' && tab.id !== route.id ? closedTabLabel(route.id) : null;
      if (closed) say(`${closed} is not open to you (logged in as ${member.name}). Ask an owner or a manager.`);
      return { kind: 'tab', id: tab.id };
    }

    /** A set-up screen's name when it exists but is not offered to this member; null for an address that names none. */
    function closedTabLabel(id: string): string | null {
      const all = [...DAILY_TABS, ...SETUP_GROUPS.flatMap((g) => g.entries.map((e) => e.tab))];
      return all.find((t) => t.id === id)?.label ?? null;
    }

    function mark(where: string, inSetup: boolean): void {
      nav.mark(where);
      nav.menu.hidden = !inSetup || where === 'setup';
      body.dataset.area = where === 'setup' ? 'setup-page' : inSetup ? 'setup' : 'daily';
    }

    /** The contact page's Back: the browser goes back when it came here by a click (so Back and the button agree). */
    function closeContact(message?: string): void {
      const state = history.state as { staffContact?: string } | null;
      const route = parseStaffHash(location.hash);
      if (route?.kind === 'contact' && state?.staffContact === route.id) {
        noticeAfterBack = message ?? null;
        history.back();
        return;
      }
      navigate({ kind: 'tab', id: current }, 'replace');
      say(message);
    }

    // The browser's Back and Forward, and an address typed by hand.
    function onHashChange(): void {
      const route = parseStaffHash(location.hash);
      if (!route) return;
      if (route.kind === 'contact' && overlay && content.contains(overlay.el) && overlay.el.dataset.contactId === route.id) return;
      navigate(route, 'replace');
      say(noticeAfterBack);
      noticeAfterBack = null;
    }
    window.addEventListener('hashchange', onHashChange);
    stopListening = () => window.removeEventListener('hashchange', onHashChange);

    replaceChildren(el, nav.bar, notice, body);
    navigate(parseStaffHash(location.hash) ?? { kind: 'home' }, 'replace');
  }

  showPin();
  return {
    el,
    dispose() {
      door.dispose();
      disposeViews();
      if (token) api.logout('staff', token).catch(() => undefined);
      token = null;
    },
  };
}
