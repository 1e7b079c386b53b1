/**
 * Rules: the handoff rules in force, in plain words and in order (each can be moved up or down or deleted), and a
 * form to add one without code — when (any trigger, with its field, tag, stage or score), if a field has a value and
 * consent was given and any number of further conditions (a tag, where they came from, a stage, a score at least N, a time
 * of day), then move to a stage, give it to someone, make a task, tell people. The runtime's one validator
 * (device/handoff/validate.ts) checks every save; its refusal is shown next to the rule it is about.
 */
import type { CrmSettings, HandoffSettingsView } from '../../../device/http/contract.js';
import { api, crmApi, handoffApi } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { failureMessage, type StaffContext, type StaffTab, type StaffView } from './context.js';
import { issuesOf, ROLE_WORDS } from './handoff-form.js';
import { memberPicker } from './member.js';
import { CHANNEL_WORDS, ruleWords, type RuleNames } from './rule-words.js';

export const rulesTab: StaffTab = { id: 'rules', label: 'Rules', render: rulesView };

type Rule = HandoffSettingsView['rules'][number];

const TRIGGERS: [string, string][] = [
  ['lead-stored', 'A lead is stored'],
  ['field-answered', 'The visitor answers a question'],
  ['tag-added', 'A tag is added'],
  ['stage-entered', 'A contact moves to a stage'],
  ['score-crosses', 'The score reaches a number'],
  ['person-requested', 'The visitor asks for a person'],
  ['visit-abandoned', 'A visitor walks away after giving a phone or email'],
];

const ROLES = Object.entries(ROLE_WORDS);

