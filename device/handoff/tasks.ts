/**
 * Follow-up tasks as a fold of their activities (type 'task', one `data.task` id each) in story order: the current
 * assignee, due time, state, and its history. Pure; applying an activity twice changes nothing.
 */
import { compareActivities, type Activity, type Actor } from '../../sync/schemas/activity.js';

export type TaskActivity = Extract<Activity, { type: 'task' }>;

export interface TaskView {
  id: string;
  contactId: string;
  title: string;
  /** Member id, or null for a team task. */
  assignee: string | null;
  dueAt: string;
  state: 'open' | 'acknowledged' | 'done';
  rule: string | null;
  profile: string | null;
  createdAt: string;
  createdBy: Actor;
  acknowledgedAt: string | null;
  completedAt: string | null;
  completedBy: Actor | null;
  completionNote: string | null;
  escalations: number;
  /** Every change, oldest first. */
  history: { change: TaskActivity['data']['change']; at: string; by: Actor; assignee: string | null; dueAt: string | null; note: string | null }[];
}

export function isTaskActivity(a: Activity): a is TaskActivity {
  return a.type === 'task';
}

/** The tasks of a story (any order, duplicates allowed), in creation order. A change to an unknown task is ignored. */
export function foldTasks(activities: readonly Activity[]): TaskView[] {
  const seen = new Set<string>();
  const story = activities.filter(isTaskActivity).filter((a) => (seen.has(a.id) ? false : (seen.add(a.id), true)));
  story.sort(compareActivities);
  const tasks = new Map<string, TaskView>();
  for (const a of story) {
    const d = a.data;
    const entry = { change: d.change, at: a.at, by: a.by, assignee: d.assignee, dueAt: d.dueAt, note: d.note };
    if (d.change === 'created') {
      if (tasks.has(d.task)) continue;
      tasks.set(d.task, {
        id: d.task,
        contactId: a.contactId,
        title: d.title ?? 'Follow up',
        assignee: d.assignee,
        dueAt: d.dueAt ?? a.at,
        state: 'open',
        rule: d.rule,
        profile: d.profile,
        createdAt: a.at,
        createdBy: a.by,
        acknowledgedAt: null,
        completedAt: null,
        completedBy: null,
        completionNote: null,
        escalations: 0,
        history: [entry],
      });
      continue;
    }
    const t = tasks.get(d.task);
    if (!t) continue;
    t.history.push(entry);
    switch (d.change) {
      case 'acknowledged':
        if (t.state === 'open') t.state = 'acknowledged';
        t.acknowledgedAt ??= a.at;
        break;
      case 'completed':
        t.state = 'done';
        t.completedAt = a.at;
        t.completedBy = a.by;
        t.completionNote = d.note;
        break;
      case 'reassigned':
        t.assignee = d.assignee;
        if (t.state === 'acknowledged') t.state = 'open'; // the new assignee has not seen it yet
        break;
      case 'escalated':
        t.assignee = d.assignee;
        t.escalations += 1;
        break;
      case 'snoozed':
        if (d.dueAt) t.dueAt = d.dueAt;
        break;
    }
  }
  return [...tasks.values()];
}

export function isOverdue(t: TaskView, now: Date): boolean {
  return t.state !== 'done' && Date.parse(t.dueAt) < now.getTime();
}
