/** One sentence per activity, for the contact's timeline: what happened, in the names staff know. */
import type { Activity } from '../../sync/schemas/activity.js';
import { stageRefIn } from './stage-names.js';
import type { CrmSettings, MemberName } from './types.js';

const CHANNEL: Record<string, string> = { voice: 'by voice', touch: 'on the touch screen', mixed: 'by voice and touch', text: 'simulated' };

/** Staff members by their display name; an id nobody answers for (a removed member) is shown as it is. */
export function summarize(a: Activity, s: CrmSettings, fieldLabels: Readonly<Record<string, string>> = {}, memberName: MemberName = () => null): string {
  const member = (id: string) => memberName(id) ?? id;
  const stage = (id: string | null) => (id === null ? 'none' : stageRefIn(s.stages, id).name);
  const tag = (id: string) => s.taxonomy.flatMap((c) => c.tags).find((t) => t.id === id)?.name ?? id;
  const field = (id: string) => fieldLabels[id] ?? id;
  const value = (v: unknown) => (v === null || v === '' ? '(empty)' : Array.isArray(v) ? v.join(', ') : String(v));
  switch (a.type) {
    case 'visit':
      return `${a.data.partial ? 'Unfinished visit' : a.data.returning ? 'Returning visit' : 'Visit'} ${CHANNEL[a.data.channel] ?? a.data.channel}`;
    case 'field-changed':
      // Saved unchanged: someone checked a value the visitor never confirmed (CrmService.editField).
      if (JSON.stringify(a.data.from) === JSON.stringify(a.data.to)) return `${field(a.data.field)} checked: ${value(a.data.to)}`;
      return `${field(a.data.field)} changed from ${value(a.data.from)} to ${value(a.data.to)}`;
    case 'tag-added':
      return `Tag added: ${tag(a.data.tag)}${a.data.matched ? ` (heard "${a.data.matched}")` : ''}`;
    case 'tag-removed':
      return `Tag removed: ${tag(a.data.tag)}`;
    case 'stage-changed':
      return a.data.from === null ? `Entered ${stage(a.data.to)}` : `Stage changed from ${stage(a.data.from)} to ${stage(a.data.to)}`;
    case 'note':
      return 'Note';
    case 'outcome': {
      const reason = a.data.reason ? (s.outcomeReasons.find((r) => r.id === a.data.reason)?.name ?? a.data.reason) : null;
      return `Outcome: ${a.data.result}${reason ? ` (${reason})` : ''}`;
    }
    case 'merge':
      return `Merged with contact ${a.data.from}`;
    case 'erasure':
      return 'Erased';
    case 'owner-changed':
      return `Owner changed from ${a.data.from === null ? 'nobody' : member(a.data.from)} to ${a.data.to === null ? 'nobody' : member(a.data.to)}`;
    case 'task':
      return taskSentence(a, member);
    case 'notification':
      return notificationSentence(a, member);
  }
}

function taskSentence(a: Extract<Activity, { type: 'task' }>, member: (id: string) => string): string {
  const d = a.data;
  const who = d.assignee === null ? 'the team' : member(d.assignee);
  switch (d.change) {
    case 'created':
      return `Task: ${d.title ?? 'follow up'} (for ${who}, due ${d.dueAt ?? 'now'})`;
    case 'acknowledged':
      return 'Task acknowledged';
    case 'completed':
      return `Task done${d.note ? `: ${d.note}` : ''}`;
    case 'reassigned':
      return `Task reassigned to ${who}`;
    case 'snoozed':
      return `Task snoozed until ${d.dueAt ?? 'later'}`;
    case 'escalated':
      return `Task escalated to ${who}${d.note ? ` (${d.note})` : ''}`;
  }
}

function notificationSentence(a: Extract<Activity, { type: 'notification' }>, member: (id: string) => string): string {
  const d = a.data;
  switch (d.change) {
    case 'sent':
      return `Notified ${d.recipients.map(member).join(', ') || 'nobody'}${d.message ? `: ${d.message}` : ''}`;
    case 'acknowledged':
      return 'Notification acknowledged';
    case 'escalated':
      return `Notification escalated to ${d.recipients.map(member).join(', ')}${d.note ? ` (${d.note})` : ''}`;
  }
}
