/** The staff handoff routes over a real CRM and handoff on SQLite, through Fastify (inject and a WebSocket). */
import fastifyWebsocket from '@fastify/websocket';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { TEAM } from '../../../test/support/handoff-fixtures.js';
import { handoffOnDb } from '../../../test/support/handoff-on-db.js';
import { ManualClock } from '../../../test/support/manual-clock.js';
import { configSchema } from '../../config/schema.js';
import { HandoffService } from '../../handoff/service.js';
import type { UiEvent } from '../contract.js';
import { registerHandoffRoutes } from './handoff.js';

/** Maria's session (sales); Olga's (owner) changes the settings. */
const TOKEN = 'staff-token';
const auth = { authorization: `Bearer ${TOKEN}` };
const OLGA = { authorization: 'Bearer olga-token' };
/** Tom's session (manager). */
const TOM = { authorization: 'Bearer tom-token' };
const closers: (() => Promise<void> | void)[] = [];
/** Maria's session is live while this holds its token (a PIN reset or her removal ends it). */
const liveTokens = new Set<string>();
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup() {
  const config = configSchema.parse({
    handoff: {
      people: TEAM,
      rules: [
        {
          id: 'coloring',
          name: 'Hair coloring to Maria',
          when: { on: 'lead-stored' },
          if: [{ kind: 'field', field: 'reason', equals: 'hair-coloring' }],
          then: [
            { do: 'assign', to: { kind: 'member', member: 'maria' } },
            { do: 'create-task', title: 'Call back', due: { minutes: 15 } },
            { do: 'notify', to: { kind: 'owner' } },
          ],
        },
      ],
    },
  });
  const clock = new ManualClock('2026-03-02T11:00:00.000Z');
  const { db, crm, handoff } = handoffOnDb(config, clock);
  handoff.start();
  const app = Fastify();
  await app.register(fastifyWebsocket);
  registerHandoffRoutes(app, {
    handoff: () => handoff,
    zone: () => 'UTC',
    member: (h) =>
      h === `Bearer ${TOKEN}`
        ? config.handoff.people.find((m) => m.id === 'maria')!
        : h === OLGA.authorization
          ? config.handoff.people[0]!
          : h === TOM.authorization
            ? handoff.settings().people.find((m) => m.id === 'tom')!
            : null,
    checkToken: (t) => t !== undefined && liveTokens.has(t),
    peopleChanged: () => undefined,
  });
  liveTokens.clear();
  liveTokens.add(TOKEN);
  await app.ready();
  closers.push(
    () => void db.close(),
    () => handoff.stop(),
    () => app.close(),
  );
  const visit = () => {
    const at = clock.now().toISOString();
    return crm.recordVisit({
      visitId: `v-${Math.random()}`,
      channel: 'touch',
      sourceChannel: 'kiosk-touch',
      answers: { name: 'Jane Doe', phone: '+14155550123', email: 'jane@example.com', reason: 'hair-coloring', consent: true },
      transcript: [],
      consent: { given: true, text: 'ok', version: 'v1', channel: 'touch', language: 'en', at },
    });
  };
  return { app, handoff, visit, crm, db, config };
}

