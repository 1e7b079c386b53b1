import { describe, expect, it } from 'vitest';
import { settings } from '../../test/support/handoff-fixtures.js';
import { activitySchema, type Activity } from '../../sync/schemas/activity.js';
import { effectsToActivities } from './effects.js';
import type { Effect } from './engine.js';
import { foldNotifications } from './notifications.js';
import {
  acknowledgeNotification,
  acknowledgeTask,
  completeTask,
  escalateNotification,
  escalateTask,
  reassignTask,
  snoozeTask,
  type CommandContext,
} from './task-commands.js';
import { foldTasks, isOverdue } from './tasks.js';

let n = 0;
const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const rule = { id: 'coloring', name: 'Hair coloring to Maria' };
const effects: Effect[] = [
  { kind: 'owner', rule, from: null, to: 'maria', note: 'Rule "Hair coloring to Maria"' },
  { kind: 'score', from: 0, to: 10, reasons: [] },
  { kind: 'task', rule, title: 'Call back', assignee: 'maria', dueAt: '2026-03-02T11:15:00.000Z', escalateAt: '2026-03-02T11:15:00.000Z', note: null },
  { kind: 'notification', rule, recipients: ['maria'], message: 'New lead: Jane', escalateAt: '2026-03-02T11:10:00.000Z', note: null },
];
const people = settings().people;

function story(): Activity[] {
  return effectsToActivities(effects, { contactId: 'c1', at: '2026-03-02T11:00:00.000Z', deviceId: 'dev', newId, profile: 'Jane Doe wants hair coloring.' });
}
const by = (name: string, at: string): CommandContext => ({ at, deviceId: 'dev', newId, by: { kind: 'staff', id: name, name } });

describe('tasks and notifications in the story', () => {
  it('effects become valid activities by the rule: owner change, task, notification (no score activity)', () => {
    const acts = story();
    expect(acts.map((a) => a.type)).toEqual(['owner-changed', 'task', 'notification']);
    for (const a of acts) expect(activitySchema.parse(a)).toEqual(a);
    expect(acts[0]!.by).toEqual({ kind: 'rule', id: 'coloring', name: 'Hair coloring to Maria' });
    expect(acts[1]).toMatchObject({ data: { change: 'created', assignee: 'maria', profile: 'Jane Doe wants hair coloring.' } });
  });

  it('a task folds through acknowledge, snooze, reassign and completion with a note; each change is valid', () => {
    const acts = story();
    let t = foldTasks(acts)[0]!;
    expect(t).toMatchObject({ title: 'Call back', assignee: 'maria', state: 'open', dueAt: '2026-03-02T11:15:00.000Z' });
    expect(isOverdue(t, new Date('2026-03-02T11:16:00Z'))).toBe(true);
    acts.push(...acknowledgeTask(t, by('maria', '2026-03-02T11:01:00.000Z')));
    t = foldTasks(acts)[0]!;
    expect(t.state).toBe('acknowledged');
    expect(acknowledgeTask(t, by('maria', '2026-03-02T11:02:00.000Z'))).toEqual([]); // once is enough
    acts.push(...snoozeTask(t, '2026-03-02T14:00:00Z', by('maria', '2026-03-02T11:03:00.000Z')));
    acts.push(...reassignTask(foldTasks(acts)[0]!, 'sam', people, by('tom', '2026-03-02T11:04:00.000Z'), 'Maria is off this afternoon'));
    t = foldTasks(acts)[0]!;
    expect(t).toMatchObject({ assignee: 'sam', state: 'open', dueAt: '2026-03-02T14:00:00.000Z' });
    expect(isOverdue(t, new Date('2026-03-02T11:16:00Z'))).toBe(false);
    acts.push(...completeTask(t, '  Called back, booked Friday ', by('sam', '2026-03-02T13:00:00.000Z')));
    t = foldTasks(acts)[0]!;
    expect(t).toMatchObject({ state: 'done', completionNote: 'Called back, booked Friday', completedBy: { name: 'sam' } });
    expect(t.history.map((h) => h.change)).toEqual(['created', 'acknowledged', 'snoozed', 'reassigned', 'completed']);
    for (const a of acts) activitySchema.parse(a);
    // Folding is order- and duplicate-proof.
    expect(foldTasks([...acts].reverse().concat(acts))).toEqual(foldTasks(acts));
  });

  it('refuses what makes no sense, saying what to do', () => {
    const s = story();
    const t = foldTasks(s)[0]!;
    const ctx = by('maria', '2026-03-02T11:05:00.000Z');
    expect(() => completeTask(t, '   ', ctx)).toThrow(/Say what was done in a note/);
    expect(() => reassignTask(t, 'mario', people, ctx)).toThrow(/no active member "mario". Pick one of: olga, tom, maria, sam, lee/);
    expect(() => snoozeTask(t, '2026-03-02T10:00:00Z', ctx)).toThrow(/in the future/);
    expect(() => snoozeTask(t, 'tomorrow', ctx)).toThrow(/got "tomorrow"/);
    const done = foldTasks([...s, ...completeTask(t, 'ok', ctx)])[0]!;
    expect(() => acknowledgeTask(done, ctx)).toThrow(/already done/);
    expect(escalateTask(done, ['tom'], ctx, 'overdue')).toEqual([]);
  });

  it('a notification folds through escalation and acknowledgement', () => {
    const acts = story();
    let note = foldNotifications(acts)[0]!;
    expect(note).toMatchObject({ holders: ['maria'], escalateAt: '2026-03-02T11:10:00.000Z', acknowledgedAt: null });
    acts.push(...escalateNotification(note, ['tom'], '2026-03-02T11:20:00.000Z', by('system', '2026-03-02T11:10:00.000Z'), 'Not acknowledged in 10 minutes'));
    note = foldNotifications(acts)[0]!;
    expect(note).toMatchObject({ holders: ['tom'], recipients: ['maria', 'tom'], escalateAt: '2026-03-02T11:20:00.000Z' });
    acts.push(...acknowledgeNotification(note, by('tom', '2026-03-02T11:12:00.000Z')));
    note = foldNotifications(acts)[0]!;
    expect(note).toMatchObject({ acknowledgedAt: '2026-03-02T11:12:00.000Z', acknowledgedBy: { name: 'tom' }, escalateAt: null });
    expect(acknowledgeNotification(note, by('tom', '2026-03-02T11:13:00.000Z'))).toEqual([]);
    expect(escalateNotification(note, ['olga'], null, by('system', '2026-03-02T11:20:00.000Z'), 'x')).toEqual([]);
    for (const a of acts) activitySchema.parse(a);
  });
});
