/** The timeline's sentences name staff members as the people settings name them; a removed member keeps its id. */
import { describe, expect, it } from 'vitest';
import { activitySchema, type Activity } from '../../sync/schemas/activity.js';
import { DEFAULT_CRM_SETTINGS } from './defaults.js';
import { summarize } from './timeline.js';

const people: Record<string, string> = { tom: 'Tom', maria: 'Maria' };
const memberName = (id: string) => people[id] ?? null;

function activity(type: Activity['type'], data: Record<string, unknown>): Activity {
  return activitySchema.parse({
    id: '00000000-0000-4000-8000-000000000001',
    contactId: 'c1',
    at: '2026-03-02T11:00:00.000Z',
    by: { kind: 'rule', id: 'r1', name: 'Hair coloring to Maria' },
    origin: { kind: 'device', id: 'dev-1' },
    type,
    data,
  });
}

const task = (change: string, assignee: string | null) =>
  activity('task', {
    task: '00000000-0000-4000-8000-000000000002',
    change,
    title: change === 'created' ? 'Call back' : null,
    assignee,
    dueAt: change === 'created' ? '2026-03-02T11:15:00.000Z' : null,
    note: null,
    rule: null,
    profile: null,
  });
const notification = (change: string, recipients: string[], note: string | null = null) =>
  activity('notification', {
    notification: '00000000-0000-4000-8000-000000000003',
    change,
    recipients,
    message: change === 'sent' ? 'New lead' : null,
    rule: null,
    escalateAt: null,
    note,
  });

describe('timeline sentences', () => {
  it('shows "Tom" for member "tom" in owners, assignees and recipients', () => {
    const say = (a: Activity) => summarize(a, DEFAULT_CRM_SETTINGS, {}, memberName);
    expect(say(activity('owner-changed', { from: null, to: 'tom', note: null }))).toBe('Owner changed from nobody to Tom');
    expect(say(activity('owner-changed', { from: 'maria', to: 'tom', note: null }))).toBe('Owner changed from Maria to Tom');
    expect(say(task('created', 'tom'))).toBe('Task: Call back (for Tom, due 2026-03-02T11:15:00.000Z)');
    expect(say(task('created', null))).toBe('Task: Call back (for the team, due 2026-03-02T11:15:00.000Z)');
    expect(say(task('reassigned', 'maria'))).toBe('Task reassigned to Maria');
    expect(say(notification('sent', ['tom', 'maria']))).toBe('Notified Tom, Maria: New lead');
    expect(say(notification('escalated', ['tom'], 'Not acknowledged in 5 min: to Tom'))).toBe(
      'Notification escalated to Tom (Not acknowledged in 5 min: to Tom)',
    );
  });

  it('a member nobody has any more (removed) shows its id, as does a timeline built without names', () => {
    expect(summarize(notification('escalated', ['olga']), DEFAULT_CRM_SETTINGS, {}, memberName)).toBe('Notification escalated to olga');
    expect(summarize(activity('owner-changed', { from: 'olga', to: 'tom', note: null }), DEFAULT_CRM_SETTINGS, {}, memberName)).toBe(
      'Owner changed from olga to Tom',
    );
    expect(summarize(task('escalated', 'tom'), DEFAULT_CRM_SETTINGS)).toBe('Task escalated to tom');
  });
});
