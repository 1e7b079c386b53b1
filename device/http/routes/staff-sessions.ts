/**
 * Staff logins, one PIN per member (staff-auth.ts):
 *   GET  /api/staff/pin                   -> PinStatus                     (can anyone log in yet?)
 *   POST /api/staff/pin   {pin, confirm}  -> {set:true} | 409 pin_already_set | 422 pin_refused   (first start, kiosk only:
 *                                            the first member's PIN)
 *   GET  /api/staff/members               -> {members: [{id, name}], typeName} (the names to tap on the login screen;
 *                                            none for a remote client, who types their name: typeName true)
 *   POST /api/staff/login {member?, pin}  -> {token, expiresAt, member} | 401 wrong_pin / unknown_member |
 *                                            409 member_required / member_pin_not_set / pin_not_set | 429 locked
 *                                            (`member` may be left out while only one member has a PIN; remotely an
 *                                            unknown name or a member without a PIN is a wrong_pin, counted as one)
 *   GET  /api/staff/me                    -> {id, name, role}              (the session's member)
 *   POST /api/staff/logout                -> {loggedOut}
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { MAX_PIN_DIGITS, MIN_PIN_DIGITS } from '../../config/pins.js';
import type { StaffMembersReply, StaffMemberView } from '../contract.js';
import { badRequest, fail } from '../replies.js';
import type { StaffAuth } from '../staff-auth.js';
import { textField } from '../text.js';
import { isLoopback, notSetMessage, waitText } from './sessions.js';

const loginSchema = z.object({ pin: textField(32), member: textField(80).optional() }).strict();
const chooseSchema = z.object({ pin: textField(32), confirm: textField(32) }).strict();

export function registerStaffSessionRoutes(app: FastifyInstance, auth: StaffAuth): void {
  app.get('/api/staff/pin', async () => ({ set: auth.isSet(), minDigits: MIN_PIN_DIGITS.staff, maxDigits: MAX_PIN_DIGITS }));

  app.post('/api/staff/pin', async (req, reply) => {
    const body = chooseSchema.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    if (!isLoopback(req.ip))
      return fail(reply, 403, { error: 'kiosk_only', message: 'Choose the staff PIN on the kiosk itself, or set staff.pin in the config file.' });
    const r = await auth.choose(body.data.pin, body.data.confirm, req.ip);
    if (r.ok) return { set: true };
    return fail(reply, r.reason === 'already_set' ? 409 : 422, { error: r.reason === 'already_set' ? 'pin_already_set' : 'pin_refused', message: r.message });
  });

  // Who works here is not told to anyone who can reach the remote address: the names to tap go only to the kiosk
  // (a loopback client, as for choosing the first PIN), where they are on the screen anyway and tapping keeps login
  // easy. A remote login types its name; a name that is no one's is refused without listing the members.
  app.get('/api/staff/members', async (req): Promise<StaffMembersReply> =>
    isLoopback(req.ip) ? { members: auth.loginMembers().map((m) => ({ id: m.id, name: m.name })), typeName: false } : { members: [], typeName: true },
  );

  app.post('/api/staff/login', async (req, reply): Promise<FastifyReply | { token: string; expiresAt: string; member: StaffMemberView }> => {
    const body = loginSchema.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    const place = isLoopback(req.ip) ? 'kiosk' : 'remote';
    const r = await auth.login(body.data.pin, req.ip, body.data.member, place);
    if (r.ok) return { token: r.token, expiresAt: r.expiresAt, member: { id: r.member.id, name: r.member.name, role: r.member.role } };
    if (r.reason === 'not_set') return fail(reply, 409, { error: 'pin_not_set', message: notSetMessage(auth) });
    if ('message' in r) return fail(reply, r.reason === 'unknown_member' ? 401 : 409, { error: r.reason, message: r.message });
    reply.header('retry-after', String(r.retryAfterS));
    if (r.reason === 'locked') return fail(reply, 429, { error: 'locked', message: `Too many wrong PINs. Try again in ${waitText(r.retryAfterS)}.` });
    // Remotely a name that is no one's and a member without a PIN are wrong PINs too (staff-auth.ts): one message for all.
    const wrong = place === 'remote' ? 'That name and PIN do not match.' : 'That PIN is not right.';
    return fail(reply, 401, { error: 'wrong_pin', message: `${wrong} You can try again in ${waitText(r.retryAfterS)}.` });
  });

  app.get('/api/staff/me', async (req, reply) => {
    const m = auth.member(req.headers.authorization);
    if (!m) return fail(reply, 401, { error: 'unauthorized', message: 'Log in with your staff PIN first.' });
    return { id: m.id, name: m.name, role: m.role } satisfies StaffMemberView;
  });

  app.post('/api/staff/logout', async (req) => ({ loggedOut: auth.logout(req.headers.authorization) }));
}