describe('staff handoff routes', () => {
  it('needs a staff session', async () => {
    const { app } = await setup();
    const r = await app.inject({ method: 'GET', url: '/api/staff/handoff/tasks' });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ error: 'unauthorized' });
    // A percent-encoded letter reaches the same route: it needs the session just the same.
    for (const url of [
      '/api/staff/%68andoff/tasks',
      '/api/staff/%68andoff/inbox?member=maria',
      '/api/staff/handof%66/settings',
      '/api/staff/%68andoff/people',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
    }
  });

  it('lists, acknowledges and completes tasks; refuses bad input with the reason', async () => {
    const { app, handoff, visit } = await setup();
    visit();
    await handoff.settled();
    const list = await app.inject({ method: 'GET', url: '/api/staff/handoff/tasks?mine=maria', headers: auth });
    expect(list.statusCode).toBe(200);
    const [task] = list.json().tasks as { id: string; title: string }[];
    expect(task).toMatchObject({ title: 'Call back', assignee: 'maria', contactName: 'Jane Doe' });
    const post = (path: string, payload: unknown) =>
      app.inject({ method: 'POST', url: `/api/staff/handoff/${path}`, headers: auth, payload: payload as object });
    expect((await post(`tasks/${task!.id}/acknowledge`, { by: 'maria' })).json().task.state).toBe('acknowledged');
    const noNote = await post(`tasks/${task!.id}/complete`, { by: 'maria', note: '' });
    expect(noNote.statusCode).toBe(422);
    expect(noNote.json()).toMatchObject({ error: 'note_required', message: expect.stringMatching(/note/) });
    expect((await post('tasks/nope/complete', { by: 'maria', note: 'x' })).statusCode).toBe(404);
    expect((await post(`tasks/${task!.id}/reassign`, { by: 'maria', to: 'mario' })).json()).toMatchObject({ error: 'unknown_member' });
    expect((await post(`tasks/${task!.id}/snooze`, { by: 'maria' })).statusCode).toBe(400);
    expect((await post(`tasks/${task!.id}/complete`, { by: 'maria', note: 'Booked' })).json().task).toMatchObject({ state: 'done', completionNote: 'Booked' });
    expect((await app.inject({ method: 'GET', url: '/api/staff/handoff/tasks?bogus=1', headers: auth })).statusCode).toBe(400);
  });

  it('pushes new notifications live on the staff socket after the auth frame, and acknowledges them', async () => {
    const { app, handoff, visit } = await setup();
    const ws = await app.injectWS('/api/staff/handoff/events');
    const got: UiEvent[] = [];
    ws.on('message', (d: Buffer) => got.push(JSON.parse(d.toString()) as UiEvent));
    ws.send(JSON.stringify({ type: 'auth', token: TOKEN }));
    await new Promise((r) => setTimeout(r, 20));
    visit();
    await handoff.settled();
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual([{ type: 'notification', notification: expect.objectContaining({ contactName: 'Jane Doe', holders: ['maria'], escalated: false }) }]);
    const id = (got[0] as Extract<UiEvent, { type: 'notification' }>).notification.id;
    const inbox = await app.inject({ method: 'GET', url: '/api/staff/handoff/inbox?member=Maria', headers: auth });
    expect(inbox.json().notifications.map((n: { id: string }) => n.id)).toEqual([id]);
    // The session says who acts: a `by` naming someone else in the body changes nothing.
    const ack = await app.inject({ method: 'POST', url: `/api/staff/handoff/notifications/${id}/acknowledge`, headers: auth, payload: { by: 'tom' } });
    expect(ack.json().notification).toMatchObject({ acknowledgedBy: { kind: 'staff', id: 'maria', name: 'Maria' } });
    ws.terminate();
  });

  it('staff save rules: refused with each path and reason, then effective at once and kept across a restart', async () => {
    const { app, handoff, visit, crm, db, config } = await setup();
    const put = (settings: unknown, headers = OLGA) =>
      app.inject({ method: 'PUT', url: '/api/staff/handoff/settings', headers, payload: { settings } as object });
    // Only an owner or a manager changes the people: Maria (sales) is refused, saying so.
    const notAllowed = await put({ people: TEAM.slice(0, 3) }, auth);
    expect(notAllowed.statusCode).toBe(403);
    expect(notAllowed.json()).toMatchObject({ error: 'not_allowed', message: expect.stringMatching(/owner or a manager.*Maria \(sales\)/) });
    const styling = (member: string) => ({
      id: 'styling-to-sam',
      name: 'Everyone to ' + member,
      when: { on: 'lead-stored' },
      if: [{ kind: 'field', field: 'reason', equals: 'hair-coloring' }],
      then: [
        { do: 'assign', to: { kind: 'member', member } },
        { do: 'notify', to: { kind: 'owner' } },
      ],
    });
    const bad = await put({ rules: [{ ...styling('mario'), when: { on: 'stage-entered', stage: 'hot' } }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().issues).toEqual([
      expect.stringMatching(/^rules\.0\.when\.stage: unknown stage "hot"/),
      expect.stringMatching(/^rules\.0\.then\.0\.to\.member: unknown member "mario"/),
    ]);
    const ok = await put({ rules: [styling('sam')] });
    expect(ok.statusCode).toBe(200);
    visit();
    await handoff.settled();
    expect(handoff.tasks()).toEqual([]); // the old rule's task is gone with it
    expect(handoff.inbox('sam')).toHaveLength(1);
    const again = new HandoffService({ crm, db, config: () => config, clock: new ManualClock('2026-03-02T12:00:00Z') });
    expect(again.settings().rules.map((r) => r.id)).toEqual(['styling-to-sam']);
    expect((await app.inject({ method: 'GET', url: '/api/staff/handoff/settings', headers: auth })).json().rules[0].name).toBe('Everyone to sam');
    expect((db.prepare(`SELECT by_name FROM handoff_settings ORDER BY version DESC LIMIT 1`).get() as { by_name: string }).by_name).toBe('Olga');
  });

  it('a manager cannot make themselves owner, demote, change or remove an owner through the people settings; an owner can', async () => {
    const { app, handoff } = await setup();
    const put = (people: unknown, headers: Record<string, string>) =>
      app.inject({ method: 'PUT', url: '/api/staff/handoff/settings', headers, payload: { settings: { people } } });
    const team = handoff.settings().people;
    const change = (id: string, over: object) => team.map((m) => (m.id === id ? { ...m, ...over } : m));
    const attempts: [unknown, RegExp][] = [
      [change('tom', { role: 'owner' }), /^Only an owner can make Tom an owner/],
      [change('olga', { role: 'sales' }), /^Only an owner can change an owner's role \(Olga\)/],
      [change('olga', { webhook: 'https://evil.example.com/hook' }), /^Only an owner can change an owner \(Olga\)/],
      [change('olga', { active: false }), /^Only an owner can change an owner \(Olga\)/],
      [team.filter((m) => m.id !== 'olga').concat([{ ...team[1]!, id: 'max', name: 'Max', role: 'owner' }]), /^Only an owner can remove an owner \(Olga\)/],
      [[...team, { id: 'max', name: 'Max', role: 'owner', shifts: {} }], /^Only an owner can add an owner/],
    ];
    for (const [people, message] of attempts) {
      const r = await put(people, TOM);
      expect(r.statusCode, String(message)).toBe(403);
      expect(r.json(), String(message)).toMatchObject({ error: 'not_allowed', message: expect.stringMatching(message) });
    }
    expect(handoff.settings().people).toEqual(team);
    // A manager still manages staff, and plans everyone's shifts, the owner's too.
    expect((await put(change('maria', { shifts: { mon: ['10:00-18:00'] } }), TOM)).statusCode).toBe(200);
    expect(
      (
        await put(
          handoff.settings().people.map((m) => (m.id === 'olga' ? { ...m, shifts: { sat: ['10:00-14:00'] } } : m)),
          TOM,
        )
      ).statusCode,
    ).toBe(200);
    // The owner promotes Tom.
    expect((await put(change('tom', { role: 'owner' }), OLGA)).statusCode).toBe(200);
    expect(handoff.settings().people.find((m) => m.id === 'tom')?.role).toBe('owner');
  });

  it("only an owner or a manager changes the handoff settings and reads someone else's inbox", async () => {
    const { app, handoff } = await setup();
    const before = handoff.settings();
    const put = (settings: object, headers: Record<string, string>) =>
      app.inject({ method: 'PUT', url: '/api/staff/handoff/settings', headers, payload: { settings } });
    const changes: [object, RegExp][] = [
      [{ rules: [] }, /^Only an owner or a manager can change the rules\. You are logged in as Maria \(sales\)/],
      [{ scoring: [] }, /^Only an owner or a manager can change the scoring\./],
      [{ escalation: before.escalation }, /^Only an owner or a manager can change the escalation\./],
      [{ businessHours: {} }, /^Only an owner or a manager can change the opening hours\./],
    ];
    for (const [settings, message] of changes) {
      const r = await put(settings, auth);
      expect(r.statusCode, String(message)).toBe(403);
      expect(r.json()).toMatchObject({ error: 'not_allowed', message: expect.stringMatching(message) });
    }
    expect(handoff.settings()).toEqual(before);
    // The opening hours are the business's one schedule now (PUT /api/staff/hours): sent here, refused saying where.
    const hours = await put({ businessHours: { week: { mon: ['09:00-17:00'] } } }, TOM);
    expect(hours.statusCode).toBe(422);
    expect(hours.json().message).toMatch(/opening hours are one schedule now, kept with the business profile: change them on the Opening hours screen/);
    expect((await put({ rules: [] }, TOM)).statusCode).toBe(200);

    const inbox = (member: string, headers: Record<string, string>) => app.inject({ method: 'GET', url: `/api/staff/handoff/inbox?member=${member}`, headers });
    const other = await inbox('sam', auth);
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: 'not_allowed', message: expect.stringMatching(/^Only an owner or a manager can read someone else's inbox\./) });
    expect((await inbox('olga', auth)).statusCode).toBe(403);
    for (const own of ['maria', 'Maria', '%20MARIA']) expect((await inbox(own, auth)).statusCode, own).toBe(200);
    expect((await inbox('sam', TOM)).statusCode).toBe(200);
    expect((await inbox('maria', OLGA)).statusCode).toBe(200);
  });

  it('closes the socket of a session that ended since (PIN reset, member removed): nothing more reaches it', async () => {
    const { app, handoff, visit } = await setup();
    const ws = await app.injectWS('/api/staff/handoff/events');
    const got: UiEvent[] = [];
    ws.on('message', (d: Buffer) => got.push(JSON.parse(d.toString()) as UiEvent));
    const closed = new Promise<number>((r) => ws.on('close', (code: number) => r(code)));
    ws.send(JSON.stringify({ type: 'auth', token: TOKEN }));
    await new Promise((r) => setTimeout(r, 20));
    liveTokens.delete(TOKEN);
    visit();
    await handoff.settled();
    expect(await Promise.race([closed, new Promise((r) => setTimeout(() => r('still open'), 2_000))])).toBe(4401);
    expect(got).toEqual([]);
  });

  it('closes a socket whose first frame is not a valid token', async () => {
    const { app } = await setup();
    const ws = await app.injectWS('/api/staff/handoff/events');
    const closed = new Promise<number>((r) => ws.on('close', (code: number) => r(code)));
    ws.send(JSON.stringify({ type: 'auth', token: 'wrong' }));
    expect(await closed).toBe(4401);
  });
});
