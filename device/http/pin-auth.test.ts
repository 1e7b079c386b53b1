import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { pinProblem } from '../config/pins.js';
import { createLogger } from '../log.js';
import { openDatabase, type Db } from '../store/database.js';
import { delayMs, MAX_DELAY_MS, PinAuth } from './pin-auth.js';
import { verifyPin } from './pin-hash.js';
import { PinStore } from './pin-store.js';

const STAFF = '402719';
const TECH = '58301746';

function setup(db: Db = openDatabase(':memory:'), clock = { t: 1_700_000_000_000 }) {
  const lines: string[] = [];
  const log = createLogger({ level: 'info', destination: new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) }) });
  const store = new PinStore(db);
  const now = () => clock.t;
  const staff = new PinAuth({ role: 'staff', store, idleMs: 60_000, log, now });
  const tech = new PinAuth({ role: 'technician', store, idleMs: 60_000, log, now, distinctFrom: staff });
  return { db, clock, staff, tech, store, lines };
}

describe('PINs: no default, chosen once, judged', () => {
  it('refuses every login until a PIN is chosen', async () => {
    const { staff } = setup();
    expect(staff.isSet()).toBe(false);
    expect(await staff.login('2468', '127.0.0.1')).toEqual({ ok: false, reason: 'not_set' });
    expect(await staff.login(STAFF, '127.0.0.1')).toEqual({ ok: false, reason: 'not_set' });
  });

  it('takes the first PIN typed twice the same, long enough and not a pattern, then never again', async () => {
    const { staff, store } = setup();
    expect(await staff.choose('402719', '402718')).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(await staff.choose('2468', '2468')).toMatchObject({ ok: false, reason: 'weak', message: expect.stringMatching(/published default/) });
    expect(await staff.choose('40271', '40271')).toMatchObject({ ok: false, reason: 'weak', message: expect.stringMatching(/at least 6 digits/) });
    expect(await staff.choose('123456', '123456')).toMatchObject({ ok: false, reason: 'weak', message: expect.stringMatching(/run in order/) });
    expect(await staff.choose('777777', '777777')).toMatchObject({ ok: false, reason: 'weak' });
    expect(await staff.choose(STAFF, STAFF)).toEqual({ ok: true });
    expect(await staff.choose('918273', '918273')).toMatchObject({ ok: false, reason: 'already_set' });
    const hash = store.pinHash('staff')!;
    expect(hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(hash).not.toContain(STAFF);
    expect(await verifyPin(STAFF, hash)).toBe(true);
    expect((await staff.login(STAFF, '127.0.0.1')).ok).toBe(true);
  });

  it('asks 8 digits of the technician, and a PIN other than the staff one', async () => {
    const { staff, tech } = setup();
    await staff.choose('40271958', '40271958');
    expect(await tech.choose('4027195', '4027195')).toMatchObject({ ok: false, message: expect.stringMatching(/at least 8/) });
    expect(await tech.choose('40271958', '40271958')).toMatchObject({ ok: false, reason: 'same_as_staff' });
    expect(await tech.choose(TECH, TECH)).toEqual({ ok: true });
    const s = await staff.login('40271958', 'c');
    if (!s.ok) throw new Error('login failed');
    expect(tech.checkToken(s.token)).toBe(false); // roles stay apart
  });

  it('judges config PINs with the same rules', () => {
    expect(pinProblem('staff', '8642')).toMatch(/published default/);
    expect(pinProblem('technician', '4027195')).toMatch(/at least 8/);
    expect(pinProblem('staff', '98765432')).toMatch(/run in order/);
    expect(pinProblem('staff', '40a719')).toMatch(/digits only/);
    expect(pinProblem('staff', STAFF)).toBeNull();
    // In the config file: refused at start with the field path and the reason.
    expect(() => parseConfig({ staff: { pin: '2468' } })).toThrow(/staff\.pin.*published default/s);
    expect(() => parseConfig({ technician: { pin: '1234567' } })).toThrow(/technician\.pin.*at least 8 digits/s);
    expect(parseConfig({ staff: { pin: STAFF } }).staff.pin).toBe(STAFF);
    expect(parseConfig({}).staff.pin).toBeUndefined(); // no default PIN
    // The staff PIN may not be the technician's (it would open the technician's screens to every member holding it).
    expect(() => parseConfig({ staff: { pin: '40271958' }, technician: { pin: '40271958' } })).toThrow(
      /technician\.pin.*the same as staff\.pin.*choose a different technician PIN/s,
    );
    expect(parseConfig({ staff: { pin: STAFF }, technician: { pin: '40271958' } }).technician.pin).toBe('40271958');
  });
});

describe('PINs: a lockout that grows, per client, survives a restart, never for good', () => {
  it('delays 1 s, 2 s, 4 s ... capped at 15 minutes', () => {
    expect([0, 1, 2, 3, 4, 10].map(delayMs)).toEqual([0, 1_000, 2_000, 4_000, 8_000, 512_000]);
    expect(delayMs(11)).toBe(MAX_DELAY_MS);
    expect(delayMs(1_000_000)).toBe(MAX_DELAY_MS);
  });

  it('refuses tries made while waiting, unchecked, even the right PIN; another client is not held up', async () => {
    const { staff, clock, lines } = setup();
    await staff.choose(STAFF, STAFF);
    expect(await staff.login('000001', '10.0.0.9')).toEqual({ ok: false, reason: 'wrong_pin', retryAfterS: 1 });
    expect(await staff.login(STAFF, '10.0.0.9')).toEqual({ ok: false, reason: 'locked', retryAfterS: 1 });
    clock.t += 1_000;
    expect(await staff.login('000002', '10.0.0.9')).toEqual({ ok: false, reason: 'wrong_pin', retryAfterS: 2 });
    clock.t += 2_000;
    expect(await staff.login('000003', '10.0.0.9')).toEqual({ ok: false, reason: 'wrong_pin', retryAfterS: 4 });
    expect((await staff.login(STAFF, '127.0.0.1')).ok).toBe(true); // the kiosk itself is another client
    clock.t += 4_000;
    expect((await staff.login(STAFF, '10.0.0.9')).ok).toBe(true); // after the delay the owner gets a try
    expect(await staff.login('000004', '10.0.0.9')).toEqual({ ok: false, reason: 'wrong_pin', retryAfterS: 1 }); // reset by the success
    const logged = lines.join('');
    expect(logged).toMatch(/wrong PIN/);
    expect(logged).toMatch(/"client":"10.0.0.9"/);
    for (const pin of [STAFF, '000001', '000002', '000003']) expect(logged).not.toContain(pin);
  });

  it('counts parallel guesses before checking them, so they all meet the delay', async () => {
    const { staff } = setup();
    await staff.choose(STAFF, STAFF);
    const answers = await Promise.all(['100001', '100002', '100003', '100004', '100005'].map((p) => staff.login(p, 'x')));
    expect(answers.filter((a) => !a.ok && a.reason === 'wrong_pin')).toHaveLength(1);
    expect(answers.filter((a) => !a.ok && a.reason === 'locked')).toHaveLength(4);
  });

  it('keeps the count across a restart (same database, new instances)', async () => {
    const first = setup();
    await first.staff.choose(STAFF, STAFF);
    for (let i = 0; i < 4; i++) {
      await first.staff.login(`20000${i}`, 'y');
      first.clock.t += delayMs(i + 1);
    }
    first.clock.t -= 1_000; // 1 s before the fifth try is due
    const again = setup(first.db, first.clock);
    expect(await again.staff.login(STAFF, 'y')).toEqual({ ok: false, reason: 'locked', retryAfterS: 1 });
    first.clock.t += 1_000;
    expect((await again.staff.login(STAFF, 'y')).ok).toBe(true);
  });
});

describe('sessions', () => {
  it('end after the idle time, last while used, and end on logout', async () => {
    const { staff, clock } = setup();
    await staff.choose(STAFF, STAFF);
    const r = await staff.login(STAFF, 'k');
    if (!r.ok) throw new Error('login failed');
    expect(staff.check(`Bearer ${r.token}`)).toBe(true);
    expect(staff.check(r.token)).toBe(false); // no scheme
    expect(staff.checkToken('forged')).toBe(false);
    clock.t += 50_000;
    expect(staff.checkToken(r.token)).toBe(true); // used: the idle time starts again
    clock.t += 50_000;
    expect(staff.checkToken(r.token, false)).toBe(true);
    clock.t += 20_000;
    expect(staff.checkToken(r.token)).toBe(false); // idle for 70 s > 60 s
    const s = await staff.login(STAFF, 'k');
    if (!s.ok) throw new Error('login failed');
    expect(staff.logout(`Bearer ${s.token}`)).toBe(true);
    expect(staff.checkToken(s.token)).toBe(false);
    expect(staff.logout(`Bearer ${s.token}`)).toBe(false);
  });
});
