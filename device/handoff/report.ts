/** What the handoff did for a contact, as lines for `frontdesk contacts show`: score with its reasons, tasks, notifications. */
import type { HandoffService } from './service.js';

/** `name`: a member's display name by id (ids when not given). */
export function handoffLines(report: ReturnType<HandoffService['contactReport']>, now: Date, name: (id: string) => string = (id) => id): string[] {
  const lines = [
    `Score: ${report.score.score}${report.score.reasons.length ? ` (${report.score.reasons.map((r) => `${r.label} ${r.points >= 0 ? '+' : ''}${r.points}`).join(', ')})` : ''}`,
  ];
  lines.push(`Owner: ${report.owner === null ? 'nobody' : name(report.owner)}`);
  if (report.tasks.length) {
    lines.push('Tasks:');
    for (const t of report.tasks) {
      const overdue = t.state !== 'done' && Date.parse(t.dueAt) < now.getTime();
      lines.push(
        `  ${t.id.slice(0, 8)}  ${overdue ? 'OVERDUE' : t.state}  due ${t.dueAt}  ${t.assignee === null ? 'team' : name(t.assignee)}  ${t.title}${t.completionNote ? ` — ${t.completionNote}` : ''}`,
      );
    }
  }
  if (report.notifications.length) {
    lines.push('Notifications:');
    for (const n of report.notifications)
      lines.push(
        `  ${n.sentAt}  to ${n.holders.map(name).join(', ')}  ${n.acknowledgedAt ? `acknowledged by ${n.acknowledgedBy?.name ?? '?'}` : 'not acknowledged'}  ${n.message}`,
      );
  }
  return lines;
}
