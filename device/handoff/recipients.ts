/**
 * Who a notification or task reaches: the owner, a member, a role (those on shift first), or everyone on shift.
 * When that is nobody (nobody on shift at night), the first role of the escalation chain that has someone.
 */
import { membersWithRole, type Member } from './people.js';
import type { Recipient } from './rules.js';
import type { EscalationSettings } from './settings.js';

export interface Resolved {
  ids: string[];
  /** Why the list is not what the rule asked for, e.g. 'nobody on shift: told the manager'. */
  fallback: string | null;
}

export function resolveRecipients(
  to: Recipient,
  owner: string | null,
  people: readonly Member[],
  escalation: EscalationSettings,
  /** Whether a member is on shift now (the caller caches it: it takes a time-zone conversion). */
  isOnShift: (m: Member) => boolean,
): Resolved {
  const active = people.filter((m) => m.active);
  let ids: string[] = [];
  let wanted = '';
  switch (to.kind) {
    case 'owner':
      ids = owner && active.some((m) => m.id === owner) ? [owner] : [];
      wanted = 'no owner yet';
      break;
    case 'member':
      ids = active.some((m) => m.id === to.member) ? [to.member] : [];
      wanted = `${to.member} is not an active member`;
      break;
    case 'role': {
      const all = membersWithRole(people, to.role);
      const working = all.filter(isOnShift);
      ids = (working.length ? working : all).map((m) => m.id);
      wanted = `nobody has the role ${to.role}`;
      break;
    }
    case 'on-shift':
      ids = active.filter(isOnShift).map((m) => m.id);
      wanted = 'nobody on shift';
      break;
  }
  if (ids.length) return { ids, fallback: null };
  for (const role of escalation.chain) {
    const all = membersWithRole(people, role);
    if (!all.length) continue;
    const working = all.filter(isOnShift);
    return { ids: (working.length ? working : all).map((m) => m.id), fallback: `${wanted}: told the ${role}` };
  }
  return { ids: [], fallback: `${wanted}, and nobody in the escalation chain` };
}
