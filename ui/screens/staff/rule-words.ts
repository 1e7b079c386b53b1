/**
 * A handoff rule in plain words for the Rules tab: "When a lead is stored · If consent was given · Then tell everyone
 * on shift; make a task …". Names (members, stages, fields, tags) come from `names`; an unknown id is shown as is.
 */
import type { HandoffSettingsView } from '../../../device/http/contract.js';
import { ROLE_WORDS } from './handoff-form.js';

type Rule = HandoffSettingsView['rules'][number];

export interface RuleNames {
  member: (id: string) => string;
  stage: (id: string) => string;
  field: (id: string) => string;
  tag: (id: string) => string;
}

const role = (r: string) => ROLE_WORDS[r] ?? r;

export function whenWords(when: Rule['when'], n: RuleNames): string {
  switch (when.on) {
    case 'lead-stored':
      return 'a lead is stored';
    case 'field-answered':
      return when.field ? `the visitor answers "${n.field(when.field)}"` : 'the visitor answers any question';
    case 'tag-added':
      return when.tag ? `the tag "${n.tag(when.tag)}" is added` : 'any tag is added';
    case 'stage-entered':
      return `a contact moves to "${n.stage(when.stage)}"`;
    case 'score-crosses':
      return `the score reaches ${when.score}`;
    case 'person-requested':
      return 'the visitor asks for a person';
    case 'visit-abandoned':
      return 'a visitor walks away after giving a phone or email';
  }
}

/** The channels a contact can come in by (device/crm/service.ts); any other source is a campaign tag. */
export const CHANNEL_WORDS: Record<string, string> = { 'kiosk-voice': 'the kiosk by voice', 'kiosk-touch': 'the kiosk by touch' };

export function ifWords(c: Rule['if'][number], n: RuleNames): string {
  switch (c.kind) {
    case 'field':
      return c.equals === undefined ? `"${n.field(c.field)}" is answered` : `"${n.field(c.field)}" is ${String(c.equals)}`;
    case 'tag':
      return `${c.present ? 'has' : 'does not have'} the tag "${n.tag(c.tag)}"`;
    case 'source':
      return `came from ${CHANNEL_WORDS[c.source] ?? `the campaign "${n.tag(c.source)}"`}`;
    case 'stage':
      return `is at ${c.stages.map((s) => `"${n.stage(s)}"`).join(' or ')}`;
    case 'score':
      return c.min !== undefined && c.max !== undefined
        ? `score is ${c.min} to ${c.max}`
        : c.min !== undefined
          ? `score is at least ${c.min}`
          : `score is at most ${c.max}`;
    case 'time-of-day':
      return `it is between ${c.from} and ${c.to}`;
    case 'consent':
      return c.given ? 'consent was given' : 'no consent was given';
  }
}

type Recipient = Extract<Rule['then'][number], { do: 'notify' }>['to'];

function recipientWords(to: Recipient, n: RuleNames): string {
  switch (to.kind) {
    case 'owner':
      return "the contact's owner";
    case 'member':
      return n.member(to.member);
    case 'role':
      return `everyone in ${role(to.role)}`;
    case 'on-shift':
      return 'everyone on shift';
  }
}

function dueWords(due: { minutes: number; hours: number; businessHours: boolean }): string {
  const parts = [due.hours ? `${due.hours} ${due.hours === 1 ? 'hour' : 'hours'}` : '', due.minutes ? `${due.minutes} min` : ''].filter(Boolean);
  return parts.length ? `due in ${parts.join(' ')}${due.businessHours ? ' of opening time' : ''}` : 'due now';
}

export function thenWords(a: Rule['then'][number], n: RuleNames): string {
  switch (a.do) {
    case 'set-stage':
      return `move to "${n.stage(a.stage)}"`;
    case 'assign':
      return a.to.kind === 'member'
        ? `give it to ${n.member(a.to.member)}`
        : a.to.kind === 'round-robin'
          ? `give it to the next person in ${role(a.to.role)}`
          : `give it to whoever is on shift${a.to.role ? ` in ${role(a.to.role)}` : ''}`;
    case 'create-task':
      return `make a task "${a.title}" for ${recipientWords(a.for, n)}, ${dueWords(a.due)}`;
    case 'notify':
      return `tell ${recipientWords(a.to, n)}`;
  }
}

/** The three lines staff read for one rule. */
export function ruleWords(rule: Rule, n: RuleNames): { when: string; if: string; then: string } {
  return {
    when: `When ${whenWords(rule.when, n)}`,
    if: rule.if.length ? `If ${rule.if.map((c) => ifWords(c, n)).join(' and ')}` : 'Always',
    then: `Then ${rule.then.map((a) => thenWords(a, n)).join('; ')}`,
  };
}
