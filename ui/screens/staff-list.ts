/** Today's contacts as a table a receptionist can scan: who, how to reach them, why, when, and whether synced. */
import type { ContactView } from '../../device/http/contract.js';
import { h } from '../lib/dom.js';

const SYNC_LABEL: Record<ContactView['sync']['state'], string> = { pending: 'Pending', delivered: 'Delivered', rejected: 'Refused by the cloud' };

export function contactsTable(contacts: ContactView[]): HTMLElement {
  if (contacts.length === 0) return h('p', { class: 'contacts-empty' }, 'No contacts yet today.');
  const sorted = [...contacts].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return h(
    'table',
    { class: 'contacts', id: 'contacts' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Time', 'Name', 'Phone', 'Email', 'Reason', 'Sync'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      sorted.map((c) =>
        h(
          'tr',
          { 'data-contact-id': c.id },
          h('td', { class: 'c-time' }, formatTime(c.createdAt)),
          h('td', { class: 'c-name' }, c.name),
          h('td', { class: 'c-phone' }, c.phone ?? '—'),
          h('td', { class: 'c-email' }, c.email ?? '—'),
          h('td', { class: 'c-reason' }, c.reason ?? '—'),
          h('td', { class: `c-sync sync-${c.sync.state}`, 'data-sync': c.sync.state }, SYNC_LABEL[c.sync.state]),
        ),
      ),
    ),
  );
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
