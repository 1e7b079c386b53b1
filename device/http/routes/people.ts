/**
 * The People tab's routes (staff-people.ts): every route needs a staff session; changes need an owner or a manager.
 * Others' email and web address only reach owners and managers; everyone else gets them as null (their own they see).
 *   GET    /api/staff/people                                   -> {people: PersonDetail[], sharedStaffPin}
 *   POST   /api/staff/people  {name, role, email?, webhook?, shifts?, pin, confirm} -> {person} | 422 PeopleRefusal
 *   PUT    /api/staff/people/:id/pin  {pin, confirm}            -> {person} | 422 PeopleRefusal
 *   DELETE /api/staff/people/:id                                -> 204 | 422 (the last owner; a rule names them)
 * Refusals: 401 no session, 403 not_allowed (not an owner or manager), 404 unknown_member, 429 locked (a PIN that
 * was the technician's counts as a wrong technician PIN for the client), 422 pin_refused /
 * member_invalid with `issues` naming the input.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Member } from '../../handoff/people.js';
import type { PeopleList, PeopleRefusal } from '../contract.js';
import { badRequest, fail } from '../replies.js';
import { PeopleError, type StaffPeople } from '../staff-people.js';
import { maySeeContactsOf } from '../staff-roles.js';

export interface PeopleRouteDeps {
  people: StaffPeople;
  /** The member of an `Authorization` header's live session, or null. */
  member(header: string | undefined): Member | null;
}

const pin = z.string().max(32, 'is longer than 32 characters');
// The member's own fields are checked by the one validator (device/handoff/validate.ts); here only sizes.
const addBody = z
  .object({
    name: z.string().max(200),
    role: z.string().max(40),
    email: z.string().max(300).optional(),
    webhook: z.string().max(2100).optional(),
    shifts: z.record(z.string(), z.array(z.string().max(20)).max(10)).optional(),
    pin,
    confirm: pin,
  })
  .strict();
const pinBody = z.object({ pin, confirm: pin }).strict();
const idParams = z.object({ id: z.string().trim().min(1).max(80) });

const STATUS: Record<PeopleError['code'], number> = { not_allowed: 403, unknown_member: 404, pin_refused: 422, member_invalid: 422, locked: 429 };

function refused(reply: FastifyReply, err: unknown): FastifyReply {
  if (!(err instanceof PeopleError)) throw err;
  return reply.code(STATUS[err.code]).send({ error: err.code, message: err.message, issues: err.issues } satisfies PeopleRefusal);
}

export function registerPeopleRoutes(app: FastifyInstance, deps: PeopleRouteDeps): void {
  const who = (header: string | undefined, reply: FastifyReply): Member | null => {
    const m = deps.member(header);
    if (!m) fail(reply, 401, { error: 'unauthorized', message: 'Log in with your staff PIN first.' });
    return m;
  };

  app.get('/api/staff/people', async (req, reply) => {
    const viewer = who(req.headers.authorization, reply);
    if (!viewer) return reply;
    return {
      people: deps.people.list().map((p) => (maySeeContactsOf(viewer, p) ? p : { ...p, email: null, webhook: null })),
      sharedStaffPin: viewer.role === 'owner' && deps.people.sharedPinInUse(),
    } satisfies PeopleList;
  });

  app.post('/api/staff/people', async (req, reply) => {
    const by = who(req.headers.authorization, reply);
    if (!by) return reply;
    const b = addBody.safeParse(req.body ?? {});
    if (!b.success) return badRequest(reply, b.error);
    const { email, webhook, ...rest } = b.data;
    try {
      // An empty contact way is no contact way.
      const person = await deps.people.add(
        { ...rest, ...(email?.trim() ? { email: email.trim() } : {}), ...(webhook?.trim() ? { webhook: webhook.trim() } : {}) } as Parameters<
          StaffPeople['add']
        >[0],
        by,
        req.ip,
      );
      return { person };
    } catch (err) {
      return refused(reply, err);
    }
  });

  app.put('/api/staff/people/:id/pin', async (req, reply) => {
    const by = who(req.headers.authorization, reply);
    if (!by) return reply;
    const p = idParams.safeParse(req.params);
    if (!p.success) return badRequest(reply, p.error);
    const b = pinBody.safeParse(req.body ?? {});
    if (!b.success) return badRequest(reply, b.error);
    try {
      return { person: await deps.people.setPin(p.data.id, b.data.pin, b.data.confirm, by, req.ip) };
    } catch (err) {
      return refused(reply, err);
    }
  });

  app.delete('/api/staff/people/:id', async (req, reply) => {
    const by = who(req.headers.authorization, reply);
    if (!by) return reply;
    const p = idParams.safeParse(req.params);
    if (!p.success) return badRequest(reply, p.error);
    try {
      deps.people.remove(p.data.id, by);
      return reply.code(204).send();
    } catch (err) {
      return refused(reply, err);
    }
  });
}
