/**
 * Rules: the handoff rules in force, in plain words and in order (each can be changed in place, moved up or down or deleted), and a
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
import { memberPicker, seesEveryone } from './member.js';
import { CHANNEL_WORDS, ifWords, ruleWords, thenWords, type RuleNames } from './rule-words.js';

export const rulesTab: StaffTab = { id: 'rules', label: 'Rules', render: rulesView, shownTo: seesEveryone };

type Rule = HandoffSettingsView['rules'][number];
type Condition = Rule['if'][number];
type Action = Rule['then'][number];

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
  const heading = h('h3', {}, 'Add a rule');
  const saveButton = h('button', { type: 'submit', class: 'btn', id: 'rule-save' }, 'Save rule');
  const cancelEdit = h('button', { type: 'button', class: 'btn', id: 'rule-cancel-edit', onclick: () => stopEditing() }, 'Cancel');
  cancelEdit.hidden = true;
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
  const conditionRow = (initial?: Condition): HTMLElement => {
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
      switch (kind.value as Condition['kind']) {
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
    if (!initial) return row;
    kind.value = initial.kind;
    showPart();
    if (initial.kind === 'tag') {
      tag.value = initial.tag;
      present.value = initial.present ? 'yes' : 'no';
    }
    if (initial.kind === 'source') source.value = initial.source;
    if (initial.kind === 'stage') stageOf.value = initial.stages[0] ?? '';
    if (initial.kind === 'score') score.value = String(initial.min ?? '');
    if (initial.kind === 'time-of-day') {
      from.value = initial.from;
      to.value = initial.to;
    }
    // What the row cannot show (a score at most, two stages, no consent…) is kept as it is, in words, still removable.
    return JSON.stringify(row.condition()) === JSON.stringify(initial) ? row : keptRow(initial);
  };
  const keptRow = (c: Condition): HTMLElement => {
    const row: HTMLElement & { condition?: () => unknown } = h(
      'li',
      { class: 'rule-condition rule-condition-kept' },
      h('span', {}, ifWords(c, namer)),
      h('button', { type: 'button', class: 'btn cond-remove', 'aria-label': 'Remove this condition', onclick: () => row.remove() }, 'Remove'),
    );
    row.condition = () => c;
    return row;
  };
  /** A choice the select has no option for (a named person to tell, a team on shift…): kept as it is, in words. */
  const keepChoice = (select: HTMLSelectElement, value: unknown, label: string) => {
    const v = `keep:${JSON.stringify(value)}`;
    select.append(h('option', { value: v, class: 'kept' }, label));
    select.value = v;
  };

  /** Which rule the form is changing (by id, so moving or deleting others meanwhile does not confuse it); null: adding. */
  let editing: string | null = null;
  const stopEditing = () => {
    editing = null;
    heading.textContent = 'Add a rule';
    saveButton.textContent = 'Save rule';
    cancelEdit.hidden = true;
    name.value = '';
    replaceChildren(conditionRows);
    for (const o of el.querySelectorAll('#rule-form option.kept')) o.remove();
  };
  const edit = (rule: Rule) => {
    stopEditing();
    editing = rule.id;
    heading.textContent = `Change "${rule.name}"`;
    saveButton.textContent = 'Save changes';
    cancelEdit.hidden = false;
    formResult.textContent = '';
    name.value = rule.name;
    const when = rule.when;
    trigger.value = when.on;
    showWhenParams();
    if (when.on === 'field-answered') whenField.value = when.field ?? '';
    if (when.on === 'tag-added') whenTag.value = when.tag ?? '';
    if (when.on === 'stage-entered') whenStage.value = when.stage;
    if (when.on === 'score-crosses') whenScore.value = String(when.score);
    consent.checked = false;
    field.value = '';
    field.onchange?.(new Event('change'));
    let fieldShown = false;
    for (const c of rule.if) {
      if (c.kind === 'consent' && c.given && !consent.checked) consent.checked = true;
      else if (c.kind === 'field' && c.equals !== undefined && !fieldShown && choices.has(c.field)) {
        field.value = c.field;
        field.onchange?.(new Event('change'));
        value.value = String(c.equals);
        if (value.value === String(c.equals)) fieldShown = true;
        else {
          field.value = '';
          conditionRows.append(keptRow(c));
        }
      } else conditionRows.append(conditionRow(c));
    }
    const first = <D extends Action['do']>(d: D) => rule.then.find((a): a is Extract<Action, { do: D }> => a.do === d);
    stage.value = first('set-stage')?.stage ?? '';
    const to = first('assign')?.to;
    const assignValue = !to ? '' : to.kind === 'member' ? to.member : to.kind === 'round-robin' ? `turns:${to.role}` : to.role ? '' : 'on-shift';
    assign.value = assignValue;
    if (to && assign.value !== assignValue) keepChoice(assign, to, thenWords({ do: 'assign', to }, namer));
    else if (to && to.kind === 'on-shift' && to.role) keepChoice(assign, to, thenWords({ do: 'assign', to }, namer));
    const task = first('create-task');
    taskTitle.value = task?.title ?? '';
    if (task) {
      const minutes = task.due.hours * 60 + task.due.minutes;
      const inHours = task.due.minutes === 0 && task.due.hours > 0;
      taskUnit.value = inHours ? 'hours' : 'minutes';
      taskDue.value = String(inHours ? task.due.hours : minutes);
    }
    const tell = first('notify')?.to;
    const notifyValue = !tell ? '' : tell.kind === 'role' ? `role:${tell.role}` : tell.kind === 'member' ? '-' : tell.kind;
    notify.value = notifyValue;
    if (tell && notify.value !== notifyValue) keepChoice(notify, tell, thenWords({ do: 'notify', to: tell }, namer));
    name.focus();
    el.querySelector('#rule-form')?.scrollIntoView({ block: 'start' });
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
        h('button', { type: 'button', class: 'btn rule-edit', onclick: () => edit(rule) }, 'Change'),
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
      const message = failureMessage(ctx, err, 'Could not load the rules. Check the device is on, then open this screen again.');
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
    if (assign.value.startsWith('keep:')) actions.push({ do: 'assign', to: JSON.parse(assign.value.slice(5)) as unknown });
    else if (assign.value === 'on-shift') actions.push({ do: 'assign', to: { kind: 'on-shift' } });
    else if (assign.value.startsWith('turns:')) actions.push({ do: 'assign', to: { kind: 'round-robin', role: assign.value.slice(6) } });
    else if (assign.value) actions.push({ do: 'assign', to: { kind: 'member', member: assign.value } });
    if (taskTitle.value.trim()) actions.push({ do: 'create-task', title: taskTitle.value.trim(), due: { [taskUnit.value]: Number(taskDue.value) } });
    if (notify.value.startsWith('keep:')) actions.push({ do: 'notify', to: JSON.parse(notify.value.slice(5)) as unknown });
    else if (notify.value.startsWith('role:')) actions.push({ do: 'notify', to: { kind: 'role', role: notify.value.slice(5) } });
    else if (notify.value) actions.push({ do: 'notify', to: { kind: notify.value } });
    const at = rules.findIndex((r) => r.id === editing);
    const old = rules[at];
    let saved: boolean;
    if (old) {
      // A change keeps the rule's id, on/off and place, and whatever of its actions the form does not show
      // (a message, when to escalate, whom a task is for, a second action of a kind).
      const merged = actions.map((a) => {
        const was = old.then.find((o) => o.do === (a as Action).do);
        if (!was) return a;
        const due = (a as { due?: object }).due;
        return { ...was, ...(a as object), ...(due && was.do === 'create-task' ? { due: { ...was.due, minutes: 0, hours: 0, ...due } } : {}) };
      });
      const seen = new Set<string>();
      const rest = old.then.filter((o) => (seen.has(o.do) ? true : (seen.add(o.do), false)));
      const rule = { id: old.id, name: ruleName, enabled: old.enabled, when, if: conditions, then: [...merged, ...rest] };
      saved = await saveList(
        rules.map((r, j) => (j === at ? rule : r)),
        `Saved "${ruleName}".`,
      );
    } else {
      let id = slug(ruleName);
      while (rules.some((r) => r.id === id)) id = `${id}-2`;
      saved = await saveList([...rules, { id, name: ruleName, when, if: conditions, then: actions }], `Saved "${ruleName}".`);
    }
    formResult.textContent = status.textContent;
    if (saved) stopEditing();
  };

  const el: HTMLElement = h(
    'section',
    { class: 'staff-rules' },
    h(
      'div',
      { class: 'staff-header' },
      h('h2', {}, 'Follow-up rules'),
      memberPicker(ctx, () => undefined),
    ),
    status,
    list,
    h(
      'form',
      { class: 'rule-form', id: 'rule-form', onsubmit: (e: Event) => (e.preventDefault(), void save()) },
      heading,
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
      saveButton,
      cancelEdit,
      formResult,
    ),
  );
  void load();
  return { el, refresh: () => void load() };
}
