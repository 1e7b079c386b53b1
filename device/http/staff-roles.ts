/**
 * Who among the staff may do what, in one place so the People routes, the handoff settings route and the screens
 * agree. Owners and managers manage the staff; only an owner touches an owner (adds one, makes someone one, changes,
 * demotes, deactivates or removes one, changes their name or contact ways, sets their PIN): a manager must not be able to take over the owner's account.
 */
import type { Member, Role } from '../handoff/people.js';

/** Roles that manage people and PINs, change the handoff settings and read everyone's tasks and inbox. */
export const MANAGING_ROLES: readonly Role[] = ['owner', 'manager'];

export function mayManagePeople(member: Pick<Member, 'role'>): boolean {
  return MANAGING_ROLES.includes(member.role);
}

/** A refusal in plain words, saying who is logged in. */
export function notAllowedMessage(what: string, by: Pick<Member, 'name' | 'role'>): string {
  return `${what} You are logged in as ${by.name} (${by.role}).`;
}

/** Why `by` may not set `target`'s PIN, or null when they may. */
export function pinChangeRefusal(by: Pick<Member, 'id' | 'name' | 'role'>, target: Pick<Member, 'id' | 'name' | 'role'>): string | null {
  if (target.role === 'owner' && by.role !== 'owner') return notAllowedMessage(`Only an owner can change an owner's PIN (${target.name}).`, by);
  return null;
}

/**
 * Why `by` may not turn the people `before` into `after` because an owner is touched, or null. Compared by member id
 * on the parsed members: an owner's entry must stay as it was, and no one may become an owner.
 */
export function ownerChangeRefusal(by: Pick<Member, 'name' | 'role'>, before: readonly Member[], after: readonly Member[]): string | null {
  if (by.role === 'owner') return null;
  const next = new Map(after.map((m) => [m.id, m]));
  for (const owner of before.filter((m) => m.role === 'owner')) {
    const now = next.get(owner.id);
    if (!now) return notAllowedMessage(`Only an owner can remove an owner (${owner.name}).`, by);
    if (now.role !== 'owner') return notAllowedMessage(`Only an owner can change an owner's role (${owner.name}).`, by);
    if (!sameMember(owner, now)) return notAllowedMessage(`Only an owner can change an owner (${owner.name}).`, by);
  }
  const was = new Map(before.map((m) => [m.id, m]));
  for (const m of after.filter((x) => x.role === 'owner')) {
    const old = was.get(m.id);
    if (!old) return notAllowedMessage('Only an owner can add an owner.', by);
    if (old.role !== 'owner') return notAllowedMessage(`Only an owner can make ${old.name} an owner.`, by);
  }
  return null;
}

function sameMember(a: Member, b: Member): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * What of an owner only an owner changes: who they are, how they are reached (a manager must not redirect the owner's
 * messages) and whether they can log in. Shifts stay a manager's to plan (the Shifts tab). Key order and absent
 * optional fields do not count as a change.
 */
function canonical(m: Member): unknown {
  return {
    id: m.id,
    name: m.name,
    role: m.role,
    email: m.email ?? null,
    webhook: m.webhook ?? null,
    active: m.active,
  };
}

/** Whether `viewer` sees `member`'s contact ways (email, web address): owners and managers all, others their own. */
export function maySeeContactsOf(viewer: Pick<Member, 'id' | 'role'>, member: Pick<Member, 'id'>): boolean {
  return mayManagePeople(viewer) || viewer.id === member.id;
}

/** A member without their contact ways, for a viewer who may not see them. */
export function withoutContacts(m: Member): Member {
  const { email: _email, webhook: _webhook, ...rest } = m;
  return rest;
}
