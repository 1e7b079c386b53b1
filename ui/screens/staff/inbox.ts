/** Inbox: notifications for me, arriving live (with a badge and an alert), to acknowledge before they escalate. */
import type { NotificationItem, UiEvent } from '../../../device/http/contract.js';
import { handoffApi } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { failureMessage, type StaffContext, type StaffTab, type StaffView } from './context.js';
import { currentMember, liveNotifications, memberPicker } from './member.js';

export const inboxTab: StaffTab = { id: 'inbox', label: 'Inbox', render: inboxView };

function inboxView(ctx: StaffContext): StaffView {
  const status = h('p', { class: 'staff-status', role: 'status' }, 'Loading…');
  const alert = h('p', { class: 'inbox-alert', id: 'inbox-alert', role: 'alert', hidden: true });
  const badge = h('span', { class: 'badge', id: 'inbox-badge' }, '0');
  const list = h('ul', { class: 'inbox-list', id: 'inbox-list' });
  const load = async () => {
    const me = currentMember();
    if (!me) {
      status.textContent = 'Choose whose notifications to show.';
      replaceChildren(list);
      return;
    }
    try {
      const { notifications } = await handoffApi.inbox(ctx.token, me);
      const unread = notifications.filter((n) => !n.acknowledgedAt && n.holders.includes(me));
      badge.textContent = String(unread.length);
      status.textContent = `${unread.length} to acknowledge`;
      replaceChildren(list, ...notifications.map((n) => row(n, me)));
    } catch (err) {
      const message = failureMessage(ctx, err, 'Could not load the inbox. Check the device is on, then open this screen again.');
      if (message) status.textContent = message;
    }
  };
  const row = (n: NotificationItem, me: string): HTMLElement =>
    h(
      'li',
      { class: `notification${n.acknowledgedAt ? ' read' : ''}`, 'data-notification': n.id },
      // A visitor's person request that belongs to no contact yet (before consent) has no contact to open.
      n.contactId
        ? h('button', { type: 'button', class: 'link', onclick: () => ctx.openContact(n.contactId) }, n.message)
        : h('span', { class: 'notification-text' }, n.message),
      h('span', { class: 'notification-meta' }, ` · ${new Date(n.sentAt).toLocaleTimeString()}${n.escalations.length ? ' · escalated' : ''}`),
      n.acknowledgedAt
        ? h('span', { class: 'notification-ack' }, ` · acknowledged by ${n.acknowledgedBy?.name ?? '?'}`)
        : n.holders.includes(me) && me === ctx.member.id
          ? h(
              'button',
              {
                type: 'button',
                class: 'btn notification-ack-btn',
                onclick: () =>
                  void handoffApi
                    .acknowledgeNotification(ctx.token, n.id)
                    .then(load)
                    .catch((err: unknown) => {
                      const message = failureMessage(ctx, err, 'Could not acknowledge it. Try again in a moment.');
                      if (message) status.textContent = message;
                    }),
              },
              'Acknowledge',
            )
          : null,
    );
  const stop = liveNotifications(ctx.token, (data) => {
    const e = data as UiEvent;
    if (e.type !== 'notification' || !e.notification.holders.includes(currentMember())) return;
    alert.textContent = `${e.notification.escalated ? 'Escalated: ' : 'New: '}${e.notification.message}`;
    alert.hidden = false;
    void load();
  });
  const el = h(
    'section',
    { class: 'staff-inbox' },
    h(
      'div',
      { class: 'staff-header' },
      h('h2', {}, 'Inbox ', badge),
      memberPicker(ctx, () => void load()),
    ),
    alert,
    status,
    list,
  );
  void load();
  return { el, refresh: () => void load(), dispose: stop };
}
