/**
 * The staff screen: PIN, then today's contacts with refresh and log out, and the voice settings (with the wake word
 * models' licence). The token lives only in memory, so leaving the screen (or the idle timeout) logs out.
 */
import { api, ApiCallError } from '../lib/api.js';
import { h, replaceChildren } from '../lib/dom.js';
import type { AppContext, Screen } from './screen.js';
import { contactsTable } from './staff-list.js';
import { checkPin, pinPad, type PinPad } from './staff-pin.js';
import { intakeEditor } from './staff-intake.js';
import { voiceSection } from './staff-voice.js';

export function staffScreen(ctx: AppContext): Screen {
  let token: string | null = null;
  let pad: PinPad | null = null;
  const el = h('section', { class: 'screen screen-staff', 'data-screen': 'staff' });
  const back = () =>
    h('button', { type: 'button', class: 'btn btn-secondary', id: 'staff-back', onclick: () => ctx.go({ screen: 'attract' }) }, 'Back to kiosk');

  function showPin(message: string | null = null): void {
    token = null;
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
    const session = await checkPin(pad, pin, api.staffLogin);
    if (!session || !pad) return; // wrong PIN (the pad says so), or the screen was left meanwhile
    token = session;
    pad.dispose();
    pad = null;
    await showContacts();
  }

  async function showContacts(): Promise<void> {
    if (!token) return showPin();
    const status = h('p', { class: 'staff-status', role: 'status' }, 'Loading…');
    const list = h('div', { class: 'contacts-wrap' });
    const voice = h('div', { class: 'staff-settings' });
    const editor = h('div', { class: 'staff-intake' });
    const session = token;
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
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-secondary',
              id: 'staff-intake',
              onclick: () =>
                replaceChildren(
                  editor,
                  intakeEditor(session, () => showPin('Your session ended. Please enter the PIN again.')),
                ),
            },
            'Intake form',
          ),
          h('button', { type: 'button', class: 'btn btn-secondary', id: 'staff-logout', onclick: () => ctx.go({ screen: 'attract' }) }, 'Log out'),
        ),
      ),
      status,
      list,
      editor,
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
      pad?.dispose();
      token = null;
    },
  };
}
