/**
 * Who is logged in, and whose tasks and inbox the Tasks and Inbox tabs show: the session's member by default; an
 * owner or a manager may look at someone else's. Whatever is shown, a change is recorded as the session's member
 * (the runtime takes it from the session, never from the screen).
 */
import type { StaffMemberView } from '../../../device/http/contract.js';
import { handoffApi } from '../../lib/api.js';
import { h } from '../../lib/dom.js';
import type { StaffContext } from './context.js';

let viewed = '';

/** The member whose tasks and inbox are shown (the session's member unless another was picked). */
export function currentMember(): string {
  return viewed;
}

/** A new session starts with its own member's tasks and inbox. */
export function resetViewedMember(member: StaffMemberView): void {
  viewed = member.id;
}

/** Whether the logged-in member may see everyone's tasks and inboxes. */
export function seesEveryone(member: StaffMemberView): boolean {
  return member.role === 'owner' || member.role === 'manager';
}

/** "Showing: <name>" for owners and managers (a select of the active members); others see their own name. */
export function memberPicker(ctx: StaffContext, changed: (id: string) => void): HTMLElement {
  if (!seesEveryone(ctx.member)) return h('span', { class: 'handoff-member', id: 'handoff-member-name' }, ctx.member.name);
  const select = h('select', { id: 'handoff-member', 'aria-label': 'Showing' }, h('option', { value: ctx.member.id }, ctx.member.name));
  select.onchange = () => {
    viewed = select.value;
    changed(select.value);
  };
  void handoffApi
    .people(ctx.token)
    .then(({ people }) => {
      for (const p of people) if (p.id !== ctx.member.id) select.append(h('option', { value: p.id }, `${p.name}${p.onShift ? ' (working now)' : ''}`));
      select.value = currentMember() || ctx.member.id;
    })
    .catch(() => undefined);
  return h('label', { class: 'handoff-member' }, 'Showing ', select);
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
