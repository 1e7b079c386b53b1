/**
 * Who is next when nobody acted: up the escalation chain of roles from the highest role among the current holders
 * (someone outside the chain goes to its first role), preferring members on shift, never the current holders.
 */
import { membersOnShift, membersWithRole, type Member, type Role } from './people.js';
import type { EscalationSettings } from './settings.js';

export function nextInLine(
  people: readonly Member[],
  escalation: EscalationSettings,
  holders: readonly string[],
  now: Date,
  zone: string,
): { role: Role; ids: string[] } | null {
  const roles = people.filter((m) => holders.includes(m.id)).map((m) => m.role);
  const from = Math.max(-1, ...roles.map((r) => escalation.chain.indexOf(r)));
  for (const role of escalation.chain.slice(from + 1)) {
    const all = membersWithRole(people, role).filter((m) => !holders.includes(m.id));
    if (!all.length) continue;
    const working = membersOnShift(all, now, zone);
    return { role, ids: (working.length ? working : all).map((m) => m.id) };
  }
  return null;
}
