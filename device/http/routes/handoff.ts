/**
 * Staff routes of the handoff: tasks (mine, team, overdue; acknowledge, complete with a note, reassign, snooze), the
 * inbox of notifications (acknowledge), and a live socket that pushes each new or escalated notification.
 * Every route needs a staff session, and the session's member is who acts: every change records them (a `by` in the
 * body, sent by older screens, is ignored). Changing the settings (people, rules, scoring, escalation) and reading
 * someone else's inbox need an owner or a manager (opening hours sent here are refused with where they are changed
 * now: the business's one schedule, routes/hours.ts); touching an owner needs an owner (403 not_allowed).
 * Refusals: 400 bad input, 401 no session, 403 not allowed, 404 unknown task or notification, 422 a refused change.
 *
 *   GET  /api/staff/handoff/tasks?mine=NAME&overdue=1&all=1      -> {tasks}
 *   POST /api/staff/handoff/tasks/:id/acknowledge                 -> {task}
 *   POST /api/staff/handoff/tasks/:id/complete    {note}          -> {task}
 *   POST /api/staff/handoff/tasks/:id/reassign    {to, note?}     -> {task}
 *   POST /api/staff/handoff/tasks/:id/snooze      {until}         -> {task}
 *   GET  /api/staff/handoff/inbox?member=NAME                     -> {notifications}
 *   POST /api/staff/handoff/notifications/:id/acknowledge         -> {notification}
 *   GET  /api/staff/handoff/people                                -> {people: [{id, name, role, onShift}]}
 *   GET  /api/staff/handoff/settings                              -> the settings in force
 *   PUT  /api/staff/handoff/settings {settings}                   -> saved settings | 422 {error:'settings_invalid', issues}
 *   WS   /api/staff/handoff/events   first frame {type:'auth', token}; then UiEvent 'notification' frames.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { HandoffError } from '../../handoff/errors.js';
import { onShift, type Member } from '../../handoff/people.js';
import type { HandoffService } from '../../handoff/service.js';
import type { UiEvent } from '../contract.js';
import { badRequest, fail } from '../replies.js';
import { mayManagePeople, ownerChangeRefusalOf } from '../staff-people.js';
import { maySeeContactsOf, notAllowedMessage, withoutContacts } from '../staff-roles.js';

export interface HandoffRouteDeps {
  handoff(): HandoffService;
  zone(): string;
  /** The member of an `Authorization` header's live staff session, or null. */
  member(header: string | undefined): Member | null;
  /** Whether a bare token (the socket's first frame) belongs to a live staff session; `touch` false: a check, not a use. */
  checkToken(token: string | undefined, touch?: boolean): boolean;
  /** Saved people changed: PINs and sessions of removed or deactivated members end (StaffAuth.peopleChanged). */
  peopleChanged(before: readonly Member[], after: readonly Member[]): void;
}

const CLOSE_UNAUTHORIZED = 4401;
const AUTH_TIMEOUT_MS = 10_000;
const who = z.string().trim().min(1, 'is empty').max(80, 'is longer than 80 characters');
const idParams = z.object({ id: z.string().trim().min(1).max(64) });
const tasksQuery = z.object({ mine: who.optional(), overdue: z.enum(['1', 'true']).optional(), all: z.enum(['1', 'true']).optional() }).strict();
// `by` is accepted for older screens and ignored: the session says who acts.
const by = who.optional();
const byBody = z.object({ by }).strict();
const completeBody = z.object({ by, note: z.string().max(4000, 'The note is longer than 4000 characters; shorten it') }).strict();
const reassignBody = z.object({ by, to: who, note: z.string().max(4000).nullish() }).strict();
const snoozeBody = z.object({ by, until: z.string().max(40) }).strict();
const inboxQuery = z.object({ member: who }).strict();
// The settings' own schema checks every part (device/handoff/validate.ts); here only the envelope and its size.
const settingsBody = z
  .object({
    by,
    settings: z
      .object({
        people: z.array(z.unknown()).max(200),
        businessHours: z.record(z.string(), z.unknown()),
        scoring: z.array(z.unknown()).max(200),
        rules: z.array(z.unknown()).max(500),
        escalation: z.record(z.string(), z.unknown()),
      })
      .partial()
      .strict(),
  })
  .strict();
