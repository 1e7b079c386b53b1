/**
 * "Who am I" on the Tasks and Inbox tabs: staff pick their name once per session (the staff PIN is shared until
 * members have their own), and the choice is kept in sessionStorage.
 */
import { handoffApi } from '../../lib/api.js';
import { h } from '../../lib/dom.js';
import type { StaffContext } from './context.js';

const KEY = 'frontdesk.staff.member';

export function currentMember(): string {
  return sessionStorage.getItem(KEY) ?? '';
}

/** A select of the active members; calls `changed` when staff pick another. */
export function memberPicker(ctx: StaffContext, changed: (id: string) => void): HTMLElement {
  const select = h('select', { id: 'handoff-member', 'aria-label': 'I am' }, h('option', { value: '' }, 'Choose your name…'));
  select.onchange = () => {
    sessionStorage.setItem(KEY, select.value);
    changed(select.value);
  };
  void handoffApi
    .people(ctx.token)
    .then(({ people }) => {
      for (const p of people) select.append(h('option', { value: p.id }, `${p.name} (${p.role}${p.onShift ? ', on shift' : ''})`));
      select.value = currentMember();
    })
    .catch(() => undefined);
  return h('label', { class: 'handoff-member' }, 'I am ', select);
}

/** Opens the staff socket of live notifications; returns a closer. */
export function liveNotifications(token: string, onMessage: (data: unknown) => void): () => void {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/staff/handoff/events`);
  ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token }));
  ws.onmessage = (e: MessageEvent<string>) => {
    try {
      onMessage(JSON.parse(e.data));
    } catch {
      // a frame that is not JSON is not ours
    }
  };
  return () => ws.close();
}
