/**
 * What staff do with tasks and notifications, as activities to append: acknowledge, complete with a note, reassign,
 * snooze; acknowledge a notification. Each checks the current state (from the folds) and refuses with a clear reason.
 */
import type { Activity, Actor } from '../../sync/schemas/activity.js';
import { HandoffError } from './errors.js';
import type { NotificationView } from './notifications.js';
import type { Member } from './people.js';
import type { TaskView } from './tasks.js';

export interface CommandContext {
  at: string;
  deviceId: string;
  newId: () => string;
  by: Actor;
}

type TaskData = Extract<Activity, { type: 'task' }>['data'];

function taskActivity(t: TaskView, ctx: CommandContext, data: Partial<TaskData> & Pick<TaskData, 'change'>): Activity {
  return {
    id: ctx.newId(),
    contactId: t.contactId,
    at: ctx.at,
    by: ctx.by,
    origin: { kind: 'device', id: ctx.deviceId },
    type: 'task',
    data: { task: t.id, title: null, assignee: null, dueAt: null, note: null, rule: null, profile: null, ...data },
  };
}

function open(t: TaskView, what: string): void {
  if (t.state === 'done') throw new HandoffError('task_done', `Task "${t.title}" is already done (${t.completedAt}); it cannot be ${what}.`);
}

export function acknowledgeTask(t: TaskView, ctx: CommandContext): Activity[] {
  open(t, 'acknowledged');
  if (t.state === 'acknowledged') return [];
  return [taskActivity(t, ctx, { change: 'acknowledged' })];
}

export function completeTask(t: TaskView, note: string, ctx: CommandContext): Activity[] {
  open(t, 'completed again');
  const text = note.trim();
  if (!text) throw new HandoffError('note_required', 'Say what was done in a note (e.g. "Called back, booked for Friday"), then complete the task.');
  return [taskActivity(t, ctx, { change: 'completed', note: text.slice(0, 4000) })];
}

export function reassignTask(t: TaskView, to: string, people: readonly Member[], ctx: CommandContext, note: string | null = null): Activity[] {
  open(t, 'reassigned');
  const m = people.find((p) => p.id === to);
  if (!m || !m.active)
    throw new HandoffError(
      'unknown_member',
      `There is no active member "${to}". Pick one of: ${people
        .filter((p) => p.active)
        .map((p) => p.id)
        .join(', ')}.`,
    );
  if (t.assignee === to) return [];
  return [taskActivity(t, ctx, { change: 'reassigned', assignee: to, note: note?.trim().slice(0, 4000) || null })];
}

/** Pushes the due time to `until` (ISO, in the future). */
export function snoozeTask(t: TaskView, until: string, ctx: CommandContext): Activity[] {
  open(t, 'snoozed');
  const when = Date.parse(until);
  if (!Number.isFinite(when) || when <= Date.parse(ctx.at))
    throw new HandoffError('bad_time', `Snooze until a time in the future (an ISO time like 2026-03-02T15:00:00Z); got "${until}".`);
  return [taskActivity(t, ctx, { change: 'snoozed', dueAt: new Date(when).toISOString() })];
}

export function escalateTask(t: TaskView, to: string[], ctx: CommandContext, note: string): Activity[] {
  if (t.state === 'done') return [];
  return [taskActivity(t, ctx, { change: 'escalated', assignee: to.length === 1 ? to[0]! : null, note })];
}

function notificationActivity(n: NotificationView, ctx: CommandContext, data: Partial<Extract<Activity, { type: 'notification' }>['data']>): Activity {
  return {
    id: ctx.newId(),
    contactId: n.contactId,
    at: ctx.at,
    by: ctx.by,
    origin: { kind: 'device', id: ctx.deviceId },
    type: 'notification',
    data: { notification: n.id, change: 'acknowledged', recipients: [], message: null, rule: null, escalateAt: null, note: null, ...data },
  };
}

export function acknowledgeNotification(n: NotificationView, ctx: CommandContext): Activity[] {
  if (n.acknowledgedAt) return [];
  return [notificationActivity(n, ctx, { change: 'acknowledged' })];
}

export function escalateNotification(n: NotificationView, to: string[], escalateAt: string | null, ctx: CommandContext, note: string): Activity[] {
  if (n.acknowledgedAt) return [];
  return [notificationActivity(n, ctx, { change: 'escalated', recipients: to.slice(0, 50), escalateAt, note: note.slice(0, 1000) })];
}
