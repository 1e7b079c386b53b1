/**
 * Staff members and their PINs over a real SQLite database and the real handoff settings (the one validator): add a
 * member with a PIN, set and reset PINs, remove members, log in by name; bad input refused with the reason.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TEAM } from '../../test/support/handoff-fixtures.js';
import { handoffOnDb } from '../../test/support/handoff-on-db.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { configSchema } from '../config/schema.js';
import type { Member } from '../handoff/people.js';
import { createLogger, silentLogger } from '../log.js';
import { MemberPinStore } from './member-pins.js';
import { MAX_DELAY_MS, PinAuth, type DistinctResult } from './pin-auth.js';
import { hashPin } from './pin-hash.js';
import { ATTEMPT_MEMORY_MS, PinStore } from './pin-store.js';
import { StaffAuth } from './staff-auth.js';
import { memberIdFor, PeopleError, StaffPeople } from './staff-people.js';

const CLIENT = '127.0.0.1';

function setup(team: unknown = TEAM, log = silentLogger()) {
  const config = configSchema.parse({ handoff: { people: team, rules: [] } });
  const clock = new ManualClock('2026-03-02T11:00:00.000Z');
  const { db, handoff } = handoffOnDb(config, clock);
  const sessions = new PinStore(db);
  const auth = new StaffAuth({
    pins: new MemberPinStore(db),
    sessions,
    people: () => handoff.settings().people,
    idleMs: 60_000,
    log,
    now: () => clock.now().getTime(),
    distinctFrom: {
      role: 'technician',
      checkDistinct: (pin: string, client: string): Promise<DistinctResult> => technician.checkDistinct(pin, client, 'member'),
    },
  });
  const technician = new PinAuth({ role: 'technician', store: sessions, idleMs: 60_000, log, now: () => clock.now().getTime(), distinctFrom: auth });
  const people = new StaffPeople(handoff, auth);
  const member = (id: string): Member => handoff.settings().people.find((m) => m.id === id)!;
  return { db, clock, handoff, auth, people, member, technician };
}

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<PeopleError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    if (err instanceof PeopleError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('staff members with their own PINs', () => {
  it('an owner adds a member with a PIN; the member logs in by name, and the session knows them', async () => {
    const { people, auth, member } = setup();
    const added = await people.add({ name: 'Zoë Brand', role: 'sales', email: 'zoe@example.com', pin: '583920', confirm: '583920' }, member('olga'), CLIENT);
    expect(added).toMatchObject({ id: 'zoe-brand', name: 'Zoë Brand', role: 'sales', email: 'zoe@example.com', hasPin: true });
    const login = await auth.login('583920', CLIENT, 'Zoë Brand', 'kiosk');
    expect(login).toMatchObject({ ok: true, member: { id: 'zoe-brand' } });
    if (!login.ok) throw new Error('login failed');
    expect(auth.member(`Bearer ${login.token}`)?.name).toBe('Zoë Brand');
    // Someone else's PIN does not open another member's session.
    expect(await auth.login('583920', CLIENT, 'olga', 'kiosk')).toMatchObject({ ok: false, reason: 'member_pin_not_set' });
  });

  it('refuses bad input with the reason and saves nothing: weak PIN, PINs that differ, duplicate name, bad email, unknown role', async () => {
    const { people, member, handoff } = setup();
    const olga = member('olga');
    const weak = await refusal(people.add({ name: 'Ann', role: 'sales', pin: '123456', confirm: '123456' }, olga, CLIENT));
    expect(weak).toMatchObject({ code: 'pin_refused', issues: [{ path: 'pin', message: expect.stringMatching(/run in order/) }] });
    const short = await refusal(people.add({ name: 'Ann', role: 'sales', pin: '4027', confirm: '4027' }, olga, CLIENT));
    expect(short.issues[0]).toMatchObject({ path: 'pin', message: expect.stringMatching(/at least 6 digits/) });
    const differ = await refusal(people.add({ name: 'Ann', role: 'sales', pin: '583920', confirm: '583921' }, olga, CLIENT));
    expect(differ.issues).toEqual([{ path: 'confirm', message: expect.stringMatching(/differ/) }]);
    const dup = await refusal(people.add({ name: 'maria', role: 'sales', pin: '583920', confirm: '583920' }, olga, CLIENT));
    expect(dup).toMatchObject({
      code: 'member_invalid',
      issues: [{ path: 'name', message: expect.stringMatching(/"maria" is already the name of member 3/) }],
    });
    const email = await refusal(people.add({ name: 'Ann', role: 'sales', email: 'ann-at-example', pin: '583920', confirm: '583920' }, olga, CLIENT));
    expect(email.issues).toEqual([{ path: 'email', message: expect.stringMatching(/not an email address/) }]);
    const role = await refusal(people.add({ name: 'Ann', role: 'boss' as 'sales', pin: '583920', confirm: '583920' }, olga, CLIENT));
    expect(role.issues[0]).toMatchObject({ path: 'role', message: expect.stringMatching(/owner, manager, sales, front-desk/) });
    expect(handoff.settings().people.map((m) => m.id)).toEqual(TEAM!.map((m) => m.id));
  });

  it('only an owner or a manager manages people; unknown members are named as such', async () => {
    const { people, member, auth } = setup();
    const notAllowed = await refusal(people.add({ name: 'Ann', role: 'sales', pin: '583920', confirm: '583920' }, member('maria'), CLIENT));
    expect(notAllowed).toMatchObject({ code: 'not_allowed', message: expect.stringMatching(/Maria \(sales\)/) });
    expect(await refusal(people.setPin('mario', '583920', '583920', member('tom'), CLIENT))).toMatchObject({
      code: 'unknown_member',
      message: /no member "mario"/,
    });
    expect(await refusal(() => people.remove('mario', member('olga')))).toMatchObject({ code: 'unknown_member' });
    expect(await auth.login('583920', CLIENT, 'mario', 'kiosk')).toMatchObject({
      ok: false,
      reason: 'unknown_member',
      message: expect.stringMatching(/Olga, Tom, Maria/),
    });
  });

  it("a manager cannot take over an owner's account: no owner's PIN, no new owner; their own PIN and staff PINs they may set", async () => {
    const { people, member, auth } = setup();
    const tom = member('tom');
    const reset = await refusal(people.setPin('olga', '583920', '583920', tom, CLIENT));
    expect(reset).toMatchObject({
      code: 'not_allowed',
      message: expect.stringMatching(/^Only an owner can change an owner's PIN \(Olga\)\. You are logged in as Tom \(manager\)/),
    });
    expect(auth.hasPin('olga')).toBe(false);
    const addOwner = await refusal(people.add({ name: 'Max', role: 'owner', pin: '583920', confirm: '583920' }, tom, CLIENT));
    expect(addOwner).toMatchObject({ code: 'not_allowed', message: expect.stringMatching(/^Only an owner can add an owner/) });
    expect(people.list().map((p) => p.name)).not.toContain('Max');
    const removeOwner = await refusal(() => people.remove('olga', tom));
    expect(removeOwner).toMatchObject({ code: 'not_allowed', message: expect.stringMatching(/^Only an owner can remove an owner \(Olga\)/) });
    // What a manager does: their own PIN, a sales member's PIN, a new sales member.
    await people.setPin('tom', '583920', '583920', tom, CLIENT);
    await people.setPin('maria', '691357', '691357', tom, CLIENT);
    await people.add({ name: 'Ann', role: 'sales', pin: '730418', confirm: '730418' }, tom, CLIENT);
    // An owner may do all of it.
    await people.add({ name: 'Max', role: 'owner', pin: '864213', confirm: '864213' }, member('olga'), CLIENT);
    await people.setPin('max', '951735', '951735', member('olga'), CLIENT);
    expect(people.list().find((p) => p.id === 'max')).toMatchObject({ role: 'owner', hasPin: true });
  });

  it('a PIN for a member who is not active is refused saying so, not as an unknown member', async () => {
    const { people, member } = setup(TEAM!.map((m) => (m.id === 'lee' ? { ...m, active: false } : m)));
    const r = await refusal(people.setPin('lee', '583920', '583920', member('olga'), CLIENT));
    expect(r.message).toMatch(/^Lee is not active/);
    expect(r.message).not.toMatch(/no member/);
  });

  it("a manager resets a member's PIN: the old PIN and the member's open sessions stop working", async () => {
    const { people, member, auth } = setup();
    await people.setPin('maria', '583920', '583920', member('tom'), CLIENT);
    const first = await auth.login('583920', CLIENT, 'maria', 'kiosk');
    if (!first.ok) throw new Error('login failed');
    await people.setPin('Maria', '691357', '691357', member('tom'), CLIENT);
    expect(auth.member(`Bearer ${first.token}`)).toBeNull();
    expect(await auth.login('583920', '10.0.0.9', 'maria', 'remote')).toMatchObject({ ok: false, reason: 'wrong_pin' });
    expect(await auth.login('691357', CLIENT, 'maria', 'kiosk')).toMatchObject({ ok: true });
  });

  it('counts wrong PINs per member and client: a locked member does not lock another', async () => {
    const { people, member, auth, clock } = setup();
    await people.setPin('maria', '583920', '583920', member('olga'), CLIENT);
    await people.setPin('sam', '691357', '691357', member('olga'), CLIENT);
    expect(await auth.login('000001', CLIENT, 'maria', 'kiosk')).toMatchObject({ ok: false, reason: 'wrong_pin', retryAfterS: 1 });
    expect(await auth.login('583920', CLIENT, 'maria', 'kiosk')).toMatchObject({ ok: false, reason: 'locked' });
    expect(await auth.login('691357', CLIENT, 'sam', 'kiosk')).toMatchObject({ ok: true });
    clock.advance(1_000);
    expect(await auth.login('583920', CLIENT, 'maria', 'kiosk')).toMatchObject({ ok: true });
  });

  it('forgets wrong PINs a day after the last one: rows for names typed remotely that match no member do not pile up', async () => {
    const { people, member, auth, clock, db } = setup();
    await people.setPin('maria', '583920', '583920', member('olga'), CLIENT);
    const rows = () =>
      (db.prepare(`SELECT role, client FROM login_attempts ORDER BY role, client`).all() as { role: string; client: string }[]).map(
        (r) => `${r.role}@${r.client}`,
      );
    for (const name of ['bob', 'eve', 'mallory']) {
      expect(await auth.login('000001', '203.0.113.9', name, 'remote')).toMatchObject({ ok: false, reason: 'wrong_pin' });
      clock.advance(1_000);
    }
    // Maria locks herself out for a while: a lockout is never forgotten before its wait ends.
    for (let i = 0; i < 12; i++) {
      const r = await auth.login('000001', CLIENT, 'maria', 'kiosk');
      if (i < 11) clock.advance(r.ok || !('retryAfterS' in r) ? 0 : r.retryAfterS * 1000);
    }
    expect(await auth.login('000001', CLIENT, 'maria', 'kiosk')).toMatchObject({ ok: false, reason: 'locked', retryAfterS: MAX_DELAY_MS / 1000 });
    expect(ATTEMPT_MEMORY_MS).toBeGreaterThan(MAX_DELAY_MS);
    expect(rows()).toEqual(['staff:?bob@203.0.113.9', 'staff:?eve@203.0.113.9', 'staff:?mallory@203.0.113.9', 'staff:maria@127.0.0.1']);

    // A day after the remote tries (Maria's last wrong PIN was later): the next wrong PIN anywhere forgets them.
    clock.advance(ATTEMPT_MEMORY_MS - 12 * 60_000);
    expect(await auth.login('000001', '198.51.100.7', 'trudy', 'remote')).toMatchObject({ ok: false, reason: 'wrong_pin' });
    expect(rows()).toEqual(['staff:?trudy@198.51.100.7', 'staff:maria@127.0.0.1']);
    clock.advance(ATTEMPT_MEMORY_MS + 1);
    expect(await auth.login('583920', CLIENT, 'maria', 'kiosk')).toMatchObject({ ok: true });
    expect(await auth.login('000001', '198.51.100.7', 'trudy', 'remote')).toMatchObject({ ok: false, reason: 'wrong_pin', retryAfterS: 1 });
    expect(rows()).toEqual(['staff:?trudy@198.51.100.7']);
  });

  it('a member locked out by wrong PINs logs in at once with the PIN a manager just reset', async () => {
    const { people, member, auth, clock } = setup();
    await people.setPin('maria', '583920', '583920', member('tom'), CLIENT);
    for (let i = 0; i < 6; i++) {
      const r = await auth.login('000001', CLIENT, 'maria', 'kiosk');
      if (i < 5) clock.advance(r.ok || !('retryAfterS' in r) ? 0 : r.retryAfterS * 1000);
    }
    expect(await auth.login('583920', CLIENT, 'maria', 'kiosk')).toMatchObject({ ok: false, reason: 'locked' });
    await people.setPin('maria', '691357', '691357', member('tom'), CLIENT);
    expect(await auth.login('691357', CLIENT, 'maria', 'kiosk')).toMatchObject({ ok: true });
  });

  it('removes a member (PIN and sessions go) but never the last owner; a second owner makes it possible', async () => {
    const { people, member, auth, handoff } = setup();
    await people.setPin('lee', '583920', '583920', member('olga'), CLIENT);
    const lee = await auth.login('583920', CLIENT, 'lee', 'kiosk');
    if (!lee.ok) throw new Error('login failed');
    people.remove('lee', member('olga'));
    expect(auth.member(`Bearer ${lee.token}`)).toBeNull();
    expect(auth.hasPin('lee')).toBe(false);
    const last = await refusal(() => people.remove('olga', member('olga')));
    expect(last).toMatchObject({ code: 'member_invalid', message: expect.stringMatching(/Olga is the last owner: make someone else an owner first/) });
    // Demoting the last owner through the settings is refused the same way.
    expect(() => handoff.updateSettings({ people: handoff.settings().people.map((m) => (m.id === 'olga' ? { ...m, role: 'sales' } : m)) }, 'Tom')).toThrow(
      /people\.0\.role: Olga is the last owner/,
    );
    handoff.updateSettings({ people: handoff.settings().people.map((m) => (m.id === 'tom' ? { ...m, role: 'owner' } : m)) }, 'Olga');
    people.remove('olga', member('tom'));
    expect(handoff.settings().people.map((m) => m.id)).toEqual(['tom', 'maria', 'sam']);
  });

  it('a login without a name works only while one member has a PIN', async () => {
    const { people, member, auth } = setup();
    expect(await auth.login('583920', CLIENT, undefined, 'kiosk')).toEqual({ ok: false, reason: 'not_set' });
    expect(await auth.choose('583920', '583920', CLIENT)).toEqual({ ok: true }); // the first PIN: the first owner's
    expect(await auth.login('583920', CLIENT, undefined, 'kiosk')).toMatchObject({ ok: true, member: { id: 'olga' } });
    await people.setPin('maria', '691357', '691357', member('olga'), CLIENT);
    expect(await auth.login('583920', CLIENT, undefined, 'kiosk')).toMatchObject({ ok: false, reason: 'member_required' });
  });

  it('a PIN kept for someone who is no longer among the people does not block choosing the first PIN on the kiosk', async () => {
    const { db, auth } = setup();
    // Left by a member the config or older saved settings had: nobody in force can log in.
    new MemberPinStore(db).set('zoe', 'scrypt$stale', 'Olga', new Date());
    expect(auth.isSet()).toBe(false);
    expect(await auth.choose('583920', '583920', CLIENT)).toEqual({ ok: true });
    expect(await auth.login('583920', CLIENT, undefined, 'kiosk')).toMatchObject({ ok: true, member: { id: 'olga' } });
  });

  it("no member's PIN may be the technician's, nor the technician's a member's: refused saying so, both ways", async () => {
    const { people, member, auth, technician, clock } = setup();
    // The first staff PIN chosen on the kiosk after the technician's. Each refusal is a wrong technician PIN (the next
    // test): the clock moves past the wait.
    expect(await technician.choose('58301746', '58301746')).toEqual({ ok: true });
    expect(await auth.choose('58301746', '58301746', CLIENT)).toMatchObject({ ok: false, message: 'Choose a PIN different from the technician PIN.' });
    clock.advance(1_000);
    expect(await auth.choose('40271958', '40271958', CLIENT)).toEqual({ ok: true });
    const olga = member('olga');
    const set = await refusal(people.setPin('maria', '58301746', '58301746', olga, CLIENT));
    expect(set).toMatchObject({ code: 'pin_refused', issues: [{ path: 'pin', message: 'Choose a PIN different from the technician PIN.' }] });
    expect(auth.hasPin('maria')).toBe(false);
    clock.advance(2_000);
    const add = await refusal(people.add({ name: 'Ann', role: 'sales', pin: '58301746', confirm: '58301746' }, olga, CLIENT));
    expect(add).toMatchObject({ code: 'pin_refused', message: 'Choose a PIN different from the technician PIN.' });
    expect(people.list().map((p) => p.name)).not.toContain('Ann');
    // The other way: a technician PIN that is some member's (not only the first one's) is refused.
    const fresh = setup();
    await fresh.people.setPin('sam', '73049152', '73049152', fresh.member('olga'), CLIENT);
    expect(await fresh.technician.choose('73049152', '73049152')).toMatchObject({
      ok: false,
      reason: 'same_as_staff',
      message: expect.stringMatching(/different from/),
    });
  });

  it("a member PIN refused for being the technician's counts as a wrong technician PIN for that client, logged without the PIN", async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', destination: new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) }) });
    const { people, member, auth, technician, clock } = setup(TEAM, log);
    const TECH = '58301746';
    expect(await technician.choose(TECH, TECH)).toEqual({ ok: true });
    const olga = member('olga');
    const REMOTE = '192.168.1.50';
    // PINs that are not the technician's cost nothing: a manager sets them one after another.
    await people.setPin('maria', '40271958', '40271958', olga, REMOTE);
    await people.setPin('tom', '73049152', '73049152', olga, REMOTE);
    // The technician's PIN: refused, and the client now waits as after a wrong technician login.
    const same = await refusal(people.setPin('maria', TECH, TECH, olga, REMOTE));
    expect(same).toMatchObject({ code: 'pin_refused', message: 'Choose a PIN different from the technician PIN.' });
    const waiting = await refusal(people.setPin('maria', '69135702', '69135702', olga, REMOTE));
    expect(waiting).toMatchObject({ code: 'locked', message: expect.stringMatching(/technician PIN.*Try again in 1 second\./) });
    expect(await technician.login(TECH, REMOTE)).toMatchObject({ ok: false, reason: 'locked' });
    // Guessing by adding people is counted the same way, and the wait doubles as for logins.
    clock.advance(1_000);
    expect(await refusal(people.add({ name: 'Ann', role: 'sales', pin: TECH, confirm: TECH }, olga, REMOTE))).toMatchObject({ code: 'pin_refused' });
    clock.advance(1_000);
    expect(await refusal(people.setPin('maria', TECH, TECH, olga, REMOTE))).toMatchObject({ code: 'locked', message: /Try again in 1 second\./ });
    expect(await technician.login(TECH, REMOTE)).toMatchObject({ ok: false, reason: 'locked', retryAfterS: 1 });
    // Another client is not held up; a right technician login clears the count as ever.
    await people.setPin('maria', '69135702', '69135702', olga, CLIENT);
    clock.advance(2_000);
    expect(await technician.login(TECH, REMOTE)).toMatchObject({ ok: true });
    expect(auth.hasPin('maria')).toBe(true);
    const refusals = lines.filter((l) => l.includes('the technician PIN'));
    expect(refusals).toHaveLength(2);
    expect(refusals[0]).toContain(REMOTE);
    expect(lines.join('\n')).not.toContain(TECH);
  });

  it('knows while the old shared staff PIN (migrated, or from the config) still logs in as the owner "Staff"', async () => {
    const { people, member, auth, db } = setup([{ id: 'staff', name: 'Staff', role: 'owner' }, ...TEAM!]);
    expect(auth.sharedPinInUse()).toBe(false); // no PIN at all
    new MemberPinStore(db).set('staff', await hashPin('402719'), 'migration', new Date());
    expect(auth.sharedPinInUse()).toBe(true);
    await auth.provision('402719'); // staff.pin in the config: the same shared PIN
    expect(auth.sharedPinInUse()).toBe(true);
    await people.setPin('staff', '583920', '583920', member('olga'), CLIENT); // an owner gives Staff a PIN of its own
    expect(auth.sharedPinInUse()).toBe(false);
    new MemberPinStore(db).set('staff', await hashPin('402719'), 'migration', new Date());
    people.remove('staff', member('olga'));
    expect(auth.sharedPinInUse()).toBe(false);
  });

  it('makes member ids from names', () => {
    expect(memberIdFor('Zoë Brand', [])).toBe('zoe-brand');
    expect(memberIdFor('Maria', ['maria'])).toBe('maria-2');
    expect(memberIdFor('42', [])).toBe('member');
    expect(memberIdFor('王芳', ['member'])).toBe('member-2');
  });
});
