/**
 * What rules hear of a committed CRM change: its activities as handoff events, in the order rules should see them
 * (the lead first, then its stage, tags and answers). Activities made by rules are left out: the engine already
 * followed their consequences when it made them.
 */
import type { Activity } from '../../sync/schemas/activity.js';
import type { HandoffEvent } from './snapshot.js';
import { hasValue } from './snapshot.js';

/** Field ids of the phone and email fields (by kind), to tell a walk-away that left a way to call back. */
export interface ContactFieldIds {
  phone: string | null;
  email: string | null;
}

export function eventsOf(activities: readonly Activity[], ids: ContactFieldIds): HandoffEvent[] {
  const first: HandoffEvent[] = [];
  const rest: HandoffEvent[] = [];
  for (const a of activities) {
    if (a.by.kind === 'rule') continue;
    switch (a.type) {
      case 'visit': {
        const answers = a.data.answers;
        if (a.data.partial) {
          const gave: ('phone' | 'email')[] = [];
          if (ids.phone && hasValue(answers[ids.phone])) gave.push('phone');
          if (ids.email && hasValue(answers[ids.email])) gave.push('email');
          // What this visit says was never confirmed is what the contact now holds unconfirmed: the latest visit's word
          // stands (device/crm/projection.ts `confirmation`).
          const marked = new Set(a.data.unconfirmed ?? []);
          const unconfirmed = gave.filter((k) => marked.has(ids[k]!));
          if (gave.length) first.push({ type: 'visit-abandoned', gave, ...(unconfirmed.length ? { unconfirmed } : {}) });
        } else first.push({ type: 'lead-stored' });
        for (const [field, v] of Object.entries(answers)) if (hasValue(v)) rest.push({ type: 'field-answered', field });
        break;
      }
      case 'stage-changed':
        first.push({ type: 'stage-entered', stage: a.data.to });
        break;
      case 'tag-added':
        rest.push({ type: 'tag-added', tag: a.data.tag });
        break;
      case 'field-changed':
        if (hasValue(a.data.to)) rest.push({ type: 'field-answered', field: a.data.field });
        break;
      default:
        break;
    }
  }
  return [...first, ...rest];
}
