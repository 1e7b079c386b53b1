/**
 * The staff screen: PIN (or, on a new device, choosing it), then today's contacts with refresh and log out, and the voice settings (with the wake word
 * models' licence). The token lives only in memory, so leaving the screen (or the idle timeout) logs out.
 */
import { api, ApiCallError } from '../lib/api.js';
import { h, replaceChildren } from '../lib/dom.js';
import type { AppContext, Screen } from './screen.js';
import { contactsTable } from './staff-list.js';
import { pinDoor } from './staff-pin.js';
import { voiceSection } from './staff-voice.js';

export function staffScreen(ctx: AppContext): Screen {
  let token: string | null = null;
  const el = h('section', { class: 'screen screen-staff', 'data-screen': 'staff' });
  const back = () =>
    h('button', { type: 'button', class: 'btn btn-secondary', id: 'staff-back', onclick: () => ctx.go({ screen: 'attract' }) }, 'Back to kiosk');

  // The technician's way in: discreet, behind the staff door, with its own PIN.
  const toDiagnostics = () =>
    h('button', { type: 'button', class: 'btn btn-secondary', id: 'to-diagnostics', onclick: () => ctx.go({ screen: 'diagnostics' }) }, 'Technician');
  const door = pinDoor(
    { role: 'staff', title: 'Staff', id: 'staff-pin' },
    (pad) => replaceChildren(el, h('div', { class: 'staff-back' }, back()), h('div', { class: 'staff-tech' }, toDiagnostics()), pad),
    (session) => {
      token = session;
      void showContacts();
    },
  );

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

  async function showContacts(): Promise<void> {
    if (!token) return showPin();
    const status = h('p', { class: 'staff-status', role: 'status' }, 'Loading…');
    const list = h('div', { class: 'contacts-wrap' });
    const voice = h('div', { class: 'staff-settings' });
    replaceChildren(
      el,
      h(
        'header',
        { class: 'staff-header' },
        h('h1', {}, "Today's contacts"),
        h(
          'div',
          { class: 'staff-actions' },
          h('button', { type: 'button', class: 'btn btn-secondary', id: 'staff-refresh', onclick: () => void showContacts() }, 'Refresh'),
          h('button', { type: 'button', class: 'btn btn-secondary', id: 'staff-logout', onclick: logout }, 'Log out'),
        ),
      ),
      status,
      list,
      voice,
    );
    // Settings are secondary: if they fail to load, the contacts still show.
    api.staffSettings(token).then(
      (settings) => replaceChildren(voice, voiceSection(settings.voice)),
      () => undefined,
    );
    try {
      const contacts = await api.staffContacts(token);
      status.textContent = `${contacts.length} ${contacts.length === 1 ? 'contact' : 'contacts'} today`;
      replaceChildren(list, contactsTable(contacts));
    } catch (err) {
      if (err instanceof ApiCallError && err.status === 401) return showPin('Your session ended. Please enter the PIN again.');
      status.textContent = 'Could not load the contacts. Press Refresh to try again.';
    }
  }

  showPin();
  return {
    el,
    dispose() {
      door.dispose();
      if (token) api.logout('staff', token).catch(() => undefined);
      token = null;
    },
  };
}
