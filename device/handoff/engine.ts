/**
 * The rule engine: given what happened to a contact, which rules fire and what they do. Pure and deterministic:
 * the caller gives the clock reading, the round-robin turns and the stage check, and gets effects back (stage and
 * owner changes, tasks, notifications) to record as activities, plus the new turns and a trace of why.
 *
 * A stage a rule sets is an event of its own (other rules may wait for it, and the score may move), handled in the
 * same evaluation. Loops are refused when rules are saved; execution is bounded here anyway (MAX_DEPTH, MAX_STEPS).
 */
import { DateTime } from 'luxon';
import { dueAt } from './business-hours.js';
import { onShift, type Member } from './people.js';
import { resolveRecipients } from './recipients.js';
import { nextInTurn, type Turns } from './round-robin.js';
import type { Action, Assignee, Condition, Rule, Trigger } from './rules.js';
import { scoreContact, type ScoreReason } from './scoring.js';
import type { HandoffSettings } from './settings.js';
import { UNSET_HOURS, type OpeningHours } from '../hours/schedule.js';
import { hasValue, valueMatches, type ContactSnapshot, type HandoffEvent } from './snapshot.js';

/** Events a rule's own effects can cause, one inside the other, at most this deep. */
export const MAX_DEPTH = 8;
/** Rule firings in one evaluation at most. */
export const MAX_STEPS = 100;

export interface RuleRef {
  id: string;
  name: string;
}

export type Effect =
  | { kind: 'stage'; rule: RuleRef; from: string; to: string; note: string }
  | { kind: 'owner'; rule: RuleRef; from: string | null; to: string; note: string }
  | { kind: 'score'; from: number; to: number; reasons: ScoreReason[] }
  | { kind: 'task'; rule: RuleRef; title: string; assignee: string | null; dueAt: string; escalateAt: string | null; note: string | null }
  | { kind: 'notification'; rule: RuleRef; recipients: string[]; message: string; escalateAt: string | null; note: string | null };

export interface TraceEntry {
  rule: RuleRef;
  event: HandoffEvent['type'];
  /** 'fired', or an action of a fired rule skipped and why. */
  outcome: string;
}

export interface EvaluationInput {
  event: HandoffEvent;
  contact: ContactSnapshot;
  settings: HandoffSettings;
  /** The business's opening hours (the one schedule, config `business.openingHours`); left out: unset (always open). */
  hours?: OpeningHours;
  /** Device time zone (IANA). */
  zone: string;
  now: Date;
  turns: Turns;
  /** Why the contact may not enter the stage (its criteria), or null when it may. Default: always may. */
  canEnterStage?: (contact: ContactSnapshot, stage: string) => string | null;
}

export interface Evaluation {
  effects: Effect[];
  turns: Turns;
  /** The contact as the effects leave it. */
  contact: ContactSnapshot;
  trace: TraceEntry[];
  /** True when MAX_DEPTH or MAX_STEPS stopped the evaluation. */
  bounded: boolean;
}

export function triggerMatches(t: Trigger, e: HandoffEvent): boolean {
  switch (t.on) {
    case 'lead-stored':
    case 'person-requested':
    case 'visit-abandoned':
      return e.type === t.on;
    case 'field-answered':
      return e.type === 'field-answered' && (t.field === undefined || t.field === e.field);
    case 'tag-added':
      return e.type === 'tag-added' && (t.tag === undefined || t.tag === e.tag);
    case 'stage-entered':
      return e.type === 'stage-entered' && t.stage === e.stage;
    case 'score-crosses':
      return e.type === 'score-changed' && e.from < t.score && e.to >= t.score;
  }
}

function minuteOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** `localMinute`: minutes since local midnight now, in the device's zone. */
export function conditionHolds(c: Condition, contact: ContactSnapshot, localMinute: () => number): boolean {
  switch (c.kind) {
    case 'field':
      return c.equals === undefined ? hasValue(contact.fields[c.field]) : valueMatches(contact.fields[c.field], c.equals);
    case 'tag':
      return contact.tags.includes(c.tag) === c.present;
    case 'source':
      return contact.source.channel === c.source || contact.source.campaign === c.source;
    case 'stage':
      return c.stages.includes(contact.stage);
    case 'score':
      return (c.min === undefined || contact.score >= c.min) && (c.max === undefined || contact.score <= c.max);
    case 'time-of-day': {
      const m = localMinute();
      const from = minuteOf(c.from);
      const to = minuteOf(c.to);
      return from <= to ? m >= from && m < to : m >= from || m < to;
    }
    case 'consent':
      return contact.consent === c.given;
  }
}

function describe(e: HandoffEvent): string {
  switch (e.type) {
    case 'lead-stored':
      return 'new lead';
    case 'field-answered':
      return `answered ${e.field}`;
    case 'tag-added':
      return `tagged ${e.tag}`;
    case 'stage-entered':
      return `entered stage ${e.stage}`;
    case 'score-changed':
      return `score ${e.from} -> ${e.to}`;
    case 'person-requested':
      return 'asks to talk to a person';
    case 'visit-abandoned': {
      // A number heard by voice and never read back may be misheard: whoever calls back checks it first.
      const unsure = e.unconfirmed?.length ? `, ${e.unconfirmed.join(' and ')} heard by voice and never confirmed` : '';
      return `walked away after giving ${e.gave.join(' and ') || 'contact details'}${unsure}`;
    }
  }
}

function contactLabel(c: ContactSnapshot): string {
  const name = c.fields['name'];
  return typeof name === 'string' && name.trim() ? name.trim() : 'A visitor';
}

