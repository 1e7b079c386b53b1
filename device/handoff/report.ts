/** What the handoff did for a contact, as lines for `frontdesk contacts show`: score with its reasons, tasks, notifications. */
import type { HandoffService } from './service.js';

export function handoffLines(report: ReturnType<HandoffService['contactReport']>, now: Date): string[] {
  const lines = [
    `Score: ${report.score.score}${report.score.reasons.length ? ` (${report.score.reasons.map((r) => `${r.label} ${r.points >= 0 ? '+' : ''}${r.points}`).join(', ')})` : ''}`,
  ];
  lines.push(`Owner: ${report.owner ?? 'nobody'}`);
  if (report.tasks.length) {
    lines.push('Tasks:');
    for (const t of report.tasks) {
      const overdue = t.state !== 'done' && Date.parse(t.dueAt) < now.getTime();
      lines.push(
        `  ${t.id.slice(0, 8)}  ${overdue ? 'OVERDUE' : t.state}  due ${t.dueAt}  ${t.assignee ?? 'team'}  ${t.title}${t.completionNote ? ` — ${t.completionNote}` : ''}`,
      );
    }
  }
  if (report.notifications.length) {
    lines.push('Notifications:');
    for (const n of report.notifications)
      lines.push(
        `  ${n.sentAt}  to ${n.holders.join(', ')}  ${n.acknowledgedAt ? `acknowledged by ${n.acknowledgedBy?.name ?? '?'}` : 'not acknowledged'}  ${n.message}`,
      );
  }
  return lines;
}
