/**
 * "Talk to a person" before there is a contact: the visitor at the kiosk asks for someone at any point of a visit,
 * usually before consent. Staff are told at once, but the request carries only what the visitor agreed to share (before
 * consent: the kiosk and the visit id, no name, no phone), and it lives in memory only: nothing about a visitor who
 * never consents is written anywhere. When the visit later becomes a contact (a stored or partial lead), the request
 * joins the contact's story as a notification activity under the same id, so an acknowledgement or an escalation
 * lands there too. Pure: the service (./service.ts) holds the requests and runs the rules.
 */
import type { Activity, ActivityFieldValue, Actor } from '../../sync/schemas/activity.js';
import { ruleActor } from './effects.js';
import type { Effect } from './engine.js';
import type { NotificationView } from './notifications.js';
import type { Member } from './people.js';
import type { Rule } from './rules.js';
import { scoreContact, type ScoringRule } from './scoring.js';
import type { ContactSnapshot } from './snapshot.js';

/** What the visit path hands over when the visitor asks for a person. */
export interface PersonRequestInput {
  visitId: string;
  /** Answers the visitor consented to share (consent given on the form), by field id; null before consent. */
  consented: Record<string, ActivityFieldValue> | null;
  /** Source channel of the request ('kiosk-voice', 'kiosk-touch'). */
  channel: string;
}

/** A request as staff and the kiosk see it: a notification that may not belong to a contact yet. */
export interface PersonRequest {
  id: string;
  visitId: string;
  /** Set once the visit became a contact and the request joined its story. */
  contactId: string | null;
  message: string;
  rule: string | null;
  ruleName: string;
  /** Whom it was sent to first; `recipients` adds those it escalated to. */
  sentTo: string[];
  recipients: string[];
  holders: string[];
  sentAt: string;
  escalateAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: Actor | null;
  escalations: { at: string; to: string[]; note: string | null }[];
  note: string | null;
  /** Who is coming: the owner a rule assigned, else the one member told; null when several were told. */
  coming: { id: string; name: string } | null;
  /** The visitor's name when they consented to share it, for the inbox. */
  visitorName: string | null;
  /**
   * What the rules did besides telling staff (an owner assigned, a task), kept until the visit becomes a contact:
   * applied then as decided at the request (the same owner the robot named, not the next one in turn).
   */
  deferred: Effect[];
}

/** Handles "talk to a person" when no enabled rule does: everyone on shift is told (the escalation chain at night). */
export const PERSON_REQUESTED_FALLBACK: Rule = {
  id: 'person-requested-built-in',
  name: 'A visitor asks for a person',
  enabled: true,
  when: { on: 'person-requested' },
  if: [],
  then: [{ do: 'notify', to: { kind: 'on-shift' } }],
};

/** The rules in force, with the built-in one when none of them listens for a person request. */
export function rulesForPersonRequest(rules: readonly Rule[]): Rule[] {
  return rules.some((r) => r.enabled && r.when.on === 'person-requested') ? [...rules] : [...rules, PERSON_REQUESTED_FALLBACK];
}

/** The visitor as rules see them before there is a contact: what they consented to share, nothing else. */
export function visitorSnapshot(input: PersonRequestInput, scoring: readonly ScoringRule[]): ContactSnapshot {
  const base: ContactSnapshot = {
    id: '',
    fields: { ...(input.consented ?? {}) },
    tags: [],
    source: { channel: input.channel, campaign: null },
    stage: '',
    score: 0,
    owner: null,
    consent: input.consented !== null,
    returning: false,
  };
  return { ...base, score: scoreContact(scoring, base).score };
}

/** The consented name and phone, by the form's field ids (first field of each kind). */
export interface VisitorFieldIds {
  name: string | null;
  phone: string | null;
}

function text(v: ActivityFieldValue | undefined): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

/**
 * What staff read: who (only if consented), where, and the visit id. A rule's own message stays first.
 * "Ana Lopez (+14155550123) at the kiosk lobby-1 asks for a person (visit 3f2a9c1e)".
 */
