/**
 * The staff login routes over a real SQLite database and the real handoff settings, through Fastify: the names to
 * tap reach only the kiosk (a loopback client); a remote login types its name and learns no one else's.
 */
import Fastify from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEAM } from '../../../test/support/handoff-fixtures.js';
import { ManualClock } from '../../../test/support/manual-clock.js';
import { SqliteOutbox } from '../../../sync/outbox.js';
import { configSchema } from '../../config/schema.js';
import { crmServiceFor } from '../../crm/for-config.js';
import { HandoffService } from '../../handoff/service.js';
import { silentLogger } from '../../log.js';
import { openDatabase } from '../../store/database.js';
import { MemberPinStore } from '../member-pins.js';
import { PinStore } from '../pin-store.js';
import { StaffAuth } from '../staff-auth.js';
import { registerStaffSessionRoutes } from './staff-sessions.js';

const KIOSK = '127.0.0.1';
const REMOTE = '192.168.1.50';
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup() {
  const config = configSchema.parse({ handoff: { people: TEAM, rules: [] } });
  const clock = new ManualClock('2026-03-02T11:00:00.000Z');
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-staff-sessions-')), 'db.sqlite'));
  const crm = crmServiceFor(
    db,
    new SqliteOutbox(db),
    () => config,
    () => clock.now(),
  );
  const handoff = new HandoffService({ crm, db, config: () => config, clock });
  const auth = new StaffAuth({
    pins: new MemberPinStore(db),
    sessions: new PinStore(db),
    people: () => handoff.settings().people,
    idleMs: 60_000,
    log: silentLogger(),
    now: () => clock.now().getTime(),
  });
  await auth.setPin('olga', '402719', '402719', 'test', '127.0.0.1');
  await auth.setPin('maria', '583920', '583920', 'test', '127.0.0.1');
  const app = Fastify();
  registerStaffSessionRoutes(app, auth);
  await app.ready();
  closers.push(
    () => void db.close(),
    () => app.close(),
  );
  return { app };
}

describe('staff login routes', () => {
  it('lists the names to tap only to the kiosk; a remote client is asked to type its name and gets no names', async () => {
    const { app } = await setup();
    const members = (remoteAddress: string) => app.inject({ method: 'GET', url: '/api/staff/members', remoteAddress });
    expect((await members(KIOSK)).json()).toEqual({
      members: [
        { id: 'olga', name: 'Olga' },
        { id: 'maria', name: 'Maria' },
      ],
      typeName: false,
    });
    expect((await members(REMOTE)).json()).toEqual({ members: [], typeName: true });
    // A remote login by typed name works; a name that is no one's is refused without listing who works here.
    const login = (member: string, pin: string, remoteAddress: string) =>
      app.inject({ method: 'POST', url: '/api/staff/login', remoteAddress, payload: { member, pin } });
    expect((await login('maria', '583920', REMOTE)).json()).toMatchObject({ member: { id: 'maria', name: 'Maria' } });
    expect((await login('Maria', '583920', REMOTE)).statusCode).toBe(200);
    const unknown = await login('Mario', '583920', REMOTE);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ error: 'wrong_pin', message: expect.stringMatching(/^That name and PIN do not match\./) });
    expect(unknown.json().message).not.toMatch(/Olga|Tom|Maria/);
    // On the kiosk the names are on the screen anyway: the refusal lists them.
    expect((await login('Mario', '583920', KIOSK)).json().message).toMatch(/Members: Olga, Tom, Maria/);
  });

  it('answers a remote login the same for an unknown name, a member without a PIN and a wrong PIN, and counts each', async () => {
    const { app } = await setup();
    const login = (member: string, pin: string, remoteAddress: string) =>
      app.inject({ method: 'POST', url: '/api/staff/login', remoteAddress, payload: { member, pin } });
    // Mario works nowhere here, Tom has no PIN yet, Maria's PIN is another: nothing tells them apart.
    const first = [await login('Mario', '583920', REMOTE), await login('Tom', '583920', REMOTE), await login('Maria', '000001', REMOTE)];
    for (const r of first) {
      expect(r.statusCode).toBe(401);
      expect(r.headers['retry-after']).toBe('1');
      expect(r.json()).toEqual({ error: 'wrong_pin', message: 'That name and PIN do not match. You can try again in 1 second.' });
    }
    // Each counted as a wrong PIN: the next try of each name waits alike, the right PIN unchecked.
    for (const [name, pin] of [
      ['mario ', '583920'],
      ['Tom', '402719'],
      ['Maria', '583920'],
    ]) {
      const r = await login(name!, pin!, REMOTE);
      expect(r.statusCode).toBe(429);
      expect(r.json()).toEqual({ error: 'locked', message: 'Too many wrong PINs. Try again in 1 second.' });
    }
    // On the kiosk the names are on the screen anyway: the clearer messages stay, and its count is its own.
    expect((await login('Tom', '583920', KIOSK)).json()).toMatchObject({ error: 'member_pin_not_set', message: /^Tom has no PIN yet/ });
    expect((await login('Mario', '583920', KIOSK)).json()).toMatchObject({ error: 'unknown_member', message: /There is no member "Mario"/ });
    expect((await login('Maria', '000001', KIOSK)).json()).toMatchObject({ error: 'wrong_pin', message: /^That PIN is not right/ });
  });
});
