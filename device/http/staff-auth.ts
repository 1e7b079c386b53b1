/**
 * Staff sessions, one PIN per staff member (migration 8). A login names the member (the kiosk shows the names to
 * tap) and gives their PIN; when only one member has a PIN, the name may be left out (the first start, and devices
 * that never added anyone). A PIN is never searched for among members: the name says whose hash to check.
 *
 * Lockout as for the roles (pin-auth.ts): wrong PINs counted per member and client address, in the database, the wait
 * doubling from 1 s to 15 min, counted before the hash check. A session carries its member; it ends when the member
 * is removed or made inactive, or their PIN is reset.
 *
 * A remote login (not the kiosk, where the names are on the screen) learns nothing about who works here: a name that
 * is no one's, a member without a PIN and a wrong PIN are all `wrong_pin`, counted alike (a name that is no one's
 * under its own key, so its waits are a member's) and checked against a stand-in hash so they take as long.
 */
import { randomBytes } from 'node:crypto';
import { pinProblem } from '../config/pins.js';
import { FIRST_MEMBER_ID } from '../handoff/config-schema.js';
import type { Member } from '../handoff/people.js';
import type { Logger } from '../log.js';
import type { MemberPinStore } from './member-pins.js';
import { delayMs, waitText, type ChooseResult, type DistinctResult, type LoginResult } from './pin-auth.js';
import { hashPin, verifyPin } from './pin-hash.js';
import type { AttemptKey, PinStore } from './pin-store.js';

export type StaffLoginResult =
  | (Extract<LoginResult, { ok: true }> & { member: Member })
  | Exclude<LoginResult, { ok: true }>
  | { ok: false; reason: 'member_required' | 'unknown_member' | 'member_pin_not_set'; message: string };

/** Where a login comes from: the kiosk (a loopback client) or remote access. */
export type LoginPlace = 'kiosk' | 'remote';

type Refusal = Extract<LoginResult, { reason: 'wrong_pin' | 'locked' }>;

export type SetPinResult = { ok: true } | { ok: false; reason: 'unknown_member' | 'mismatch' | 'weak' | 'same_as_technician' | 'locked'; message: string };

export interface StaffAuthOptions {
  pins: MemberPinStore;
  sessions: PinStore;
  /** The members in force (handoff settings). */
  people: () => readonly Member[];
  /** A session ends after this long without use, ms. */
  idleMs: number;
  log: Logger;
  now?: () => number;
  /**
   * The technician's auth: no member's PIN may be theirs (which would open the technician's screens to that member).
   * Each refusal counts as a wrong technician PIN for the client (PinAuth.checkDistinct), so it is no free oracle.
   */
  distinctFrom?: { readonly role: string; checkDistinct(pin: string, client: string): Promise<DistinctResult> };
}

/** Who holds the staff PIN of a device without member PINs: the default member, else the first owner, else the first. */
export function firstMember(people: readonly Member[]): Member | undefined {
  const active = people.filter((m) => m.active);
  return active.find((m) => m.id === FIRST_MEMBER_ID) ?? active.find((m) => m.role === 'owner') ?? active[0];
}

/** A member by id or name (case-insensitive), active ones only. */
export function findMember(people: readonly Member[], ref: string): Member | undefined {
  const r = ref.trim().toLowerCase();
  const active = people.filter((m) => m.active);
  return active.find((m) => m.id === r) ?? active.find((m) => m.name.toLowerCase() === r);
}

export class StaffAuth {
  readonly role = 'staff' as const;
  private readonly now: () => number;