export function requestMessage(input: PersonRequestInput, ids: VisitorFieldIds, deviceId: string, ruleMessage: string | null): string {
  const name = ids.name ? text(input.consented?.[ids.name]) : null;
  const phone = ids.phone ? text(input.consented?.[ids.phone]) : null;
  const who = name ? `${name}${phone ? ` (${phone})` : ''}` : phone ? `A visitor (${phone})` : 'A visitor';
  const what = `${who} at the kiosk ${deviceId} asks for a person (visit ${input.visitId.slice(0, 8)})`;
  return (ruleMessage ? `${ruleMessage} — ${what}` : what).slice(0, 500);
}

/**
 * Who is coming: the owner a rule assigned, else the single member a rule told, else nobody in particular. A member
 * told only because nobody the rule named was there (nobody on shift: the escalation chain) is not promised.
 */
export function comingOf(effects: readonly Effect[], people: readonly Member[]): { id: string; name: string } | null {
  const owner = [...effects].reverse().find((e) => e.kind === 'owner');
  const notes = effects.filter((e) => e.kind === 'notification');
  const told = new Set(notes.flatMap((e) => (e.kind === 'notification' && e.note === null ? e.recipients : [])));
  if (notes.some((e) => e.kind === 'notification' && e.note !== null)) told.add('(fallback)');
  const id = owner?.kind === 'owner' ? owner.to : told.size === 1 ? [...told][0]! : null;
  if (!id) return null;
  const m = people.find((p) => p.id === id);
  return m ? { id: m.id, name: m.name } : null;
}

/** A request as an inbox entry (the same shape as a contact's notification; contactId '' until it joins one). */
export function requestAsNotification(r: PersonRequest): NotificationView & { visitId: string } {
  return {
    id: r.id,
    contactId: r.contactId ?? '',
    visitId: r.visitId,
    message: r.message,
    rule: r.rule,
    recipients: [...r.recipients],
    holders: [...r.holders],
    sentAt: r.sentAt,
    escalateAt: r.escalateAt,
    acknowledgedAt: r.acknowledgedAt,
    acknowledgedBy: r.acknowledgedBy,
    escalations: r.escalations.map((e) => ({ ...e, to: [...e.to] })),
    note: r.note,
  };
}

/**
 * The request as activities of the contact it joins, at `at` (the story only grows forward; the note keeps when it
 * was asked): sent (by its rule), then what happened meanwhile (escalations, the acknowledgement). The notification
 * keeps its id, so later changes find it in the story.
 */
export function joinActivities(r: PersonRequest, contactId: string, at: string, deviceId: string, newId: () => string): Activity[] {
  const origin = { kind: 'device' as const, id: deviceId };
  const ruleBy = ruleActor({ id: r.rule ?? PERSON_REQUESTED_FALLBACK.id, name: r.ruleName });
  const data = { notification: r.id, recipients: [] as string[], message: null, rule: null, escalateAt: null, note: null };
  const out: Activity[] = [
    {
      id: newId(),
      contactId,
      at,
      by: ruleBy,
      origin,
      type: 'notification',
      data: {
        ...data,
        change: 'sent',
        recipients: r.sentTo.slice(0, 50),
        message: r.message.slice(0, 500),
        rule: r.rule,
        escalateAt: r.escalations.length ? null : r.escalateAt,
        note: `${r.note ? `${r.note}; ` : ''}asked for a person at ${r.sentAt}, before the details were kept`.slice(0, 1000),
      },
    },
  ];
  for (const e of r.escalations)
    out.push({
      id: newId(),
      contactId,
      at,
      by: { kind: 'system', id: null, name: 'Escalation' },
      origin,
      type: 'notification',
      data: {
        ...data,
        change: 'escalated',
        recipients: e.to.slice(0, 50),
        escalateAt: r.escalateAt,
        note: `${e.note ?? 'escalated'} (at ${e.at})`.slice(0, 1000),
      },
    });
  if (r.acknowledgedAt && r.acknowledgedBy)
    out.push({
      id: newId(),
      contactId,
      at,
      by: r.acknowledgedBy,
      origin,
      type: 'notification',
      data: { ...data, change: 'acknowledged', note: `seen at ${r.acknowledgedAt}` },
    });
  return out;
}
