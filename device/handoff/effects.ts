/**
 * Turns the engine's effects into activities of the contact's story, by the rule that caused them, so the cloud sees
 * them and staff can always see why. Score changes are not activities (the score is a projection of the story).
 */
import type { Activity, Actor } from '../../sync/schemas/activity.js';
import type { Effect } from './engine.js';

export interface ActivityContext {
  contactId: string;
  /** ISO time of the effects (all share it; order within is the effects' order, by id). */
  at: string;
  deviceId: string;
  newId: () => string;
  /** The contact's ten-second profile, carried by tasks. */
  profile: string | null;
}

export function ruleActor(rule: { id: string; name: string }): Actor {
  return { kind: 'rule', id: rule.id.slice(0, 64), name: rule.name.slice(0, 120) };
}

export function effectsToActivities(effects: readonly Effect[], ctx: ActivityContext): Activity[] {
  const base = (by: Actor) => ({ id: ctx.newId(), contactId: ctx.contactId, at: ctx.at, by, origin: { kind: 'device' as const, id: ctx.deviceId } });
  const out: Activity[] = [];
  for (const e of effects) {
    switch (e.kind) {
      case 'stage':
        out.push({ ...base(ruleActor(e.rule)), type: 'stage-changed', data: { from: e.from, to: e.to, note: e.note.slice(0, 4000) } });
        break;
      case 'owner':
        out.push({ ...base(ruleActor(e.rule)), type: 'owner-changed', data: { from: e.from, to: e.to, note: e.note.slice(0, 1000) } });
        break;
      case 'task':
        out.push({
          ...base(ruleActor(e.rule)),
          type: 'task',
          data: {
            task: ctx.newId(),
            change: 'created',
            title: e.title.slice(0, 200),
            assignee: e.assignee,
            dueAt: e.dueAt,
            note: e.note,
            rule: e.rule.id,
            profile: ctx.profile?.slice(0, 2000) ?? null,
          },
        });
        break;
      case 'notification':
        out.push({
          ...base(ruleActor(e.rule)),
          type: 'notification',
          data: {
            notification: ctx.newId(),
            change: 'sent',
            recipients: e.recipients.slice(0, 50),
            message: e.message.slice(0, 500),
            rule: e.rule.id,
            escalateAt: e.escalateAt,
            note: e.note?.slice(0, 1000) ?? null,
          },
        });
        break;
      case 'score':
        break;
    }
  }
  return out;
}
