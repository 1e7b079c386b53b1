/**
 * A role's PIN and sessions (staff: /api/staff/*, technician: /api/technician/*):
 *   GET  pin                  -> {set}                        (does the role have a PIN yet?)
 *   POST pin   {pin, confirm} -> {set:true} | 409 pin_already_set | 422 pin_refused   (first start, kiosk only)
 *   POST login {pin}          -> {token, expiresAt} | 401 wrong_pin | 429 locked | 409 pin_not_set
 *   POST logout               -> {loggedOut}                   (revokes the token)
 * The first PIN can be chosen only from the kiosk itself (loopback), never over the network.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { MAX_PIN_DIGITS, MIN_PIN_DIGITS } from '../../config/pins.js';
import { waitText, type PinAuth } from '../pin-auth.js';
import { badRequest, fail } from '../replies.js';
import { textField } from '../text.js';

const loginSchema = z.object({ pin: textField(32) }).strict();
const chooseSchema = z.object({ pin: textField(32), confirm: textField(32) }).strict();

export function isLoopback(ip: string): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

export function notSetMessage(auth: { readonly role: PinAuth['role'] }): string {
  return auth.role === 'staff'
    ? `No staff PIN is set yet. On the kiosk, open the staff screen (#/staff) and choose one (at least ${MIN_PIN_DIGITS.staff} digits), or set staff.pin in the config file.`
    : `No technician PIN is set yet. On the kiosk, open the diagnostics screen (#/diagnostics) and choose one (at least ${MIN_PIN_DIGITS.technician} digits), or set technician.pin in the config file.`;
}

export function registerSessionRoutes(app: FastifyInstance, auth: PinAuth): void {
  const base = `/api/${auth.role}`;

  app.get(`${base}/pin`, async () => ({ set: auth.isSet(), minDigits: MIN_PIN_DIGITS[auth.role], maxDigits: MAX_PIN_DIGITS }));

  app.post(`${base}/pin`, async (req, reply) => {
    const body = chooseSchema.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    if (!isLoopback(req.ip))
      return fail(reply, 403, { error: 'kiosk_only', message: `Choose the ${auth.role} PIN on the kiosk itself, or set ${auth.role}.pin in the config file.` });
    const r = await auth.choose(body.data.pin, body.data.confirm);
    if (r.ok) return { set: true };
    return fail(reply, r.reason === 'already_set' ? 409 : 422, { error: r.reason === 'already_set' ? 'pin_already_set' : 'pin_refused', message: r.message });
  });

  app.post(`${base}/login`, async (req, reply): Promise<FastifyReply | { token: string; expiresAt: string }> => {
    const body = loginSchema.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    const r = await auth.login(body.data.pin, req.ip);
    if (r.ok) return { token: r.token, expiresAt: r.expiresAt };
    if (r.reason === 'not_set') return fail(reply, 409, { error: 'pin_not_set', message: notSetMessage(auth) });
    reply.header('retry-after', String(r.retryAfterS));
    if (r.reason === 'locked') return fail(reply, 429, { error: 'locked', message: `Too many wrong PINs. Try again in ${waitText(r.retryAfterS)}.` });
    return fail(reply, 401, { error: 'wrong_pin', message: `That PIN is not right. You can try again in ${waitText(r.retryAfterS)}.` });
  });

  app.post(`${base}/logout`, async (req) => ({ loggedOut: auth.logout(req.headers.authorization) }));
}

/** Kept here for the routes that import it from the session routes. */
export { waitText };