const CONDITION_KINDS: [string, string][] = [
  ['tag', 'They have a tag'],
  ['source', 'They came from'],
  ['stage', 'They are at the stage'],
  ['score', 'Their score is at least'],
  ['time-of-day', 'The time is between'],
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

const option = (value: string, label: string) => h('option', { value }, label);

function rulesView(ctx: StaffContext): StaffView {
  const status = h('p', { class: 'staff-status', role: 'status', id: 'rules-status' }, 'Loading…');
  const list = h('ol', { class: 'rules-list', id: 'rules-list' });
  const name = h('input', {
    type: 'text',
    inputmode: 'none',
    'data-keyboard': 'text',
    maxlength: 120,
    id: 'rule-name',
    'aria-label': 'Rule name',
    placeholder: 'e.g. Hair coloring to Maria',
  });
  const trigger = h('select', { id: 'rule-when', 'aria-label': 'When' }, ...TRIGGERS.map(([v, l]) => option(v, l)));
  const whenField = h('select', { id: 'rule-when-field', 'aria-label': 'Which question' }, option('', '(any question)'));
  const whenTag = h('select', { id: 'rule-when-tag', 'aria-label': 'Which tag' }, option('', '(any tag)'));
  const whenStage = h('select', { id: 'rule-when-stage', 'aria-label': 'Which stage' });
  const whenScore = h('input', { type: 'number', id: 'rule-when-score', 'aria-label': 'Score', value: '20', step: '1' });
  const whenParams: Record<string, HTMLElement> = {
    'field-answered': h('label', {}, 'Which question ', whenField),
    'tag-added': h('label', {}, 'Which tag ', whenTag),
    'stage-entered': h('label', {}, 'Which stage ', whenStage),
    'score-crosses': h('label', {}, 'Score reaches ', whenScore),
  };
  const field = h('select', { id: 'rule-field', 'aria-label': 'If field' }, option('', '(any answers)'));
  const value = h('select', { id: 'rule-value', 'aria-label': 'equals' });
  const consent = h('input', { type: 'checkbox', id: 'rule-consent', checked: true });
  // Any number of further conditions (tag, where they came from, stage, score, time of day), each a row of its own.
  const conditionRows = h('ul', { class: 'rule-conditions', id: 'rule-conditions' });
  const addCondition = h(
    'button',
    { type: 'button', class: 'btn', id: 'rule-add-condition', onclick: () => conditionRows.append(conditionRow()) },
    '+ Add a condition',
  );
  const stage = h('select', { id: 'rule-stage', 'aria-label': 'Move to stage' }, option('', '(leave the stage)'));
  const members = h('optgroup', { label: 'A named person' });
  const assign = h(
    'select',
    { id: 'rule-assign', 'aria-label': 'Give it to' },
    option('', '(nobody)'),
    members,
    h('optgroup', { label: 'Take turns in a team' }, ...ROLES.map(([r, w]) => option(`turns:${r}`, `Next person in ${w}`))),
    h('optgroup', { label: 'On shift' }, option('on-shift', 'Whoever is on shift')),
  );
  const taskTitle = h('input', {
    type: 'text',
    inputmode: 'none',
    'data-keyboard': 'text',
    maxlength: 200,
    id: 'rule-task',
    'aria-label': 'Task title',
    placeholder: 'Call back',
  });
  const taskDue = h('input', { type: 'number', id: 'rule-task-due', 'aria-label': 'Due in', value: '15', min: '0' });
  const taskUnit = h('select', { id: 'rule-task-unit', 'aria-label': 'Minutes or hours' }, option('minutes', 'minutes'), option('hours', 'hours'));
  const notify = h(
    'select',
    { id: 'rule-notify', 'aria-label': 'Tell' },
    option('on-shift', 'Everyone on shift'),
    option('owner', 'The person it is given to'),
    ...ROLES.map(([r, w]) => option(`role:${r}`, `Everyone in ${w}`)),
    option('', '(nobody)'),
  );
  // On the portrait screen the status sits far above the form: what came of saving a new rule shows by its button too.
  const formResult = h('p', { class: 'settings-result', role: 'status', id: 'rule-form-result' });
  let rules: Rule[] = [];
  const choices = new Map<string, { value: string; label: string }[]>();
  const campaigns = new Map<string, string>();
  const names: Record<keyof RuleNames, Map<string, string>> = { member: new Map(), stage: new Map(), field: new Map(), tag: new Map() };
  const namer: RuleNames = {
    member: (id) => names.member.get(id) ?? id,
    stage: (id) => names.stage.get(id) ?? id,
    field: (id) => names.field.get(id) ?? id,
    tag: (id) => names.tag.get(id) ?? id,
  };

  /** One extra condition: a kind, then only the input that kind needs, and a button to remove it. */
  const conditionRow = (): HTMLElement => {
    const kind = h('select', { class: 'cond-kind', 'aria-label': 'Condition' }, ...CONDITION_KINDS.map(([v, l]) => option(v, l)));
    const tag = h('select', { class: 'cond-tag', 'aria-label': 'Which tag' }, ...[...names.tag].map(([id, n]) => option(id, n)));
    const present = h('select', { class: 'cond-present', 'aria-label': 'Has or has not' }, option('yes', 'has'), option('no', 'does not have'));
    const source = h(
      'select',
      { class: 'cond-source', 'aria-label': 'Came from' },
      ...Object.entries(CHANNEL_WORDS).map(([id, w]) => option(id, w)),
      ...[...campaigns].map(([id, n]) => option(id, `the campaign "${n}"`)),
    );
    const stageOf = h('select', { class: 'cond-stage', 'aria-label': 'Which stage' }, ...[...names.stage].map(([id, n]) => option(id, n)));
    const score = h('input', { type: 'number', class: 'cond-score', 'aria-label': 'Score at least', value: '20', step: '1' });
    const from = h('input', { type: 'time', class: 'cond-from', 'aria-label': 'From', value: '09:00' });
    const to = h('input', { type: 'time', class: 'cond-to', 'aria-label': 'To', value: '17:00' });
    const parts: Record<string, HTMLElement> = {
      tag: h('span', {}, present, ' the tag ', tag),
      source: h('span', {}, source),
      stage: h('span', {}, stageOf),
      score: h('span', {}, score),
      'time-of-day': h('span', {}, from, ' and ', to),
    };
    const showPart = () => {
      for (const [k, part] of Object.entries(parts)) part.hidden = k !== kind.value;
    };
    kind.onchange = showPart;
    showPart();
    const row: HTMLElement & { condition?: () => unknown } = h(
      'li',
      { class: 'rule-condition' },
      kind,
      ...Object.values(parts),
      h('button', { type: 'button', class: 'btn cond-remove', 'aria-label': 'Remove this condition', onclick: () => row.remove() }, 'Remove'),
    );
    row.condition = () => {
      switch (kind.value) {
        case 'tag':
          return { kind: 'tag', tag: tag.value, present: present.value === 'yes' };
        case 'source':
          return { kind: 'source', source: source.value };
        case 'stage':
          return { kind: 'stage', stages: [stageOf.value] };
        case 'score':
          return { kind: 'score', min: Number(score.value) };
        default:
          return { kind: 'time-of-day', from: from.value, to: to.value };
      }
    };
    return row;
  };

  const showWhenParams = () => {
    for (const [on, el] of Object.entries(whenParams)) el.hidden = on !== trigger.value;
  };
  trigger.onchange = showWhenParams;
  showWhenParams();
  field.onchange = () => {
    replaceChildren(value, ...(choices.get(field.value) ?? []).map((c) => option(c.value, c.label)));
  };

  const ruleItem = (rule: Rule, i: number) => {
    const words = ruleWords(rule, namer);
    const move = (to: number) => {
      const next = [...rules];
      const [moved] = next.splice(i, 1);
      next.splice(to, 0, moved!);
      void saveList(next, `Moved "${rule.name}".`);
    };
    return h(
      'li',
      { class: 'rule', 'data-rule': rule.id },
      h('strong', { class: 'rule-name' }, rule.enabled ? rule.name : `${rule.name} (switched off)`),
      h('p', { class: 'rule-when' }, words.when),
      h('p', { class: 'rule-if' }, words.if),
      h('p', { class: 'rule-then' }, words.then),
      h(
        'div',
        { class: 'rule-buttons' },
        h('button', { type: 'button', class: 'btn rule-up', disabled: i === 0, onclick: () => move(i - 1) }, 'Move up'),
        h('button', { type: 'button', class: 'btn rule-down', disabled: i === rules.length - 1, onclick: () => move(i + 1) }, 'Move down'),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-danger rule-delete',
            onclick: () =>
              void saveList(
                rules.filter((_, j) => j !== i),
                `Deleted "${rule.name}".`,
              ),
          },
          'Delete',
        ),
      ),
    );
  };
  const show = () => {
    status.textContent = `${rules.length} ${rules.length === 1 ? 'rule' : 'rules'}, checked from the top`;
    replaceChildren(list, ...rules.map(ruleItem));
  };

  const load = async () => {
    try {
      const [settings, kiosk, people, crm] = await Promise.all([
        handoffApi.settings(ctx.token),
        api.kiosk(),
        handoffApi.people(ctx.token),
        crmApi.settings(ctx.token) as Promise<CrmSettings>,
      ]);
      rules = settings.rules;
      for (const f of kiosk.fields) {
        names.field.set(f.id, f.label ?? f.id);
        if (f.choices?.length) choices.set(f.id, f.choices);
      }
      for (const p of people.people) names.member.set(p.id, p.name);
      for (const s of crm.stages) names.stage.set(s.id, s.name);
      for (const c of crm.taxonomy) for (const t of c.tags) names.tag.set(t.id, t.name);
      for (const t of crm.taxonomy.find((c) => c.id === 'campaign')?.tags ?? []) campaigns.set(t.id, t.name);
      if (field.options.length === 1) for (const id of choices.keys()) field.append(option(id, namer.field(id)));
      if (whenField.options.length === 1) for (const f of kiosk.fields) whenField.append(option(f.id, namer.field(f.id)));
      if (whenTag.options.length === 1) for (const [id, n] of names.tag) whenTag.append(option(id, n));
      if (whenStage.options.length === 0) for (const [id, n] of names.stage) whenStage.append(option(id, n));
      if (stage.options.length === 1) for (const [id, n] of names.stage) stage.append(option(id, `Move to ${n}`));
      if (members.children.length === 0) for (const p of people.people) members.append(option(p.id, p.name));
      show();
    } catch (err) {
      const message = failureMessage(ctx, err, 'Could not load the rules.');
      if (message) status.textContent = message;
    }
  };

  /** Saves the whole ordered list; on a refusal shows each problem next to the rule it names (or in the status). */
  const saveList = async (next: Rule[] | unknown[], done: string): Promise<boolean> => {
    for (const e of el.querySelectorAll('.rule .field-error')) e.remove();
    try {
      rules = (await handoffApi.saveRules(ctx.token, next)).rules;
      show();
      status.textContent = done;
      return true;
    } catch (err) {
      const issues = issuesOf(err);
      const loose: string[] = [];
      for (const issue of issues) {
        const at = /^rules\.(\d+)/.exec(issue.path);
        const id = at ? (next[Number(at[1])] as { id?: string } | undefined)?.id : undefined;
        const item = id ? list.querySelector(`[data-rule="${CSS.escape(id)}"]`) : null;
        if (item) item.append(h('p', { class: 'field-error', role: 'alert' }, issue.message));
        else loose.push(issue.message);
      }
      const message = failureMessage(ctx, err, 'Not saved. Nothing was changed; try again.');
      if (message !== null) status.textContent = loose.length ? `Not saved: ${loose.join('; ')}` : issues.length ? 'Not saved: see the rule marked.' : message;
      return false;
    }
  };

  const save = async () => {
    const ruleName = name.value.trim();
    const when: Record<string, unknown> = { on: trigger.value };
    if (trigger.value === 'field-answered' && whenField.value) when.field = whenField.value;
    if (trigger.value === 'tag-added' && whenTag.value) when.tag = whenTag.value;
    if (trigger.value === 'stage-entered') when.stage = whenStage.value;
    if (trigger.value === 'score-crosses') when.score = Number(whenScore.value);
    const conditions: unknown[] = [];
    if (field.value && value.value) conditions.push({ kind: 'field', field: field.value, equals: value.value });
    if (consent.checked) conditions.push({ kind: 'consent' });
    for (const row of conditionRows.children) conditions.push((row as HTMLElement & { condition: () => unknown }).condition());
    const actions: unknown[] = [];
    if (stage.value) actions.push({ do: 'set-stage', stage: stage.value });
    if (assign.value === 'on-shift') actions.push({ do: 'assign', to: { kind: 'on-shift' } });
    else if (assign.value.startsWith('turns:')) actions.push({ do: 'assign', to: { kind: 'round-robin', role: assign.value.slice(6) } });
    else if (assign.value) actions.push({ do: 'assign', to: { kind: 'member', member: assign.value } });
    if (taskTitle.value.trim()) actions.push({ do: 'create-task', title: taskTitle.value.trim(), due: { [taskUnit.value]: Number(taskDue.value) } });
    if (notify.value.startsWith('role:')) actions.push({ do: 'notify', to: { kind: 'role', role: notify.value.slice(5) } });
    else if (notify.value) actions.push({ do: 'notify', to: { kind: notify.value } });
    let id = slug(ruleName);
    while (rules.some((r) => r.id === id)) id = `${id}-2`;
    const saved = await saveList([...rules, { id, name: ruleName, when, if: conditions, then: actions }], `Saved "${ruleName}".`);
    formResult.textContent = status.textContent;
    if (saved) {
      name.value = '';
      replaceChildren(conditionRows);
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
      ...Object.values(whenParams),
      h('label', {}, 'If ', field, ' is ', value),
      h('label', {}, consent, ' and consent was given'),
      h('div', { class: 'rule-more-conditions' }, h('span', {}, 'and also '), conditionRows, addCondition),
      h('label', {}, 'Stage ', stage),
      h('label', {}, 'Give it to ', assign),
      h('label', {}, 'Task ', taskTitle, ' due in ', taskDue, taskUnit),
      h('label', {}, 'Tell ', notify),
      h('button', { type: 'submit', class: 'btn', id: 'rule-save' }, 'Save rule'),
      formResult,
    ),
  );
  void load();
  return { el, refresh: () => void load() };
}
