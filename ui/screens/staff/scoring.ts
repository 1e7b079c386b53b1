/**
 * Scoring: the rules that give a lead points, each with what it means in plain words ("Adds 10 points when the
 * visitor gave their phone number"). Staff change the points or the words, remove a rule, or add one by picking
 * what earns the points. The runtime checks every rule (unknown answer, choice, tag, stage) and each refusal shows
 * next to its rule; the score of every lead follows at once.
 */
import type { CrmSettings, HandoffSettingsView, ScoringRuleView } from '../../../device/http/contract.js';
import { crmApi, handoffApi } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { failureMessage, type StaffContext, type StaffTab, type StaffView } from './context.js';
import { clearIssues, field, input, placeIssues, saveBar, saveHandoff, type Issue } from './handoff-form.js';
import { seesEveryone } from './member.js';

export const scoringTab: StaffTab = { id: 'scoring', label: 'Scoring', render: scoringView, shownTo: seesEveryone };

type When = ScoringRuleView['when'];

const KINDS: [When['kind'], string][] = [
  ['field-present', 'the visitor answered'],
  ['choice', 'the visitor chose'],
  ['field-equals', 'an answer is exactly'],
  ['tag', 'the lead has the tag'],
  ['source', 'the lead came from'],
  ['stage', 'the lead is at the stage'],
  ['returning', 'the visitor came back'],
];
const SOURCES: [string, string][] = [
  ['kiosk-voice', 'the robot, by voice'],
  ['kiosk-touch', 'the robot, by touch'],
];

