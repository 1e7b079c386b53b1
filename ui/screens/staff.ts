/**
 * The staff screen: the PIN (or, on a new device, choosing it), then the tabs of ./staff/tabs.ts (Leads, Today, Dashboard, Settings, ...) and a
 * contact's page over the Leads tab. The token lives only in memory, so leaving the screen (or the idle timeout)
 * logs out.
 */
import { api } from '../lib/api.js';
import { h, replaceChildren } from '../lib/dom.js';
import type { AppContext, Screen } from './screen.js';
import { pinDoor } from './staff-pin.js';
import type { StaffMemberView } from '../../device/http/contract.js';
import type { StaffContext, StaffView } from './staff/context.js';

/** The staff area, loaded after the PIN: the kiosk's visitors never download it. */
const loadStaffArea = () => Promise.all([import('./staff/tabs.js'), import('./staff/contact.js')]);
type StaffArea = Awaited<ReturnType<typeof loadStaffArea>>;

export function staffScreen(ctx: AppContext): Screen {
  let token: string | null = null;
  let views = new Map<string, StaffView>();
  let overlay: StaffView | null = null;
  const el = h('section', { class: 'screen screen-staff', 'data-screen': 'staff' });
  const back = () =>
    h('button', { type: 'button', class: 'btn btn-secondary', id: 'staff-back', onclick: () => ctx.go({ screen: 'attract' }) }, 'Back to kiosk');
  // The technician's way in: discreet, behind the staff door, with its own PIN.
  const toDiagnostics = () =>
    h('button', { type: 'button', class: 'btn btn-secondary', id: 'to-diagnostics', onclick: () => ctx.go({ screen: 'diagnostics' }) }, 'Technician');

  function disposeViews(): void {
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

  function showShell(token: string, member: StaffMemberView, [{ STAFF_TAB_GROUPS, resetViewedMember }, { contactPage }]: StaffArea): void {
    resetViewedMember(member);
    // Tabs of changes the member may not make are not offered (the runtime refuses them all the same).
    const groups = STAFF_TAB_GROUPS.map((g) => ({ ...g, tabs: g.tabs.filter((t) => t.shownTo?.(member) ?? true) })).filter((g) => g.tabs.length > 0);
    const tabs = groups.flatMap((g) => g.tabs);
    const content = h('div', { class: 'staff-content', id: 'staff-content' });
    const notice = h('p', { class: 'staff-notice', role: 'status', id: 'staff-notice', hidden: true });
    const tabButtons = tabs.map((tab) =>
      h(
        'button',
        { type: 'button', role: 'tab', class: 'staff-tab', id: `tab-${tab.id}`, 'data-tab': tab.id, 'aria-selected': 'false', onclick: () => show(tab.id) },
        tab.label,
      ),
    );
    const buttonOf = new Map(tabs.map((t, i) => [t.id, tabButtons[i]!]));
    // Who is logged in, and the way out, at the end of the first row: the tabs get the header's whole width.
    const account = h(
      'div',
      { class: 'staff-account' },
      h('span', { class: 'staff-who', id: 'staff-who' }, member.name),
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'staff-logout', onclick: logout }, 'Log out'),
    );
    const tabRows = groups.map((g, i) =>
      h(
        'div',
        { class: 'staff-tab-group' },
        h('span', { class: 'staff-tab-group-label', id: `tabs-${g.id}-label` }, g.label),
        h(
          'div',
          { class: 'staff-tab-row', id: `tabs-${g.id}`, role: 'tablist', 'aria-labelledby': `tabs-${g.id}-label` },
          ...g.tabs.map((t) => buttonOf.get(t.id)!),
        ),
        ...(i === 0 ? [account] : []),
      ),
    );
    let current = tabs[0]!.id;

    const staff: StaffContext = {
      token,
      member,
      get fields() {
        return ctx.config.fields;
      },
      openContact(id) {
        overlay?.dispose?.();
        overlay = contactPage(staff, id, (message) => closeContact(message));
        notice.hidden = true;
        replaceChildren(content, overlay.el);
        el.closest('.stage')?.scrollTo({ top: 0 });
      },
      show,
      sessionEnded: () => showPin('Your session ended. Please enter the PIN again.'),
    };

    function closeContact(message?: string): void {
      overlay?.dispose?.();
      overlay = null;
      show(current);
      notice.textContent = message ?? '';
      notice.hidden = !message;
    }

    function show(tabId: string): void {
      const tab = tabs.find((t) => t.id === tabId) ?? tabs[0]!;
      overlay?.dispose?.();
      overlay = null;
      notice.hidden = true;
      current = tab.id;
      for (const b of tabButtons) b.setAttribute('aria-selected', String(b.dataset.tab === tab.id));
      let view = views.get(tab.id);
      if (view) view.refresh?.();
      else {
        view = tab.render(staff);
        views.set(tab.id, view);
      }
      replaceChildren(content, view.el);
    }

    replaceChildren(
      el,
      h('header', { class: 'staff-header staff-top' }, h('nav', { class: 'staff-tabs', 'aria-label': 'Staff' }, ...tabRows)),
      notice,
      content,
    );
    show(current);
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
