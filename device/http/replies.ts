/** Answers shared by the HTTP routes: coded errors, zod failures, and the PIN login of a role (staff, technician). */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ApiError } from './contract.js';
import type { PinAuth } from './pin-auth.js';

export const loginSchema = z.object({ pin: z.string().max(32) });

export function fail(reply: FastifyReply, status: number, body: ApiError): FastifyReply {
  return reply.code(status).send(body);
}

export function badRequest(reply: FastifyReply, err: z.ZodError): FastifyReply {
  return fail(reply, 400, { error: 'bad_request', message: err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
}

/** POST {pin} -> 200 {token, expiresAt} | 401 wrong_pin | 429 locked (with Retry-After). */
export function answerLogin(reply: FastifyReply, auth: PinAuth, body: unknown): FastifyReply | { token: string; expiresAt: string } {
  const parsed = loginSchema.safeParse(body);
  if (!parsed.success) return badRequest(reply, parsed.error);
  const r = auth.login(parsed.data.pin);
  if (r.ok) return { token: r.token, expiresAt: r.expiresAt };
  if (r.reason === 'locked')
    return fail(reply.header('retry-after', String(r.retryAfterS)), 429, {
      error: 'locked',
      message: `Too many wrong PINs. Try again in ${r.retryAfterS} seconds.`,
    });
  return fail(reply, 401, { error: 'wrong_pin', message: 'That PIN is not right.' });
}
