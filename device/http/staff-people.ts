/**
 * The staff members as the People tab manages them: add a member with their PIN, set or reset a PIN, remove a
 * member. Only an owner or a manager may, and only an owner touches an owner (staff-roles.ts). Who the members are lives in the handoff settings (checked by the one
 * validator, device/handoff/validate.ts: duplicate names, the last owner); their PINs in the database (StaffAuth).
 */
import { CodedError } from '../../base/errors.js';
import { pinProblem } from '../config/pins.js';
import { HandoffError } from '../handoff/errors.js';
import { peopleSchema, type Member, type MemberInput, type Role } from '../handoff/people.js';
import type { HandoffSettings, HandoffSettingsInput } from '../handoff/settings.js';
import { findMember, type StaffAuth } from './staff-auth.js';
import { mayManagePeople, ownerChangeRefusal, pinChangeRefusal } from './staff-roles.js';

export { MANAGING_ROLES, mayManagePeople } from './staff-roles.js';

export type PeopleErrorCode = 'not_allowed' | 'unknown_member' | 'pin_refused' | 'member_invalid' | 'locked';

/** A refused change; `issues` name the input each problem belongs to (`name`, `email`, `pin`, ...). */
export class PeopleError extends CodedError<PeopleErrorCode> {
  constructor(
    code: PeopleErrorCode,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(code, message);
  }
}

export interface PersonView {
  id: string;
  name: string;
  role: Role;
  email: string | null;
  webhook: string | null;
  shifts: Member['shifts'];
  active: boolean;
  hasPin: boolean;
}

export type NewMember = Omit<MemberInput, 'id'> & { pin: string; confirm: string };

export interface PeopleSettings {
  settings(): HandoffSettings;
  updateSettings(patch: { [K in keyof HandoffSettingsInput]?: unknown }, by: string): HandoffSettings;
}

/** A member id from a name: lower-case letters, digits and dashes, unique among `taken`. */
export function memberIdFor(name: string, taken: readonly string[]): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^[^a-z]+|-+$/g, '')
      .slice(0, 36) || 'member';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

export class StaffPeople {
  constructor(
    private readonly handoff: PeopleSettings,
    private readonly auth: StaffAuth,
  ) {}

  list(): PersonView[] {
    return this.handoff.settings().people.map((m) => ({
      id: m.id,
      name: m.name,
      role: m.role,
      email: m.email ?? null,
      webhook: m.webhook ?? null,
      shifts: m.shifts,
      active: m.active,
      hasPin: this.auth.hasPin(m.id),
    }));
  }

  /** Whether the old shared staff PIN still logs in as the owner "Staff" (StaffAuth.sharedPinInUse). */
  sharedPinInUse(): boolean {
    return this.auth.sharedPinInUse();
  }

  /**
   * Adds a member with their PIN (typed twice). Nothing is saved when the member or the PIN is refused. `client` is
   * the address asking (a PIN that is the technician's counts as a wrong technician PIN for it).
   */
  async add(input: NewMember, by: Member, client: string): Promise<PersonView> {
    this.mustManage(by, 'add people');
    const { pin, confirm, ...fields } = input;
    judgePin(pin, confirm, typeof fields.name === 'string' ? fields.name : 'the new member');
    const taken = await this.auth.takenBy(pin, client);
    if (taken) throw pinRefusal(taken);
    const people = this.handoff.settings().people;
    const id = memberIdFor(
      String(fields.name ?? ''),
      people.map((m) => m.id),
    );
    const at = people.length;
    this.save([...people, { ...fields, id }], by, (path) => (path[1] === at ? String(path[2] ?? 'name') : null));
    const set = await this.auth.setPin(id, pin, confirm, by.name, client);
    if (!set.ok) throw pinRefusal(set);
    return this.list().find((p) => p.id === id)!;
  }

  /** Sets or resets a member's PIN (typed twice, judged as the staff PIN); their open sessions end. `client` as for add. */
  async setPin(ref: string, pin: string, confirm: string, by: Member, client: string): Promise<PersonView> {
    this.mustManage(by, "set someone's PIN");
    const member = this.find(ref);
    const refusal = pinChangeRefusal(by, member);
    if (refusal) throw new PeopleError('not_allowed', refusal);
    judgePin(pin, confirm, member.name);
    const r = await this.auth.setPin(member.id, pin, confirm, by.name, client);
    if (!r.ok) throw pinRefusal(r);
    return this.list().find((p) => p.id === member.id)!;
  }

  /** Removes a member (not the last owner; not one a rule still names): their PIN and sessions go with them. */
  remove(ref: string, by: Member): void {
    this.mustManage(by, 'remove people');
    const member = this.find(ref);
    this.save(
      this.handoff.settings().people.filter((m) => m.id !== member.id),
      by,
      () => null,
    );
    this.auth.forget(member.id);
  }

  private find(ref: string): Member {
    const people = this.handoff.settings().people;
    const m = people.find((p) => p.id === ref) ?? findMember(people, ref);
    if (!m) throw new PeopleError('unknown_member', `There is no member "${ref.slice(0, 80)}". Members: ${people.map((p) => p.name).join(', ')}.`);
    return m;
  }

  private mustManage(by: Member, what: string): void {
    if (!mayManagePeople(by)) throw new PeopleError('not_allowed', `Only an owner or a manager can ${what}. You are logged in as ${by.name} (${by.role}).`);
  }

  /** Saves the people through the one validator; its problems come back named by input where `inputOf` knows it. */
  private save(people: unknown[], by: Member, inputOf: (path: (string | number)[]) => string | null): void {
    const refusal = ownerChangeRefusalOf(by, this.handoff.settings().people, people);
    if (refusal) throw new PeopleError('not_allowed', refusal);
    try {
      this.handoff.updateSettings({ people }, by.name);
    } catch (err) {
      if (!(err instanceof HandoffError) || err.code !== 'settings_invalid') throw err;
      const issues = err.details.map((line) => {
        const [path, ...rest] = line.split(': ');
        const parts = (path ?? '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
        return { path: inputOf(parts) ?? path ?? '', message: rest.join(': ') || line };
      });
      throw new PeopleError('member_invalid', issues.map((i) => i.message).join('; '), issues);
    }
  }
}

/** Why `by` may not save the people `proposed` (an owner touched), or null; input the validator refuses is left to it. */
export function ownerChangeRefusalOf(by: Member, before: readonly Member[], proposed: unknown): string | null {
  const after = peopleSchema.safeParse(proposed);
  return after.success ? ownerChangeRefusal(by, before, after.data) : null;
}

function pinRefusal(r: { reason: string; message: string }): PeopleError {
  const code = r.reason === 'unknown_member' || r.reason === 'locked' ? r.reason : 'pin_refused';
  return new PeopleError(code, r.message, [{ path: 'pin', message: r.message }]);
}

function judgePin(pin: string, confirm: string, name: string): void {
  const problem = pinProblem('staff', pin);
  if (problem)
    throw new PeopleError('pin_refused', `Choose another PIN for ${name}: ${problem}.`, [{ path: 'pin', message: `Choose another PIN: ${problem}.` }]);
  if (pin !== confirm)
    throw new PeopleError('pin_refused', 'The two PINs differ. Enter the same PIN twice.', [
      { path: 'confirm', message: 'The two PINs differ. Enter the same PIN twice.' },
    ]);
}
