/**
 * Notifications as a fold of their activities (type 'notification', one `data.notification` id each) in story
 * order: who holds it now, whether someone acknowledged it, and when it escalates. Pure.
 */
import { compareActivities, type Activity, type Actor } from '../../sync/schemas/activity.js';

export type NotificationActivity = Extract<Activity, { type: 'notification' }>;

export interface NotificationView {
  id: string;
  contactId: string;
  message: string;
  rule: string | null;
  /** Everyone it went to, the first recipients and those it escalated to. */
  recipients: string[];
  /** Those it is with now (the latest escalation's, or the first recipients). */
  holders: string[];
  sentAt: string;
  escalateAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: Actor | null;
  escalations: { at: string; to: string[]; note: string | null }[];
  note: string | null;
}

export function isNotificationActivity(a: Activity): a is NotificationActivity {
  return a.type === 'notification';
}

export function foldNotifications(activities: readonly Activity[]): NotificationView[] {
  const seen = new Set<string>();
  const story = activities.filter(isNotificationActivity).filter((a) => (seen.has(a.id) ? false : (seen.add(a.id), true)));
  story.sort(compareActivities);
  const out = new Map<string, NotificationView>();
  for (const a of story) {
    const d = a.data;
    if (d.change === 'sent') {
      if (out.has(d.notification)) continue;
      out.set(d.notification, {
        id: d.notification,
        contactId: a.contactId,
        message: d.message ?? '',
        rule: d.rule,
        recipients: [...d.recipients],
        holders: [...d.recipients],
        sentAt: a.at,
        escalateAt: d.escalateAt,
        acknowledgedAt: null,
        acknowledgedBy: null,
        escalations: [],
        note: d.note,
      });
      continue;
    }
    const n = out.get(d.notification);
    if (!n) continue;
    if (d.change === 'acknowledged') {
      if (n.acknowledgedAt === null) {
        n.acknowledgedAt = a.at;
        n.acknowledgedBy = a.by;
      }
      n.escalateAt = null;
    } else {
      n.escalations.push({ at: a.at, to: [...d.recipients], note: d.note });
      n.holders = [...d.recipients];
      for (const r of d.recipients) if (!n.recipients.includes(r)) n.recipients.push(r);
      n.escalateAt = n.acknowledgedAt === null ? d.escalateAt : null;
    }
  }
  return [...out.values()];
}
