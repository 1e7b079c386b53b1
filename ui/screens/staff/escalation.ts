/**
 * Escalation, in plain words: when a message about a lead is not acknowledged in time, or a follow-up task is past
 * due, it is passed on to the next person (by role: e.g. the manager, then the owner). Checked by the runtime (each
 * refusal next to its input); effective at once for everything still waiting.
 */
import type { HandoffSettingsView, PersonItem } from '../../../device/http/contract.js';
import { handoffApi } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { failureMessage, type StaffContext, type StaffTab, type StaffView } from './context.js';
import { clearIssues, input, placeIssues, ROLE_WORDS, saveBar, saveHandoff, type Issue } from './handoff-form.js';
import { seesEveryone } from './member.js';

export const escalationTab: StaffTab = { id: 'escalation', label: 'Escalation', render: escalationView, shownTo: seesEveryone };

const ROLES_PLURAL: Record<string, string> = { owner: 'owners', manager: 'managers', sales: 'sales', 'front-desk': 'front desk' };

function escalationView(ctx: StaffContext): StaffView {
  let people: PersonItem[] = [];
  const status = h('p', { class: 'staff-status', role: 'status', id: 'escalation-status' }, 'Loading…');
  const form = h('div', { class: 'escalation-form', id: 'escalation-form' });
  const bar = saveBar('escalation', () => void save());
  const enabled = h('input', { type: 'checkbox', id: 'escalation-enabled', 'data-path': 'escalation.enabled' });
  const number = (path: string, id: string, label: string) =>
    input(path, '', { id, class: 'text-input inline-number', maxlength: 5, 'aria-label': label }, 'phone');
  const ack = number('escalation.ackMinutes', 'escalation-ack', 'Minutes to acknowledge a message');
  const overdue = number('escalation.overdueTaskMinutes', 'escalation-overdue', 'Minutes after a task is due');
  const steps = number('escalation.maxSteps', 'escalation-steps', 'Times to pass it on at most');
  const chain = h('div', { class: 'escalation-chain', 'data-path': 'escalation.chain' });
  const who = h('p', { class: 'settings-hint', id: 'escalation-who' });
  let order: string[] = [];

  const roleSelect = (value: string, i: number) => {
    const select = h(
      'select',
      { 'aria-label': `Person ${i + 1} in line`, 'data-path': `escalation.chain.${i}` },
      ...(i > 0 ? [h('option', { value: '' }, 'nobody else')] : []),
      ...Object.entries(ROLE_WORDS).map(([v, l]) => h('option', { value: v, selected: v === value }, `the ${l.toLowerCase()}`)),
    );
    select.onchange = () => {
      order = [...order.slice(0, i), ...(select.value ? [select.value] : [])];
      drawChain();
    };
    return select;
  };
  const drawChain = () => {
    const selects = order.map((r, i) => roleSelect(r, i));
    if (order.length < 4) selects.push(roleSelect('', order.length));
    replaceChildren(chain, ...selects.flatMap((s, i) => (i ? [' then ', s] : [s])));
    const names = (role: string) =>
      people
        .filter((p) => p.role === role)
        .map((p) => p.name)
        .join(', ') || 'nobody yet';
    who.textContent = order.map((r) => `${ROLES_PLURAL[r] ?? r}: ${names(r)}`).join(' · ');
  };

  replaceChildren(
    form,
    h('label', { class: 'settings-card escalation-on' }, enabled, ' Pass on what nobody acts on'),
    h(
      'div',
      { class: 'settings-card' },
      h('p', {}, 'If nobody acknowledges a message about a lead within ', ack, ' minutes, pass it on.'),
      h('p', {}, 'If a follow-up task is still not done ', overdue, ' minutes after it is due, pass it on.'),
    ),
    h(
      'div',
      { class: 'settings-card' },
      h('p', {}, 'Pass it on to '),
      chain,
      who,
      h('p', {}, 'A message held by someone not in this line goes to the first in line; after the last, it stays where it is.'),
    ),
    h('div', { class: 'settings-card' }, h('p', {}, 'Pass one message or task on at most ', steps, ' times.')),
  );

  const draw = (s: HandoffSettingsView) => {
    const e = s.escalation;
    enabled.checked = e.enabled;
    ack.value = String(e.ackMinutes);
    overdue.value = String(e.overdueTaskMinutes);
    steps.value = String(e.maxSteps);
    order = [...e.chain];
    drawChain();
  };

  async function load(): Promise<void> {
    try {
      const [s, p] = await Promise.all([handoffApi.settings(ctx.token), handoffApi.people(ctx.token)]);
      people = p.people;
      draw(s);
      status.textContent = 'Nothing waits forever: what nobody answers goes to the next person in line.';
    } catch (err) {
      const m = failureMessage(ctx, err, 'Could not load the escalation settings. Check the device is on, then open this screen again.');
      if (m) status.textContent = m;
    }
  }

  async function save(): Promise<void> {
    clearIssues(form);
    const wrong: Issue[] = [];
    const whole = (el: HTMLInputElement) => {
      const n = Number(el.value.trim());
      if (!el.value.trim() || !Number.isInteger(n)) wrong.push({ path: el.dataset.path!, message: 'Write a whole number of minutes, e.g. 10.' });
      return n;
    };
    const escalation = { enabled: enabled.checked, ackMinutes: whole(ack), overdueTaskMinutes: whole(overdue), maxSteps: whole(steps), chain: order };
    if (wrong.length) return placeIssues(form, wrong);
    const saved = await saveHandoff(ctx, form, bar, { escalation });
    if (saved) draw(saved);
  }

  const el = h('section', { class: 'staff-escalation' }, h('div', { class: 'staff-header' }, h('h2', {}, 'Escalation')), status, form, bar.el);
  void load();
  return { el, refresh: () => void load() };
}