/** The parts of the settings in staff's words, for a refusal. */
const SETTING_WORDS: [keyof z.output<typeof settingsBody>['settings'], string][] = [
  ['people', 'the people'],
  ['rules', 'the rules'],
  ['scoring', 'the scoring'],
  ['escalation', 'the escalation'],
  ['businessHours', 'the opening hours'],
];
const listed = (words: string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);
const helloSchema = z.object({ type: z.literal('auth'), token: z.string().min(1).max(200) });

function refused(reply: FastifyReply, err: unknown): FastifyReply {
  if (!(err instanceof HandoffError)) throw err;
  const status = err.code === 'task_not_found' || err.code === 'notification_not_found' ? 404 : 422;
  return reply.code(status).send({ error: err.code, message: err.message });
}

export function registerHandoffRoutes(app: FastifyInstance, deps: HandoffRouteDeps): void {
  // Each socket with its session's token: a session that ended since (logout, idle, PIN reset, member removed) gets
  // nothing more, and its socket is closed.
  const sockets = new Map<{ send(data: string): void; close(code?: number, reason?: string): void; readyState: number }, string>();
  const stopLive = deps.handoff().onNotification((n) => {
    const data = JSON.stringify({ type: 'notification', notification: n } satisfies UiEvent);
    for (const [ws, token] of sockets) {
      if (!deps.checkToken(token, false)) {
        sockets.delete(ws);
        ws.close(CLOSE_UNAUTHORIZED, 'session ended');
      } else if (ws.readyState === 1) ws.send(data);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    // The matched route, not the raw URL: "/api/staff/%68andoff/..." reaches these routes too.
    const route = req.routeOptions.url ?? '';
    if (!route.startsWith('/api/staff/handoff/') || route === '/api/staff/handoff/events') return;
    if (!deps.member(req.headers.authorization)) return fail(reply, 401, { error: 'unauthorized', message: 'Log in with your staff PIN first.' });
  });
  /** The session's member (the hook above let only live sessions through). */
  const actor = (headers: { authorization?: string | undefined }): Member => {
    const m = deps.member(headers.authorization);
    if (!m) throw new HandoffError('unknown_member', 'Your session ended. Log in again.');
    return m;
  };

  app.get('/api/staff/handoff/tasks', async (req, reply) => {
    const q = tasksQuery.safeParse(req.query);
    if (!q.success) return badRequest(reply, q.error);
    try {
      return {
        tasks: deps
          .handoff()
          .tasks({ ...(q.data.mine ? { mine: q.data.mine } : {}), ...(q.data.overdue ? { overdue: true } : {}), ...(q.data.all ? { all: true } : {}) }),
      };
    } catch (err) {
      return refused(reply, err);
    }
  });

  const taskRoute = <S extends z.ZodType>(action: string, schema: S, run: (id: string, body: z.output<S>, by: string) => unknown) =>
    app.post(`/api/staff/handoff/tasks/:id/${action}`, async (req, reply) => {
      const p = idParams.safeParse(req.params);
      if (!p.success) return badRequest(reply, p.error);
      const b = schema.safeParse(req.body ?? {});
      if (!b.success) return badRequest(reply, b.error);
      try {
        return { task: run(p.data.id, b.data, actor(req.headers).id) };
      } catch (err) {
        return refused(reply, err);
      }
    });
  taskRoute('acknowledge', byBody, (id, _b, by) => deps.handoff().acknowledgeTask(id, by));
  taskRoute('complete', completeBody, (id, b, by) => deps.handoff().completeTask(id, b.note, by));
  taskRoute('reassign', reassignBody, (id, b, by) => deps.handoff().reassignTask(id, b.to, by, b.note ?? null));
  taskRoute('snooze', snoozeBody, (id, b, by) => deps.handoff().snoozeTask(id, b.until, by));

  app.get('/api/staff/handoff/inbox', async (req, reply) => {
    const q = inboxQuery.safeParse(req.query);
    if (!q.success) return badRequest(reply, q.error);
    const by = actor(req.headers);
    const ref = q.data.member.toLowerCase();
    if (!mayManagePeople(by) && ref !== by.id && ref !== by.name.toLowerCase())
      return fail(reply, 403, { error: 'not_allowed', message: notAllowedMessage("Only an owner or a manager can read someone else's inbox.", by) });
    try {
      return { notifications: deps.handoff().inbox(q.data.member) };
    } catch (err) {
      return refused(reply, err);
    }
  });

  app.post('/api/staff/handoff/notifications/:id/acknowledge', async (req, reply) => {
    const p = idParams.safeParse(req.params);
    if (!p.success) return badRequest(reply, p.error);
    const b = byBody.safeParse(req.body ?? {});
    if (!b.success) return badRequest(reply, b.error);
    try {
      return { notification: deps.handoff().acknowledgeNotification(p.data.id, actor(req.headers).id) };
    } catch (err) {
      return refused(reply, err);
    }
  });

  app.get('/api/staff/handoff/people', async () => {
    const now = deps.handoff().now();
    return {
      people: deps
        .handoff()
        .settings()
        .people.filter((m) => m.active)
        .map((m) => ({ id: m.id, name: m.name, role: m.role, onShift: onShift(m, now, deps.zone()) })),
    };
  });

  // Others' email and web address only for owners and managers (staff-roles.ts).
  app.get('/api/staff/handoff/settings', async (req) => {
    const viewer = actor(req.headers);
    const settings = deps.handoff().settings();
    return { ...settings, people: settings.people.map((m) => (maySeeContactsOf(viewer, m) ? m : withoutContacts(m))) };
  });

  app.put('/api/staff/handoff/settings', async (req, reply) => {
    const b = settingsBody.safeParse(req.body ?? {});
    if (!b.success) return badRequest(reply, b.error);
    const by = actor(req.headers);
    if (!mayManagePeople(by)) {
      const what = SETTING_WORDS.filter(([k]) => b.data.settings[k] !== undefined).map(([, w]) => w);
      return fail(reply, 403, {
        error: 'not_allowed',
        message: notAllowedMessage(`Only an owner or a manager can change ${what.length ? listed(what) : 'the handoff settings'}.`, by),
      });
    }
    const ownerRefusal = b.data.settings.people === undefined ? null : ownerChangeRefusalOf(by, deps.handoff().settings().people, b.data.settings.people);
    if (ownerRefusal) return fail(reply, 403, { error: 'not_allowed', message: ownerRefusal });
    try {
      const before = deps.handoff().settings().people;
      const saved = deps.handoff().updateSettings(b.data.settings, by.name);
      deps.peopleChanged(before, saved.people);
      return saved;
    } catch (err) {
      if (err instanceof HandoffError && err.code === 'settings_invalid')
        return reply.code(422).send({ error: err.code, message: err.message, issues: err.details });
      return refused(reply, err);
    }
  });

  app.get('/api/staff/handoff/events', { websocket: true }, (socket) => {
    const timer = setTimeout(() => socket.close(CLOSE_UNAUTHORIZED, 'send {type:"auth", token} first'), AUTH_TIMEOUT_MS);
    socket.on('message', (data: Buffer) => {
      if (sockets.has(socket)) return; // after the hello the stream is one-way
      let token: string | undefined;
      try {
        const hello = helloSchema.safeParse(JSON.parse(data.toString('utf8')));
        if (hello.success) token = hello.data.token;
      } catch {
        // not JSON: refused below
      }
      clearTimeout(timer);
      if (!token || !deps.checkToken(token)) return socket.close(CLOSE_UNAUTHORIZED, 'unauthorized');
      sockets.set(socket, token);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      sockets.delete(socket);
    });
  });

  app.addHook('onClose', async () => {
    stopLive();
    for (const ws of sockets.keys()) ws.close(1001, 'server closing');
    sockets.clear();
  });
}

/** The routes' view of the runtime and the staff sessions. */
export function handoffRouteDeps(
  runtime: { handoff: HandoffService; config: { device: { timezone: string } } },
  auth: Pick<HandoffRouteDeps, 'member' | 'checkToken' | 'peopleChanged'>,
): HandoffRouteDeps {
  return {
    handoff: () => runtime.handoff,
    zone: () => runtime.handoff.zone(),
    member: (h) => auth.member(h),
    checkToken: (t, touch) => auth.checkToken(t, touch),
    peopleChanged: (before, after) => auth.peopleChanged(before, after),
  };
}
