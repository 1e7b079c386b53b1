/**
 * The one validator of handoff settings: each reference must name something that exists (member, role with members,
 * field, choice, stage, tag), each rule must reach somebody, and the rules must not be able to set each other off
 * forever. Every problem comes back with its path and what to do. Without a CRM vocabulary (when the config file is
 * read at start, before the CRM is open) fields, stages and tags are not checked; staff screens and cloud pushes
 * check with it.
 */
import type { z } from 'zod';
import type { Member, Role } from './people.js';
import type { Rule } from './rules.js';
import { scoreDependsOnStage } from './scoring.js';
import { handoffObjectSchema, type HandoffSettings } from './settings.js';
import { isEmptyWeek } from './weekly.js';

/** What the CRM knows, to check names against. */
export interface CrmVocabulary {
  /** Intake fields, with the option values of choice fields. */
  fields: { id: string; choices?: string[] }[];
  /** Stage ids. */
  stages: string[];
  /** Tag ids (all categories). */
  tags: string[];
}

export interface HandoffIssue {
  path: (string | number)[];
  message: string;
}

type Path = (string | number)[];

function list(ids: readonly string[]): string {
  return ids.length ? ids.map((i) => `"${i}"`).join(', ') : '(none yet)';
}

export function checkHandoff(h: HandoffSettings, vocab: CrmVocabulary | null): HandoffIssue[] {
  const issues: HandoffIssue[] = [];
  const add = (path: Path, message: string) => issues.push({ path, message });
  const members = new Map(h.people.map((m) => [m.id, m]));
  const active = h.people.filter((m) => m.active);
  const withRole = (role: Role) => active.filter((m) => m.role === role);

  const member = (id: string, path: Path, what: string) => {
    const m = members.get(id);
    if (!m) add(path, `unknown member "${id}": add them under people, or use one of ${list(h.people.map((p) => p.id))}`);
    else if (!m.active) add(path, `member "${id}" is inactive, so this ${what}: make them active or pick someone else`);
  };
  const role = (r: Role, path: Path, what: string) => {
    if (withRole(r).length === 0) add(path, `nobody active has the role ${r}, so this ${what}: give someone that role or pick another`);
  };
  const field = (id: string, path: Path) => {
    if (vocab && !vocab.fields.some((f) => f.id === id)) add(path, `unknown field "${id}": use one of ${list(vocab.fields.map((f) => f.id))}`);
  };
  const choice = (fieldId: string, value: unknown, path: Path) => {
    const choices = vocab?.fields.find((f) => f.id === fieldId)?.choices;
    if (choices?.length && typeof value === 'string' && !choices.includes(value))
      add(path, `field "${fieldId}" has no choice "${value}": use one of ${list(choices)}`);
  };
  const stage = (id: string, path: Path) => {
    if (vocab && !vocab.stages.includes(id)) add(path, `unknown stage "${id}": use one of ${list(vocab.stages)}`);
  };
  const tag = (id: string, path: Path) => {
    if (vocab && !vocab.tags.includes(id)) add(path, `unknown tag "${id}": add it to the taxonomy first, or use one of ${list(vocab.tags)}`);
  };

  duplicates(
    h.scoring.map((s) => s.id),
    ['scoring'],
    'scoring rule',
    add,
  );
  h.scoring.forEach((s, i) => {
    const p: Path = ['scoring', i, 'when'];
    const w = s.when;
    if (w.kind === 'field-present') field(w.field, [...p, 'field']);
    if (w.kind === 'field-equals' || w.kind === 'choice') {
      field(w.field, [...p, 'field']);
      choice(w.field, w.value, [...p, 'value']);
    }
    if (w.kind === 'tag') tag(w.tag, [...p, 'tag']);
    if (w.kind === 'stage') stage(w.stage, [...p, 'stage']);
  });

  duplicates(
    h.rules.map((r) => r.id),
    ['rules'],
    'rule',
    add,
  );
  h.rules.forEach((r, i) => {
    const p: Path = ['rules', i];
    const w = r.when;
    if (w.on === 'field-answered' && w.field) field(w.field, [...p, 'when', 'field']);
    if (w.on === 'tag-added' && w.tag) tag(w.tag, [...p, 'when', 'tag']);
    if (w.on === 'stage-entered') stage(w.stage, [...p, 'when', 'stage']);
    r.if.forEach((c, j) => {
      const cp: Path = [...p, 'if', j];
      if (c.kind === 'field') {
        field(c.field, [...cp, 'field']);
        if (c.equals !== undefined) choice(c.field, c.equals, [...cp, 'equals']);
      }
      if (c.kind === 'tag') tag(c.tag, [...cp, 'tag']);
      if (c.kind === 'stage') c.stages.forEach((s, k) => stage(s, [...cp, 'stages', k]));
      if (c.kind === 'score' && c.min !== undefined && c.max !== undefined && c.min > c.max) add([...cp, 'min'], `score min ${c.min} is above max ${c.max}`);
    });
    r.then.forEach((a, j) => {
      const ap: Path = [...p, 'then', j];
      if (a.do === 'set-stage') stage(a.stage, [...ap, 'stage']);
      if (a.do === 'assign') {
        const to = a.to;
        if (to.kind === 'member') member(to.member, [...ap, 'to', 'member'], 'rule would assign to nobody');
        if (to.kind === 'round-robin') role(to.role, [...ap, 'to', 'role'], 'rule would assign to nobody');
        if (to.kind === 'on-shift') {
          const pool = to.role ? withRole(to.role) : active;
          if (!pool.some((m) => !isEmptyWeek(m.shifts)))
            add(
              [...ap, 'to'],
              `nobody${to.role ? ` with the role ${to.role}` : ''} has shifts, so this rule would assign to nobody: set their shifts under people`,
            );
        }
      }
      if (a.do === 'notify' || a.do === 'create-task') {
        const to = a.do === 'notify' ? a.to : a.for;
        const key = a.do === 'notify' ? 'to' : 'for';
        const what = a.do === 'notify' ? 'notification would reach nobody' : 'task would go to nobody';
        if (to.kind === 'member') member(to.member, [...ap, key, 'member'], what);
        if (to.kind === 'role') role(to.role, [...ap, key, 'role'], what);
        if (to.kind === 'on-shift' && active.length === 0) add([...ap, key], `there are no active members, so this ${what}: add people first`);
      }
    });
  });

  if (h.escalation.enabled && h.rules.length > 0 && !h.escalation.chain.some((r) => withRole(r).length > 0))
    add(['escalation', 'chain'], `nobody active has the roles ${h.escalation.chain.join(', ')}, so escalations would reach nobody: give someone one of them`);

  const loop = findLoop(h.rules, scoreDependsOnStage(h.scoring));
  if (loop) {
    const first = h.rules.indexOf(loop[0]!);
    const steps = loop.map((r) => `"${r.name}"${describeStageSet(r)}`).join(' -> ');
    add(['rules', first], `these rules could set each other off forever: ${steps} -> "${loop[0]!.name}"; change a stage or a trigger so the chain ends`);
  }
  return issues;
}

