/**
 * The staff screen: the PIN, then the tabs of ./staff/tabs.ts (Leads, Today, Dashboard, Settings, ...) and a
 * contact's page over the Leads tab. The token lives only in memory, so leaving the screen (or the idle timeout)
 * logs out.
 */
import { api } from '../lib/api.js';
import { h, replaceChildren } from '../lib/dom.js';
import type { AppContext, Screen } from './screen.js';
import { checkPin, pinPad, type PinPad } from './staff-pin.js';
import type { StaffContext, StaffView } from './staff/context.js';

/** The staff area, loaded after the PIN: the kiosk's visitors never download it. */
const loadStaffArea = () => Promise.all([import('./staff/tabs.js'), import('./staff/contact.js')]);
type StaffArea = Awaited<ReturnType<typeof loadStaffArea>>;

export function staffScreen(ctx: AppContext): Screen {
  let pad: PinPad | null = null;
  let views = new Map<string, StaffView>();
  let overlay: StaffView | null = null;
  const el = h('section', { class: 'screen screen-staff', 'data-screen': 'staff' });
  const back = () =>
    h('button', { type: 'button', class: 'btn btn-secondary', id: 'staff-back', onclick: () => ctx.go({ screen: 'attract' }) }, 'Back to kiosk');

  function disposeViews(): void {
    overlay?.dispose?.();
    overlay = null;
    for (const v of views.values()) v.dispose?.();
    views = new Map();
    for (const d of document.querySelectorAll('.dialog-backdrop')) d.remove();
  }

  function showPin(message: string | null = null): void {
    disposeViews();
    pad?.dispose();
    pad = pinPad((pin) => void login(pin));
    pad.setMessage(message);
    // The technician's way in: discreet, behind the staff door, with its own PIN.
    const diagnostics = h(
      'button',
      { type: 'button', class: 'btn btn-secondary', id: 'to-diagnostics', onclick: () => ctx.go({ screen: 'diagnostics' }) },
      'Technician',
    );
    replaceChildren(el, h('div', { class: 'staff-back' }, back()), h('div', { class: 'staff-tech' }, diagnostics), pad.el);
  }

  async function login(pin: string): Promise<void> {
    if (!pad) return;
    const token = await checkPin(pad, pin, api.staffLogin);
    if (!token || !pad) return; // wrong PIN (the pad says so), or the screen was left meanwhile
    let area: StaffArea;
    try {
      area = await loadStaffArea();
    } catch {
      pad.setMessage('Could not load the staff screens. Check the device is on, then try again.');
      pad.clear();
      pad.setBusy(false);
      return;
    }
    if (!pad) return;
    pad.dispose();
    pad = null;
    showShell(token, area);
  }

  function showShell(token: string, [{ STAFF_TABS }, { contactPage }]: StaffArea): void {
    const content = h('div', { class: 'staff-content', id: 'staff-content' });
    const notice = h('p', { class: 'staff-notice', role: 'status', id: 'staff-notice', hidden: true });
    const tabButtons = STAFF_TABS.map((tab) =>
      h(
        'button',
        { type: 'button', role: 'tab', class: 'staff-tab', id: `tab-${tab.id}`, 'data-tab': tab.id, 'aria-selected': 'false', onclick: () => show(tab.id) },
        tab.label,
      ),
    );
    let current = STAFF_TABS[0]!.id;

    const staff: StaffContext = {
      token,
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
      const tab = STAFF_TABS.find((t) => t.id === tabId) ?? STAFF_TABS[0]!;
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
      h(
        'header',
        { class: 'staff-header staff-top' },
        h('nav', { class: 'staff-tabs', role: 'tablist', 'aria-label': 'Staff' }, tabButtons),
        h('button', { type: 'button', class: 'btn btn-secondary', id: 'staff-logout', onclick: () => ctx.go({ screen: 'attract' }) }, 'Log out'),
      ),
      notice,
      content,
    );
    show(current);
  }

  showPin();
  return {
    el,
    dispose() {
      pad?.dispose();
      disposeViews();
    },
  };
}