function scoringView(ctx: StaffContext): StaffView {
  let rules: ScoringRuleView[] = [];
  let crm: CrmSettings | null = null;
  const status = h('p', { class: 'staff-status', role: 'status', id: 'scoring-status' }, 'Loading…');
  const list = h('div', { class: 'scoring-list', id: 'scoring-list' });
  const bar = saveBar('scoring', () => void save());

  const fieldName = (id: string) => ctx.fields.find((f) => f.id === id)?.label ?? id;
  const choiceName = (fid: string, v: unknown) => ctx.fields.find((f) => f.id === fid)?.choices?.find((c) => c.value === v)?.label ?? String(v);
  const tagName = (id: string) => crm?.taxonomy.flatMap((c) => c.tags).find((t) => t.id === id)?.name ?? id;
  const stageName = (id: string) => crm?.stages.find((s) => s.id === id)?.name ?? id;
  const sourceName = (id: string) => SOURCES.find(([v]) => v === id)?.[1] ?? `the campaign ${tagName(id)}`;

  /** What a rule means, as staff would say it. */
  const meaning = (points: number, w: When): string => {
    const gives = points >= 0 ? `Adds ${points} ${points === 1 ? 'point' : 'points'}` : `Takes away ${-points} ${points === -1 ? 'point' : 'points'}`;
    switch (w.kind) {
      case 'field-present':
        return `${gives} when the visitor answered “${fieldName(w.field)}”.`;
      case 'field-equals':
        return `${gives} when the answer to “${fieldName(w.field)}” is ${String(w.value)}.`;
      case 'choice':
        return `${gives} when the visitor chose “${choiceName(w.field, w.value)}” for “${fieldName(w.field)}”.`;
      case 'tag':
        return `${gives} when the lead has the tag “${tagName(w.tag)}”.`;
      case 'source':
        return `${gives} when the lead came from ${sourceName(w.source)}.`;
      case 'stage':
        return `${gives} while the lead is at the stage “${stageName(w.stage)}”.`;
      case 'returning':
        return `${gives} when the visitor has been here before.`;
    }
  };

  const points = (path: string, value: number, attrs: Record<string, string> = {}) =>
    input(path, String(value), { class: 'text-input inline-number', maxlength: 5, ...attrs }, 'phone');

  const draw = () => {
    replaceChildren(
      list,
      rules.length ? null : h('p', { class: 'contacts-empty' }, 'No scoring rules: every lead scores 0.'),
      ...rules.map((r, i) => {
        const label = input(`scoring.${i}.label`, r.label, { 'aria-label': 'Shown as' });
        const pts = points(`scoring.${i}.points`, r.points, { 'aria-label': 'Points' });
        const says = h('p', { class: 'scoring-meaning' }, meaning(r.points, r.when));
        label.addEventListener('input', () => (rules[i] = { ...rules[i]!, label: label.value }));
        pts.addEventListener('input', () => {
          const n = Number(pts.value);
          if (Number.isInteger(n)) says.textContent = meaning(n, r.when);
        });
        return h(
          'article',
          { class: 'settings-card scoring-rule', 'data-rule': r.id, 'data-path': `scoring.${i}` },
          says,
          field('Points', pts),
          field('Shown on the lead as', label),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-secondary',
              onclick: () => {
                rules = rules.filter((_, j) => j !== i);
                draw();
              },
            },
            'Remove this rule',
          ),
        );
      }),
    );
  };

  // Adding a rule: "Give [points] points when [what] [which]".
  const kind = h('select', { id: 'scoring-kind', 'aria-label': 'When' }, ...KINDS.map(([v, l]) => h('option', { value: v }, l)));
  const which = h('span', { class: 'scoring-which' });
  const newPoints = points('new.points', 10, { id: 'scoring-points', 'aria-label': 'Points' });
  const newLabel = input('new.label', '', { id: 'scoring-label', 'aria-label': 'Shown on the lead as', placeholder: 'e.g. Wants hair coloring' });
  const pick = { field: h('select', { id: 'scoring-field', 'aria-label': 'Question' }), value: h('select', { id: 'scoring-choice', 'aria-label': 'Answer' }) };
  const text = input('new.value', '', { id: 'scoring-value', 'aria-label': 'Answer' });
  const select = (id: string, options: [string, string][]) =>
    h('select', { id, 'aria-label': 'Which' }, ...options.map(([v, l]) => h('option', { value: v }, l)));
  let other: HTMLSelectElement | null = null;
  const drawWhich = () => {
    const k = kind.value as When['kind'];
    const fields = k === 'choice' ? ctx.fields.filter((f) => f.choices?.length) : ctx.fields;
    replaceChildren(pick.field, ...fields.map((f) => h('option', { value: f.id }, f.label)));
    const drawChoices = () =>
      replaceChildren(pick.value, ...(ctx.fields.find((f) => f.id === pick.field.value)?.choices ?? []).map((c) => h('option', { value: c.value }, c.label)));
    pick.field.onchange = drawChoices;
    drawChoices();
    other = null;
    if (k === 'field-present') replaceChildren(which, pick.field);
    else if (k === 'choice') replaceChildren(which, pick.field, ' ', pick.value);
    else if (k === 'field-equals') replaceChildren(which, pick.field, ' ', text);
    else if (k === 'tag')
      replaceChildren(
        which,
        (other = select(
          'scoring-tag',
          (crm?.taxonomy ?? []).flatMap((c) => c.tags.map((t): [string, string] => [t.id, t.name])),
        )),
      );
    else if (k === 'source') replaceChildren(which, (other = select('scoring-source', SOURCES)));
    else if (k === 'stage')
      replaceChildren(
        which,
        (other = select(
          'scoring-stage',
          (crm?.stages ?? []).map((s): [string, string] => [s.id, s.name]),
        )),
      );
    else replaceChildren(which);
  };
  kind.onchange = drawWhich;
  const addForm = h(
    'form',
    {
      class: 'settings-card scoring-add',
      id: 'scoring-add',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const k = kind.value as When['kind'];
        const when: Record<string, unknown> = { kind: k };
        if (k === 'field-present' || k === 'choice' || k === 'field-equals') when.field = pick.field.value;
        if (k === 'choice') when.value = pick.value.value;
        if (k === 'field-equals') when.value = text.value.trim();
        if (k === 'tag') when.tag = other?.value;
        if (k === 'source') when.source = other?.value;
        if (k === 'stage') when.stage = other?.value;
        const n = Number(newPoints.value);
        const rule = { id: '', label: newLabel.value.trim() || KINDS.find(([v]) => v === k)![1], points: Number.isInteger(n) ? n : 0, when: when as When };
        let id = slugOf(rule.label);
        for (let j = 2; rules.some((r) => r.id === id); j++) id = `${slugOf(rule.label)}-${j}`;
        rules = [...rules, { ...rule, id }];
        newLabel.value = '';
        draw();
        void save();
      },
    },
    h('h3', {}, 'Add a rule'),
    h('p', { class: 'scoring-sentence' }, 'Give ', newPoints, ' points when ', kind, ' ', which),
    field('Shown on the lead as', newLabel),
    h('button', { type: 'submit', class: 'btn btn-primary', id: 'scoring-add-save' }, 'Add and save'),
  );

  async function load(): Promise<void> {
    try {
      const [s, c]: [HandoffSettingsView, CrmSettings] = await Promise.all([handoffApi.settings(ctx.token), crmApi.settings(ctx.token)]);
      crm = c;
      rules = s.scoring.map((r) => ({ ...r }));
      status.textContent = 'Each lead’s score is the sum of the points of the rules it meets; the lead’s page says which.';
      draw();
      drawWhich();
    } catch (err) {
      const m = failureMessage(ctx, err, 'Could not load the scoring rules. Check the device is on, then open this screen again.');
      if (m) status.textContent = m;
    }
  }

  async function save(): Promise<void> {
    clearIssues(list);
    const wrong: Issue[] = [];
    const scoring = rules.map((r, i) => {
      const pts = list.querySelector<HTMLInputElement>(`[data-path="scoring.${i}.points"]`);
      const n = pts ? Number(pts.value.trim()) : r.points;
      if (pts && (!pts.value.trim() || !Number.isInteger(n)))
        wrong.push({ path: `scoring.${i}.points`, message: 'Write a whole number, e.g. 10 (or -5 to take points away).' });
      return { ...r, points: n };
    });
    if (wrong.length) return placeIssues(list, wrong);
    const saved = await saveHandoff(ctx, list, bar, { scoring });
    if (saved) {
      rules = saved.scoring.map((r) => ({ ...r }));
      draw();
    }
  }

  const el = h('section', { class: 'staff-scoring' }, h('div', { class: 'staff-header' }, h('h2', {}, 'Scoring')), status, list, bar.el, addForm);
  void load();
  return { el, refresh: () => void load() };
}

function slugOf(label: string): string {
  return (
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'rule'
  );
}