  constructor(private readonly o: StaffAuthOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Active members who can log in (have a PIN), in the configured order. */
  loginMembers(): Member[] {
    const withPin = new Set(this.o.pins.members());
    return this.o.people().filter((m) => m.active && withPin.has(m.id));
  }

  hasPin(member: string): boolean {
    return this.o.pins.hash(member) !== null;
  }

  /** Whether any member can log in. */
  isSet(): boolean {
    return this.loginMembers().length > 0;
  }

  /**
   * The migrated PIN belongs to the default member "staff"; a config whose people do not include them gives it to
   * the first member instead (if they have none), so the PIN of before still opens the staff screen.
   */
  adoptMigratedPin(): void {
    const people = this.o.people();
    if (people.some((m) => m.id === FIRST_MEMBER_ID)) return;
    const first = firstMember(people);
    if (first && this.o.pins.move(FIRST_MEMBER_ID, first.id)) this.o.log.info({ member: first.id }, 'the staff PIN of before now belongs to the first member');
  }

  /**
   * Whether the old shared staff PIN (migration 8 gave it to the default owner "Staff"; staff.pin in the config does
   * the same) still logs in as that owner: the People tab asks the owner to give everyone their own PIN.
   */
  sharedPinInUse(): boolean {
    const staff = this.o.people().find((m) => m.id === FIRST_MEMBER_ID && m.active);
    const by = staff ? this.o.pins.setBy(staff.id) : null;
    return by === 'migration' || by === 'config';
  }

  /** A PIN from the config file (staff.pin, judged by the config schema) becomes the first member's. */
  async provision(pin: string): Promise<void> {
    const first = firstMember(this.o.people());
    if (!first) return;
    this.o.pins.set(first.id, await hashPin(pin), 'config', new Date(this.now()));
  }

  /** Whether `pin` is some member's PIN (the technician's PIN must differ from every staff PIN). */
  async matches(pin: string): Promise<boolean> {
    for (const id of this.o.pins.members()) {
      const hash = this.o.pins.hash(id);
      if (hash && (await verifyPin(pin, hash))) return true;
    }
    return false;
  }

  /** The first PIN of the device, chosen on the kiosk: the first member's; refused once any member has one. */
  async choose(pin: string, confirm: string, client: string): Promise<ChooseResult> {
    const first = firstMember(this.o.people());
    if (this.isSet() || !first) return { ok: false, reason: 'already_set', message: 'The staff PIN is already set.' };
    if (pin !== confirm) return { ok: false, reason: 'mismatch', message: 'The two PINs differ. Enter the same PIN twice.' };
    const problem = pinProblem('staff', pin);
    if (problem) return { ok: false, reason: 'weak', message: `Choose another PIN: ${problem}.` };
    const taken = await this.takenBy(pin, client);
    if (taken) return { ok: false, reason: 'weak', message: taken.message };
    const inForce = this.o
      .people()
      .filter((m) => m.active)
      .map((m) => m.id);
    if (!this.o.pins.setFirst(first.id, await hashPin(pin), new Date(this.now()), inForce))
      return { ok: false, reason: 'already_set', message: 'The staff PIN is already set.' };
    this.o.log.info({ member: first.id }, 'first staff PIN chosen on the kiosk');
    return { ok: true };
  }

  /**
   * Sets or resets a member's PIN (typed twice, judged as the staff PIN); their open sessions end, their lockout too.
   * `client` is the address asking: a PIN refused for being the technician's counts against it.
   */
  async setPin(memberRef: string, pin: string, confirm: string, by: string, client: string): Promise<SetPinResult> {
    const member = findMember(this.o.people(), memberRef);
    if (!member) {
      // Listed on the People tab all the same: say why, not that they do not exist.
      const inactive = this.o.people().find((m) => m.id === memberRef.trim().toLowerCase());
      const message = inactive
        ? `${inactive.name} is not active (switched off in the people settings): make them active first, then set their PIN.`
        : unknownMember(memberRef, this.o.people());
      return { ok: false, reason: 'unknown_member', message };
    }
    if (pin !== confirm) return { ok: false, reason: 'mismatch', message: 'The two PINs differ. Enter the same PIN twice.' };
    const problem = pinProblem('staff', pin);
    if (problem) return { ok: false, reason: 'weak', message: `Choose another PIN for ${member.name}: ${problem}.` };
    const taken = await this.takenBy(pin, client);
    if (taken) return { ok: false, ...taken };
    this.o.pins.set(member.id, await hashPin(pin), by, new Date(this.now()));
    this.o.sessions.endMemberSessions(member.id);
    // Wrong tries of the forgotten PIN must not keep the member waiting up to 15 min for the new one.
    this.o.sessions.clearAllFailures(`staff:${member.id}`);
    this.o.log.info({ member: member.id }, 'member PIN set');
    return { ok: true };
  }

  /**
   * Why `pin` may not be a member's (it is the other role's PIN; or `client` must wait after wrong tries of it, when
   * it is not compared), or null. Counted against `client` as a wrong try of the other role's PIN when refused.
   */
  async takenBy(pin: string, client: string): Promise<{ reason: 'same_as_technician' | 'locked'; message: string } | null> {
    const other = this.o.distinctFrom;
    if (!other) return null;
    const r = await other.checkDistinct(pin, client);
    if (r.ok) return null;
    if (r.reason === 'locked')
      return { reason: 'locked', message: `Too many tries of the ${other.role} PIN from here. Try again in ${waitText(r.retryAfterS)}.` };
    return { reason: 'same_as_technician', message: `Choose a PIN different from the ${other.role} PIN.` };
  }

  /** A removed member: no PIN, no session. */
  forget(member: string): void {
    this.o.pins.remove(member);
    this.o.sessions.endMemberSessions(member);
  }

  /**
   * The people changed (saved settings): a member removed is forgotten, so one added back under the same id starts
   * without a PIN; a member made inactive loses their sessions, so making them active again does not revive them.
   */
  peopleChanged(before: readonly Member[], after: readonly Member[]): void {
    const now = new Map(after.map((m) => [m.id, m]));
    for (const m of before) {
      const next = now.get(m.id);
      if (!next) this.forget(m.id);
      else if (m.active && !next.active) this.o.sessions.endMemberSessions(m.id);
    }
  }

  async login(pin: string, client: string, memberRef: string | undefined, place: LoginPlace): Promise<StaffLoginResult> {
    const people = this.o.people();
    let member: Member | undefined;
    if (memberRef === undefined) {
      const holders = this.loginMembers();
      if (holders.length === 0) return { ok: false, reason: 'not_set' };
      if (holders.length > 1) return { ok: false, reason: 'member_required', message: 'Tap your name first, then enter your PIN.' };
      member = holders[0]!;
    } else {
      member = findMember(people, memberRef);
      if (!member) {
        if (place === 'remote')
          return (await this.tryPin(`staff:?${memberRef.trim().toLowerCase()}`, client, pin, null, { typedName: memberRef.slice(0, 80) }))!;
        return { ok: false, reason: 'unknown_member', message: unknownMember(memberRef, people) };
      }
    }
    const key = `staff:${member.id}` as const;
    const hash = this.o.pins.hash(member.id);
    if (hash === null) {
      if (!this.isSet()) return { ok: false, reason: 'not_set' };
      if (place === 'remote') return (await this.tryPin(key, client, pin, null, { member: member.id }))!;
      return { ok: false, reason: 'member_pin_not_set', message: `${member.name} has no PIN yet. An owner or manager sets it on the People tab.` };
    }
    const refused = await this.tryPin(key, client, pin, hash, { member: member.id });
    if (refused) return refused;
    this.o.sessions.clearFailures(key, client);
    const now = this.now();
    const token = randomBytes(32).toString('base64url');
    this.o.sessions.addSession('staff', token, client, now, member.id);
    this.o.log.info({ member: member.id, client }, 'logged in');
    return { ok: true, token, expiresAt: new Date(now + this.o.idleMs).toISOString(), member };
  }

  /**
   * One PIN try of `key` from `client`: refused unchecked while the client waits, else counted as wrong until proven
   * right (so tries sent in parallel meet the delay too). A null `hash` (no such member, or no PIN yet, asked
   * remotely) is always wrong, compared with a stand-in hash all the same so the answer takes as long. Null when right.
   */
  private async tryPin(key: AttemptKey, client: string, pin: string, hash: string | null, who: object): Promise<Refusal | null> {
    const now = this.now();
    const before = this.o.sessions.attempts(key, client);
    const readyAt = before.lastFailureAt + delayMs(before.failures);
    if (now < readyAt) {
      this.o.log.warn({ ...who, client, failures: before.failures }, 'PIN try refused while waiting after wrong PINs');
      return { ok: false, reason: 'locked', retryAfterS: Math.ceil((readyAt - now) / 1000) };
    }
    const after = this.o.sessions.recordFailure(key, client, now);
    const right = await verifyPin(pin, hash ?? (await this.standInHash()));
    if (right && hash !== null) return null;
    const retryAfterS = Math.ceil(delayMs(after.failures) / 1000);
    this.o.log.warn({ ...who, client, failures: after.failures, retryAfterS }, hash === null ? 'wrong PIN (no such member, or no PIN yet)' : 'wrong PIN');
    return { ok: false, reason: 'wrong_pin', retryAfterS };
  }

  private standIn?: Promise<string>;

  /** A hash of a random PIN no one knows, made once: what a try naming no one is compared with. */
  private standInHash(): Promise<string> {
    this.standIn ??= hashPin(randomBytes(16).toString('hex'));
    return this.standIn;
  }

  /** The member of an `Authorization: Bearer <token>` header's live session, or null. */
  member(header: string | undefined): Member | null {
    return this.memberOfToken(bearer(header));
  }

  /** The member of a bare token's live session (a check counts as use unless `touch` is false), or null. */
  memberOfToken(token: string | undefined, touch = true): Member | null {
    if (!token || token.length > 200) return null;
    const now = this.now();
    const last = this.o.sessions.sessionLastSeen('staff', token);
    if (last === null) return null;
    if (now - last > this.o.idleMs) {
      this.o.sessions.endIdleSessions('staff', now - this.o.idleMs);
      return null;
    }
    const id = this.o.sessions.sessionMember('staff', token);
    const member = id === null ? undefined : this.o.people().find((m) => m.id === id && m.active);
    if (!member) return null; // removed or made inactive since: the session is over
    if (touch) this.o.sessions.touchSession(token, now);
    return member;
  }

  check(header: string | undefined): boolean {
    return this.member(header) !== null;
  }

  checkToken(token: string | undefined, touch = true): boolean {
    return this.memberOfToken(token, touch) !== null;
  }

  logout(header: string | undefined): boolean {
    const token = bearer(header);
    return token ? this.o.sessions.endSession('staff', token) : false;
  }
}

function unknownMember(ref: string, people: readonly Member[]): string {
  const names = people.filter((m) => m.active).map((m) => m.name);
  return `There is no member "${ref.slice(0, 80)}". Members: ${names.join(', ') || '(none)'}.`;
}

function bearer(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}
