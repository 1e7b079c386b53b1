/** Today: the day's visitors as the receptionist saw them come in, with a Refresh (the list before the CRM). */
import { api } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { contactsTable } from '../staff-list.js';
import { failureMessage, type StaffContext, type StaffTab, type StaffView } from './context.js';

export const todayTab: StaffTab = { id: 'today', label: 'Today', render: todayView };

function todayView(ctx: StaffContext): StaffView {
  const status = h('p', { class: 'staff-status', role: 'status' }, 'Loading…');
  const list = h('div', { class: 'contacts-wrap' });
  const load = async () => {
    status.textContent = 'Loading…';
    try {
      const contacts = await api.staffContacts(ctx.token);
      status.textContent = `${contacts.length} ${contacts.length === 1 ? 'contact' : 'contacts'} today`;
      replaceChildren(list, contactsTable(contacts));
    } catch (err) {
      const message = failureMessage(ctx, err, 'Could not load the contacts. Press Refresh to try again.');
      if (message) status.textContent = message;
    }
  };
  const el = h(
    'section',
    { class: 'staff-today' },
    h(
      'div',
      { class: 'staff-header' },
      h('h2', {}, "Today's contacts"),
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'staff-refresh', onclick: () => void load() }, 'Refresh'),
    ),
    status,
    list,
  );
  void load();
  return { el, refresh: () => void load() };
}
