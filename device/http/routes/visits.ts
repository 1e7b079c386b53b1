/**
 * The kiosk's visit routes. A finished visit's personal values are never served again: GET of a closed visit answers
 * its stage only (the kiosk needs no more to leave the form). Opening visits is rate-limited per client, so a page
 * (or a script on the network) cannot keep abandoning the visit of the person standing at the kiosk.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SubmitResult, VisitView } from '../contract.js';
import type { RateLimiter } from '../rate-limit.js';
import { badRequest, fail } from '../replies.js';
import { textField } from '../text.js';
import { firstName } from '../../visit/returning.js';
import type { VisitManager } from '../../visit/visits.js';

/** What the routes need of the visits: nothing else of the runtime. */
export type VisitRoutesVisits = Pick<VisitManager, 'open' | 'get' | 'applyTouch' | 'submit' | 'cancel' | 'requestPerson'>;

// Typed answers: text, yes/no, a number, several choices (device/intake/types/).
const valuesSchema = z.record(z.string().max(32), z.union([textField(2000), z.boolean(), z.number().finite(), z.array(textField(200)).max(30)]));
const openSchema = z.object({ trigger: z.enum(['touch', 'presence', 'wake']).default('touch') }).prefault({});
const patchSchema = z.object({ values: valuesSchema });
const submitSchema = z.object({ values: valuesSchema.optional() }).prefault({});

/** A visit as anyone may see it: once it ended, its stage and nothing of what the visitor said. */
export function publicView(view: VisitView): VisitView {
  if (view.stage !== 'done' && view.stage !== 'abandoned') return view;
  return { id: view.id, stage: view.stage, values: {}, fieldErrors: {}, transcript: [] };
}

export function registerVisitRoutes(app: FastifyInstance, visits: VisitRoutesVisits, opens: RateLimiter): void {
  app.post('/api/visits', async (req, reply) => {
    const body = openSchema.safeParse(req.body ?? {});
    if (!body.success) return badRequest(reply, body.error);
    const waitMs = opens.take(req.ip);
    if (waitMs > 0)
      return fail(reply.header('retry-after', String(Math.ceil(waitMs / 1000))), 429, {
        error: 'rate_limited',
        message: `Too many visits opened from here; try again in ${Math.ceil(waitMs / 1000)} seconds.`,
      });
    return visits.open(body.data.trigger).view();
  });

  app.get<{ Params: { id: string } }>('/api/visits/:id', async (req) => publicView(visits.get(req.params.id).view()));

  app.patch<{ Params: { id: string } }>('/api/visits/:id/fields', async (req, reply) => {
    const body = patchSchema.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    return visits.applyTouch(req.params.id, body.data.values).view();
  });

  app.post<{ Params: { id: string } }>('/api/visits/:id/submit', async (req, reply) => {
    const body = submitSchema.safeParse(req.body ?? {});
    if (!body.success) return badRequest(reply, body.error);
    // Returns only after the contact and its outbox entry are committed to disk. The answer is what the thank-you
    // screen shows and no more: a returning visitor's contact holds answers this visitor never typed (kept ones).
    const contact = visits.submit(req.params.id, body.data.values, 'touch');
    return {
      visit: publicView(visits.get(req.params.id).view()),
      firstName: firstName(contact.name) || null,
      contactId: contact.id,
    } satisfies SubmitResult;
  });

  // "Talk to a person": staff are told at once; the answer (and the kiosk socket) says who is coming.
  app.post<{ Params: { id: string } }>('/api/visits/:id/person', async (req) => ({ person: visits.requestPerson(req.params.id).personComing ?? null }));

  app.post<{ Params: { id: string } }>('/api/visits/:id/cancel', async (req) => publicView(visits.cancel(req.params.id).view()));
}
