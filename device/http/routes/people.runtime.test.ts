/**
 * Staff logins and the People routes on the real runtime (SQLite, the real server): who may log in, by name and
 * PIN; who may add people and set PINs; every refusal with its code and the input it is about.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../../drivers/body/simulated.js';
import { parseConfig } from '../../config/load.js';
import { silentLogger } from '../../log.js';
import { startRuntime, type Runtime } from '../../runtime.js';
import type { PeopleRefusal, PersonDetail, StaffMemberView } from '../contract.js';

const OWNER_PIN = '402719';
let rt: Runtime;
let base: string;

async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
  const r = await fetch(base + path, {
    method,
    headers: {
      origin: new URL(base).origin,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
}
const login = (pin: string, member?: string) =>
  call<{ token: string; member: StaffMemberView; error: string; message: string }>('POST', '/api/staff/login', member ? { pin, member } : { pin });

beforeAll(async () => {
  rt = await startRuntime({
    config: parseConfig({
      http: { port: 0 },
      staff: { pin: OWNER_PIN },
      handoff: {
        people: [
          { id: 'olga', name: 'Olga', role: 'owner' },
          { id: 'maria', name: 'Maria', role: 'sales' },
        ],
      },
    }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-people-http-')),
    log: silentLogger(),
    body: new SimulatedBody(0),
  });
  base = rt.http!.url;
});
afterAll(() => rt.stop());

describe('staff logins and people on the runtime', () => {
  it("the config's staff PIN is the first owner's; /me names the session's member", async () => {
    expect((await call<{ members: unknown[] }>('GET', '/api/staff/members')).body.members).toEqual([{ id: 'olga', name: 'Olga' }]);
    const r = await login(OWNER_PIN);
    expect(r.body.member).toEqual({ id: 'olga', name: 'Olga', role: 'owner' });
    expect((await call<StaffMemberView>('GET', '/api/staff/me', undefined, r.body.token)).body.name).toBe('Olga');
    expect((await call('GET', '/api/staff/me')).status).toBe(401);
  });

  it('adds a member with a PIN, refusing bad input next to its input; then a login must name the member', async () => {
    const olga = (await login(OWNER_PIN, 'Olga')).body.token;
    const bad = await call<PeopleRefusal>('POST', '/api/staff/people', { name: 'Sam', role: 'sales', pin: '111111', confirm: '111111' }, olga);
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error: 'pin_refused', issues: [{ path: 'pin', message: expect.stringMatching(/every digit is the same/) }] });
    const shape = await call<{ error: string }>('POST', '/api/staff/people', { name: 'Sam', pin: '583920' }, olga);
    expect(shape.status).toBe(400);
    const added = await call<{ person: PersonDetail }>('POST', '/api/staff/people', { name: 'Sam', role: 'sales', pin: '583920', confirm: '583920' }, olga);
    expect(added.body.person).toMatchObject({ id: 'sam', name: 'Sam', role: 'sales', hasPin: true });

    const unnamed = await login(OWNER_PIN);
    expect(unnamed).toMatchObject({ status: 409, body: { error: 'member_required' } });
    expect(await login('583920', 'nobody')).toMatchObject({ status: 401, body: { error: 'unknown_member' } });
    expect(await login('583920', 'maria')).toMatchObject({
      status: 409,
      body: { error: 'member_pin_not_set', message: expect.stringMatching(/Maria has no PIN yet/) },
    });
    const sam = await login('583920', 'Sam');
    expect(sam.body.member.id).toBe('sam');

    // A sales member cannot add people or set PINs.
    const denied = await call<PeopleRefusal>('PUT', '/api/staff/people/maria/pin', { pin: '691357', confirm: '691357' }, sam.body.token);
    expect(denied).toMatchObject({ status: 403, body: { error: 'not_allowed' } });
    expect((await call('PUT', '/api/staff/people/nobody/pin', { pin: '691357', confirm: '691357' }, olga)).status).toBe(404);
    // The last owner stays.
    const last = await call<PeopleRefusal>('DELETE', '/api/staff/people/olga', undefined, olga);
    expect(last).toMatchObject({ status: 422, body: { error: 'member_invalid', message: expect.stringMatching(/last owner/) } });
    expect((await call('DELETE', '/api/staff/people/sam', undefined, olga)).status).toBe(204);
    expect((await call('GET', '/api/staff/me', undefined, sam.body.token)).status).toBe(401);
  });

  it("only owners and managers see others' email and web address; everyone sees names and roles, and their own", async () => {
    const olga = (await login(OWNER_PIN, 'Olga')).body.token;
    const add = (name: string, role: string, pin: string) =>
      call(
        'POST',
        '/api/staff/people',
        { name, role, email: `${name.toLowerCase()}@example.com`, webhook: `https://hooks.example.com/${name}`, pin, confirm: pin },
        olga,
      );
    expect((await add('Ria', 'manager', '730418')).status).toBe(200);
    expect((await add('Ben', 'front-desk', '864213')).status).toBe(200);
    const ben = (await login('864213', 'Ben')).body.token;
    const ria = (await login('730418', 'Ria')).body.token;
    const contacts = (people: { id: string; email?: string | null; webhook?: string | null }[]) =>
      Object.fromEntries(people.map((p) => [p.id, [p.email ?? null, p.webhook ?? null]]));
    const byPeopleRoute = async (token: string) => contacts((await call<{ people: PersonDetail[] }>('GET', '/api/staff/people', undefined, token)).body.people);
    const bySettings = async (token: string) =>
      contacts(
        (await call<{ people: { id: string; email?: string; webhook?: string }[] }>('GET', '/api/staff/handoff/settings', undefined, token)).body.people,
      );
    const all = {
      olga: [null, null],
      maria: [null, null],
      ria: ['ria@example.com', 'https://hooks.example.com/Ria'],
      ben: ['ben@example.com', 'https://hooks.example.com/Ben'],
    };
    for (const token of [olga, ria]) {
      expect(await byPeopleRoute(token)).toEqual(all);
      expect(await bySettings(token)).toEqual(all);
    }
    const benSees = { ...all, ria: [null, null] };
    expect(await byPeopleRoute(ben)).toEqual(benSees);
    expect(await bySettings(ben)).toEqual(benSees);
    const names = (await call<{ people: PersonDetail[] }>('GET', '/api/staff/people', undefined, ben)).body.people.map((p) => [p.name, p.role]);
    expect(names).toEqual([
      ['Olga', 'owner'],
      ['Maria', 'sales'],
      ['Ria', 'manager'],
      ['Ben', 'front-desk'],
    ]);
  });

  it("through the settings: a deactivated member's sessions end for good; a removed member's PIN goes, so re-adding the id inherits nothing", async () => {
    const olga = (await login(OWNER_PIN, 'Olga')).body.token;
    expect((await call('POST', '/api/staff/people', { name: 'Pat', role: 'sales', pin: '518274', confirm: '518274' }, olga)).status).toBe(200);
    const pat = (await login('518274', 'Pat')).body.token;
    expect((await call('GET', '/api/staff/me', undefined, pat)).status).toBe(200);
    type Person = { id: string; active?: boolean };
    const people = async () => (await call<{ people: Person[] }>('GET', '/api/staff/handoff/settings', undefined, olga)).body.people;
    const save = async (list: Person[]) => (await call('PUT', '/api/staff/handoff/settings', { settings: { people: list } }, olga)).status;
    const team = await people();
    expect(await save(team.map((m) => (m.id === 'pat' ? { ...m, active: false } : m)))).toBe(200);
    expect((await call('GET', '/api/staff/me', undefined, pat)).status).toBe(401);
    expect(await save(team)).toBe(200); // active again: the old session stays ended
    expect((await call('GET', '/api/staff/me', undefined, pat)).status).toBe(401);
    const again = (await login('518274', 'Pat')).body.token;
    expect(await save(team.filter((m) => m.id !== 'pat'))).toBe(200);
    expect(await save(team)).toBe(200); // the same id added back
    expect((await call('GET', '/api/staff/me', undefined, again)).status).toBe(401);
    expect(await login('518274', 'Pat')).toMatchObject({ status: 409, body: { error: 'member_pin_not_set' } });
    const listed = (await call<{ people: PersonDetail[] }>('GET', '/api/staff/people', undefined, olga)).body.people.find((p) => p.id === 'pat');
    expect(listed).toMatchObject({ hasPin: false });
  });
});