export function evaluate(input: EvaluationInput): Evaluation {
  const { settings, zone, now } = input;
  const canEnter = input.canEnterStage ?? (() => null);
  const order = settings.people.map((m) => m.id);
  let contact: ContactSnapshot = { ...input.contact, fields: { ...input.contact.fields }, tags: [...input.contact.tags] };
  let turns = input.turns;
  const effects: Effect[] = [];
  const trace: TraceEntry[] = [];
  let steps = 0;
  let bounded = false;
  const rules = settings.rules.filter((r) => r.enabled);
  // Time-zone conversions are the costly part of a rule check: at most once per evaluation, and once per member.
  let minute: number | null = null;
  const localMinute = () => {
    if (minute === null) {
      const local = DateTime.fromJSDate(now, { zone });
      minute = local.hour * 60 + local.minute;
    }
    return minute;
  };
  const shifts = new Map<string, boolean>();
  const isOnShift = (m: Member) => {
    let on = shifts.get(m.id);
    if (on === undefined) shifts.set(m.id, (on = onShift(m, now, zone)));
    return on;
  };

  const assign = (to: Assignee): { id: string | null; why: string } => {
    const active = settings.people.filter((m) => m.active);
    if (to.kind === 'member')
      return active.some((m) => m.id === to.member) ? { id: to.member, why: '' } : { id: null, why: `${to.member} is not an active member` };
    if (to.kind === 'round-robin') {
      const all = active.filter((m) => m.role === to.role);
      const working = all.filter(isOnShift);
      const next = nextInTurn(
        (working.length ? working : all).map((m) => m.id),
        `role:${to.role}`,
        turns,
        order,
      );
      if (!next) return { id: null, why: `nobody has the role ${to.role}` };
      turns = next.turns;
      return { id: next.id, why: '' };
    }
    const pool = active.filter((m) => (to.role === undefined || m.role === to.role) && isOnShift(m));
    const next = nextInTurn(
      pool.map((m) => m.id),
      `on-shift:${to.role ?? 'any'}`,
      turns,
      order,
    );
    if (!next) return { id: null, why: `nobody${to.role ? ` with the role ${to.role}` : ''} is on shift` };
    turns = next.turns;
    return { id: next.id, why: '' };
  };

  const escalateAfter = (minutes: number | undefined): string | null => {
    if (!settings.escalation.enabled) return null;
    const m = minutes ?? settings.escalation.ackMinutes;
    return m > 0 ? new Date(now.getTime() + m * 60_000).toISOString() : null;
  };

  const rescore = (queue: [HandoffEvent, number][], depth: number) => {
    const s = scoreContact(settings.scoring, contact);
    if (s.score === contact.score) return;
    effects.push({ kind: 'score', from: contact.score, to: s.score, reasons: s.reasons });
    queue.push([{ type: 'score-changed', from: contact.score, to: s.score }, depth + 1]);
    contact = { ...contact, score: s.score };
  };

  const run = (rule: Rule, action: Action, event: HandoffEvent, queue: [HandoffEvent, number][], depth: number): string | null => {
    const ref = { id: rule.id, name: rule.name };
    switch (action.do) {
      case 'set-stage': {
        if (contact.stage === action.stage) return null;
        const refused = canEnter(contact, action.stage);
        if (refused) return `set-stage ${action.stage} skipped: ${refused}`;
        effects.push({ kind: 'stage', rule: ref, from: contact.stage, to: action.stage, note: `Rule "${rule.name}": ${describe(event)}` });
        contact = { ...contact, stage: action.stage };
        queue.push([{ type: 'stage-entered', stage: action.stage }, depth + 1]);
        rescore(queue, depth);
        return null;
      }
      case 'assign': {
        const { id, why } = assign(action.to);
        if (!id) return `assign skipped: ${why}`;
        if (id === contact.owner) return null;
        effects.push({ kind: 'owner', rule: ref, from: contact.owner, to: id, note: `Rule "${rule.name}"` });
        contact = { ...contact, owner: id };
        return null;
      }
      case 'create-task': {
        const target = resolveRecipients(action.for, contact.owner, settings.people, settings.escalation, isOnShift);
        // A task has one assignee; a role or shift with several people makes it a team task (unassigned).
        const assignee = target.ids.length === 1 ? target.ids[0]! : null;
        const due = dueAt(input.hours ?? UNSET_HOURS, now, action.due, zone);
        const escalateAt = settings.escalation.enabled ? new Date(due.getTime() + settings.escalation.overdueTaskMinutes * 60_000).toISOString() : null;
        effects.push({ kind: 'task', rule: ref, title: action.title, assignee, dueAt: due.toISOString(), escalateAt, note: target.fallback });
        return null;
      }
      case 'notify': {
        const target = resolveRecipients(action.to, contact.owner, settings.people, settings.escalation, isOnShift);
        if (!target.ids.length) return `notify skipped: ${target.fallback}`;
        const message = action.message ?? `${rule.name}: ${contactLabel(contact)} (${describe(event)})`;
        effects.push({
          kind: 'notification',
          rule: ref,
          recipients: target.ids,
          message,
          escalateAt: escalateAfter(action.escalateAfterMinutes),
          note: target.fallback,
        });
        return null;
      }
    }
  };

  const queue: [HandoffEvent, number][] = [[input.event, 0]];
  while (queue.length) {
    const [event, depth] = queue.shift()!;
    if (depth > MAX_DEPTH) {
      bounded = true;
      break;
    }
    for (const rule of rules) {
      const ref = { id: rule.id, name: rule.name };
      if (!triggerMatches(rule.when, event) || !rule.if.every((c) => conditionHolds(c, contact, localMinute))) continue;
      if (++steps > MAX_STEPS) {
        bounded = true;
        break;
      }
      trace.push({ rule: ref, event: event.type, outcome: 'fired' });
      for (const action of rule.then) {
        const skipped = run(rule, action, event, queue, depth);
        if (skipped) trace.push({ rule: ref, event: event.type, outcome: skipped });
      }
    }
    if (bounded) break;
  }
  return { effects, turns, contact, trace, bounded };
}
