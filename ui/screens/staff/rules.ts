/**
 * Rules: the handoff rules in force, and a form to add one without code — when a lead is stored (or another
 * trigger), if a field has a value and consent was given, then assign a member, create a task due in N minutes,
 * notify the owner. The server checks the rule (unknown member, field, stage; nobody to assign) and says why.
 */
import { api, handoffApi } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { failureMessage, type StaffContext, type StaffTab, type StaffView } from './context.js';
import { memberPicker } from './member.js';

export const rulesTab: StaffTab = { id: 'rules', label: 'Rules', render: rulesView };

interface RuleShape {
  id: string;
  name: string;
  when: { on: string };
  then: { do: string }[];
}

const TRIGGERS: [string, string][] = [
  ['lead-stored', 'A lead is stored'],
  ['person-requested', 'The visitor asks for a person'],
  ['visit-abandoned', 'A visitor walks away after giving a phone or email'],
];

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'rule'
  );
}

function rulesView(ctx: StaffContext): StaffView {
  const status = h('p', { class: 'staff-status', role: 'status', id: 'rules-status' }, 'Loading…');
  const list = h('ul', { class: 'rules-list', id: 'rules-list' });
  const name = h('input', { type: 'text', id: 'rule-name', 'aria-label': 'Rule name', placeholder: 'e.g. Hair coloring to Maria' });
  const trigger = h('select', { id: 'rule-when', 'aria-label': 'When' }, ...TRIGGERS.map(([v, l]) => h('option', { value: v }, l)));
  const field = h('select', { id: 'rule-field', 'aria-label': 'If field' }, h('option', { value: '' }, '(any answers)'));
  const value = h('select', { id: 'rule-value', 'aria-label': 'equals' });
  const consent = h('input', { type: 'checkbox', id: 'rule-consent', checked: true });
  const assign = h('select', { id: 'rule-assign', 'aria-label': 'Assign to' }, h('option', { value: '' }, '(nobody)'));
  const taskTitle = h('input', { type: 'text', id: 'rule-task', 'aria-label': 'Task title', placeholder: 'Call back' });
  const taskMinutes = h('input', { type: 'number', id: 'rule-task-minutes', 'aria-label': 'Due in minutes', value: '15', min: '1' });
  const notify = h('input', { type: 'checkbox', id: 'rule-notify', checked: true });
  let rules: RuleShape[] = [];
  const choices = new Map<string, { value: string; label: string }[]>();

  field.onchange = () => {
    replaceChildren(value, ...(choices.get(field.value) ?? []).map((c) => h('option', { value: c.value }, c.label)));
  };
  const load = async () => {
    try {
      const [settings, kiosk, people] = await Promise.all([handoffApi.settings(ctx.token), api.kiosk(), handoffApi.people(ctx.token)]);
      rules = settings.rules as RuleShape[];
      for (const f of kiosk.fields) if (f.choices?.length) choices.set(f.id, f.choices);
      if (field.options.length === 1)
        for (const id of choices.keys()) field.append(h('option', { value: id }, kiosk.fields.find((f) => f.id === id)?.label ?? id));
      if (assign.options.length === 1) for (const p of people.people) assign.append(h('option', { value: p.id }, p.name));
      status.textContent = `${rules.length} ${rules.length === 1 ? 'rule' : 'rules'}`;
      replaceChildren(
        list,
        ...rules.map((r) => h('li', { class: 'rule', 'data-rule': r.id }, `${r.name} — when ${r.when.on}: ${r.then.map((a) => a.do).join(', ')}`)),
      );
    } catch (err) {
      const message = failureMessage(ctx, err, 'Could not load the rules.');
      if (message) status.textContent = message;
    }
  };
  const save = async () => {
    const ruleName = name.value.trim();
    const conditions: unknown[] = [];
    if (field.value && value.value) conditions.push({ kind: 'field', field: field.value, equals: value.value });
    if (consent.checked) conditions.push({ kind: 'consent' });
    const actions: unknown[] = [];
    if (assign.value) actions.push({ do: 'assign', to: { kind: 'member', member: assign.value } });
    if (taskTitle.value.trim()) actions.push({ do: 'create-task', title: taskTitle.value.trim(), due: { minutes: Number(taskMinutes.value) } });
    if (notify.checked) actions.push({ do: 'notify', to: assign.value ? { kind: 'owner' } : { kind: 'on-shift' } });
    let id = slug(ruleName);
    while (rules.some((r) => r.id === id)) id = `${id}-2`;
    const rule = { id, name: ruleName, when: { on: trigger.value }, if: conditions, then: actions };
    try {
      await handoffApi.saveRules(ctx.token, [...rules, rule]);
      status.textContent = `Saved "${ruleName}".`;
      name.value = '';
      await load();
      status.textContent = `Saved "${ruleName}". ${rules.length} rules.`;
    } catch (err) {
      const message = failureMessage(ctx, err, 'The rule was not saved.');
      if (message) status.textContent = message;
    }
  };
  const el = h(
    'section',
    { class: 'staff-rules' },
    h(
      'div',
      { class: 'staff-header' },
      h('h2', {}, 'Handoff rules'),
      memberPicker(ctx, () => undefined),
    ),
    status,
    list,
    h(
      'form',
      { class: 'rule-form', id: 'rule-form', onsubmit: (e: Event) => (e.preventDefault(), void save()) },
      h('h3', {}, 'Add a rule'),
      h('label', {}, 'Name ', name),
      h('label', {}, 'When ', trigger),
      h('label', {}, 'If ', field, ' is ', value),
      h('label', {}, consent, ' and consent was given'),
      h('label', {}, 'Assign to ', assign),
      h('label', {}, 'Task ', taskTitle, ' due in ', taskMinutes, ' minutes'),
      h('label', {}, notify, ' Notify them'),
      h('button', { type: 'submit', class: 'btn', id: 'rule-save' }, 'Save rule'),
    ),
  );
  void load();
  return { el, refresh: () => void load() };
}