function describeStageSet(r: Rule): string {
  const stages = r.then.flatMap((a) => (a.do === 'set-stage' ? [a.stage] : []));
  return stages.length ? ` (sets stage ${stages.join(', ')})` : '';
}

function duplicates(ids: string[], at: Path, what: string, add: (p: Path, m: string) => void): void {
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const first = seen.get(id);
    if (first !== undefined) add([...at, i, 'id'], `${what} id "${id}" is already used by ${what} ${first + 1}: ids must be unique`);
    else seen.set(id, i);
  });
}

/**
 * Whether rule `a`'s actions can set rule `b` off: a stage it sets is the one `b` waits for, or (when the score
 * depends on the stage) `b` waits for a score crossing. A rule never re-crosses its own score threshold upwards
 * without another rule lowering the score, so that self-edge is left out.
 */
function canTrigger(a: Rule, b: Rule, scoreFollowsStage: boolean): boolean {
  const sets = a.then.flatMap((x) => (x.do === 'set-stage' ? [x.stage] : []));
  if (sets.length === 0) return false;
  if (b.when.on === 'stage-entered') {
    const waited = b.when.stage;
    if (a === b && a.when.on === 'stage-entered' && sets.every((s) => s === waited)) return false; // already there: no change
    return sets.includes(waited);
  }
  return b.when.on === 'score-crosses' && scoreFollowsStage && a !== b;
}

/** A cycle of enabled rules that can set each other off, in firing order, or null. */
export function findLoop(rules: readonly Rule[], scoreFollowsStage: boolean): Rule[] | null {
  const live = rules.filter((r) => r.enabled);
  const state = new Map<Rule, 'open' | 'done'>();
  const stack: Rule[] = [];
  const visit = (r: Rule): Rule[] | null => {
    state.set(r, 'open');
    stack.push(r);
    for (const next of live) {
      if (!canTrigger(r, next, scoreFollowsStage)) continue;
      if (state.get(next) === 'open') return stack.slice(stack.indexOf(next));
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(r, 'done');
    return null;
  };
  for (const r of live) {
    if (state.has(r)) continue;
    const found = visit(r);
    if (found) return found;
  }
  return null;
}

function refined(vocab: CrmVocabulary | null) {
  return handoffObjectSchema.superRefine((h, ctx) => {
    for (const issue of checkHandoff(h, vocab)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });
}

/** The handoff settings checked on their own (config file at start). */
export const handoffSettingsSchema = refined(null);

/** The handoff settings checked against the CRM's fields, stages and tags (staff screens, cloud pushes). */
export function handoffSchemaFor(vocab: CrmVocabulary): ReturnType<typeof refined> {
  return refined(vocab);
}

/**
 * Problems of a change to the people staff make on the device (not of a config file): the last active owner cannot
 * be removed, made inactive or given another role, so someone can always manage the people and their PINs.
 */
export function peopleChangeIssues(before: readonly Member[], after: readonly Member[]): HandoffIssue[] {
  const owners = (people: readonly Member[]) => people.filter((m) => m.active && m.role === 'owner');
  if (owners(before).length === 0 || owners(after).length > 0) return [];
  const last = owners(before)[0]!;
  const at = after.findIndex((m) => m.id === last.id);
  return [
    {
      path: at < 0 ? ['people'] : ['people', at, 'role'],
      message: `${last.name} is the last owner: make someone else an owner first, then ${at < 0 ? 'remove' : 'change'} ${last.name}`,
    },
  ];
}

/** Human lines "path: message", for errors shown to staff and in logs. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(handoff)'}: ${i.message}`);
}
