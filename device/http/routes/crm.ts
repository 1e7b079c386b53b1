/**
 * The staff CRM routes (documented in ../contract-crm.ts): every route needs a staff session, every body and query is
 * checked with zod (sizes bounded) before it reaches the CRM, and every refusal answers a stable code with a sentence
 * staff can act on: 401 without a session, 404 for an unknown contact, 422 for a change the CRM refuses or input
 * that is wrong.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CrmError } from '../../crm/errors.js';
import type { Actor, Crm } from '../../crm/types.js';
import type { CrmApiError } from '../contract-crm.js';
import { fieldValueSchema } from '../../../sync/schemas/activity.js';
import { contactsCsvChunks } from './crm-csv.js';

export interface CrmRouteDeps {
  crm(): Crm;
  /** The staff member behind an `Authorization` header of a live session, or null. */
  staffActor(authorizationHeader: string | undefined): Actor | null;
}

export const NOTE_MAX = 4000;
const id = z.string().trim().min(1, 'is empty').max(64, 'is longer than 64 characters');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day like 2026-03-31');
const short = (max: number) => z.string().trim().max(max, `is longer than ${max} characters`);
const note = (what: string) => z.string().max(NOTE_MAX, `${what} is longer than ${NOTE_MAX} characters; shorten it`);

const leadQuerySchema = z
  .object({
    search: short(200).optional(),
    stage: short(64).optional(),
    tag: short(64).optional(),
    source: short(64).optional(),
    campaign: short(64).optional(),
    from: day.optional(),
    to: day.optional(),
    field: short(32).optional(),
    value: short(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
    offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
  })
  .strict();
const dashboardQuerySchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    granularity: z.enum(['day', 'week']).optional(),
    field: short(32).optional(),
    value: short(200).optional(),
  })
  .strict();
const stageSchema = z.object({ stage: id, note: note('The note').default('') }).strict();
const noteSchema = z.object({ text: note('The note') }).strict();
const fieldSchema = z.object({ field: short(32).min(1, 'is empty'), value: fieldValueSchema }).strict();
const tagSchema = z.object({ tag: id }).strict();
const mergeSchema = z.object({ otherId: id }).strict();
const outcomeSchema = z
  .object({
    result: z.enum(['won', 'lost']),
    reason: short(64).nullish(),
    wellQualified: z.boolean().nullish(),
    objection: z.string().max(1000, 'The objection is longer than 1000 characters; shorten it').nullish(),
    note: note('The note').nullish(),
  })
  .strict();

const text = (max: number) => z.string().trim().min(1, 'is empty').max(max, `is longer than ${max} characters`);
const settingsSchema = z
  .object({
    stages: z
      .array(
        z.object({
          id: text(64),
          name: text(80),
          definition: text(1000),
          criteria: z.object({ fields: z.array(text(32)).max(50), tags: z.array(text(80)).max(50) }),
        }),
      )
      .max(30)
      .optional(),
    taxonomy: z
      .array(
        z.object({
          id: text(64),
          name: text(80),
          tags: z.array(z.object({ id: text(64), name: text(80), synonyms: z.array(text(200)).max(200) })).max(500),
        }),
      )
      .max(50)
      .optional(),
    outcomeReasons: z
      .array(z.object({ id: text(64), name: text(80) }))
      .max(50)
      .optional(),
    retention: z.object({ noConsentDays: z.number().int().min(1).max(36_500).nullable() }).optional(),
  })
  .strict();

/** A refusal the CRM threw: its code, its message, and what is missing or wrong when it said. */
function crmRefusal(err: unknown): CrmApiError | null {
  if (!(err instanceof CrmError)) return null;
  return {
    error: err.code,
    message: err.message,
    ...(err.missing.length ? { missing: err.missing } : {}),
    ...(err.issues.length ? { issues: err.issues } : {}),
  };
}

function refuse(reply: FastifyReply, status: number, body: CrmApiError): FastifyReply {
  return reply.code(status).send(body);
}

/** Input that failed its schema: 422 with each wrong part named, as staff would fix it. */
function invalid(reply: FastifyReply, err: z.ZodError, settings = false): FastifyReply {
  const issues = err.issues.map((i) => ({ path: i.path.join('.'), message: describeIssue(i) }));
  const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return refuse(reply, 422, settings ? { error: 'settings_invalid', message, issues } : { error: 'invalid_value', message });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown ${issue.keys.length === 1 ? 'setting' : 'settings'}: ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is missing';
  return issue.message;
}

export function registerCrmRoutes(app: FastifyInstance, deps: CrmRouteDeps): void {
  /** Runs a CRM call for a staff member: 401 without a session, and the CRM's refusals as coded answers. */
  const staff =
    <P>(handler: (req: FastifyRequest<{ Params: P }>, reply: FastifyReply, by: Actor) => unknown) =>
    async (req: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
      const by = deps.staffActor(req.headers.authorization);
      if (!by) return refuse(reply, 401, { error: 'unauthorized', message: 'Log in with the staff PIN first.' });
      try {
        return await handler(req, reply, by);
      } catch (err) {
        const refusal = crmRefusal(err);
        if (!refusal) throw err;
        return refuse(reply, refusal.error === 'contact_not_found' ? 404 : 422, refusal);
      }
    };
  const parse = <T>(schema: z.ZodType<T>, input: unknown, reply: FastifyReply, settings = false): T | null => {
    const r = schema.safeParse(input ?? {});
    if (r.success) return r.data;
    invalid(reply, r.error, settings);
    return null;
  };
  /** The answer filter of a query (`field` and `value` together; the CRM checks them), or false once refused. */
  const answerOf = (q: { field?: string | undefined; value?: string | undefined }, reply: FastifyReply): { field?: { id: string; value: string } } | false => {
    if (q.field === undefined && q.value === undefined) return {};
    if (q.field === undefined || q.value === undefined) {
      refuse(reply, 422, { error: 'invalid_value', message: 'A field filter needs both `field` and `value`.' });
      return false;
    }
    return { field: { id: q.field, value: q.value } };
  };
  const notFound = (reply: FastifyReply) =>
    refuse(reply, 404, { error: 'contact_not_found', message: 'That contact does not exist (it may have been erased or merged). Go back to the leads list.' });
  type ById = { id: string };

  app.get(
    '/api/staff/leads',
    staff((req, reply) => {
      const q = parse(leadQuerySchema, req.query, reply);
      if (!q) return reply;
      const answer = answerOf(q, reply);
      if (answer === false) return reply;
      const { field: _f, value: _v, ...rest } = q;
      return deps.crm().list({ ...rest, ...answer });
    }),
  );

  app.get(
    '/api/staff/contacts/:id',
    staff<ById>((req, reply) => deps.crm().get(req.params.id) ?? notFound(reply)),
  );

  app.post(
    '/api/staff/contacts/:id/stage',
    staff<ById>((req, reply, by) => {
      const b = parse(stageSchema, req.body, reply);
      return b ? deps.crm().moveStage(req.params.id, b.stage, b.note.trim(), by) : reply;
    }),
  );

  app.post(
    '/api/staff/contacts/:id/notes',
    staff<ById>((req, reply, by) => {
      const b = parse(noteSchema, req.body, reply);
      if (!b) return reply;
      if (!b.text.trim()) return refuse(reply, 422, { error: 'note_required', message: 'The note is empty. Write what happened, then save.' });
      return deps.crm().addNote(req.params.id, b.text.trim(), by);
    }),
  );

  app.patch(
    '/api/staff/contacts/:id/fields',
    staff<ById>((req, reply, by) => {
      const b = parse(fieldSchema, req.body, reply);
      return b ? deps.crm().editField(req.params.id, b.field, b.value, by) : reply;
    }),
  );

  app.post(
    '/api/staff/contacts/:id/tags',
    staff<ById>((req, reply, by) => {
      const b = parse(tagSchema, req.body, reply);
      return b ? deps.crm().addTag(req.params.id, b.tag, by) : reply;
    }),
  );

  app.delete(
    '/api/staff/contacts/:id/tags/:tag',
    staff<ById & { tag: string }>((req, reply, by) => {
      const tag = parse(id, req.params.tag, reply);
      return tag ? deps.crm().removeTag(req.params.id, tag, by) : reply;
    }),
  );

  app.post(
    '/api/staff/contacts/:id/outcome',
    staff<ById>((req, reply, by) => {
      const b = parse(outcomeSchema, req.body, reply);
      return b ? deps.crm().recordOutcome(req.params.id, b, by) : reply;
    }),
  );

  app.post(
    '/api/staff/contacts/:id/merge',
    staff<ById>((req, reply, by) => {
      const b = parse(mergeSchema, req.body, reply);
      return b ? deps.crm().merge(req.params.id, b.otherId, by) : reply;
    }),
  );

  app.delete(
    '/api/staff/contacts/:id',
    staff<ById>((req, reply, by) => {
      deps.crm().erase(req.params.id, by);
      return reply.code(204).send();
    }),
  );

  app.get(
    '/api/staff/dashboard',
    staff((req, reply) => {
      const q = parse(dashboardQuerySchema, req.query, reply);
      if (!q) return reply;
      const answer = answerOf(q, reply);
      if (answer === false) return reply;
      const { field: _f, value: _v, ...rest } = q;
      return deps.crm().dashboard({ ...rest, ...answer });
    }),
  );

  app.get(
    '/api/staff/crm-settings',
    staff(() => deps.crm().settings()),
  );

  app.put(
    '/api/staff/crm-settings',
    staff((req, reply, by) => {
      const b = parse(settingsSchema, req.body, reply, true);
      return b ? deps.crm().updateSettings(b, by) : reply;
    }),
  );

  app.get(
    '/api/staff/export.csv',
    staff(async (_req, reply) => {
      const day = new Date().toISOString().slice(0, 10);
      // Streamed: written to the response a page at a time, as the client reads it.
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="frontdesk-contacts-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(contactsCsvChunks(deps.crm())));
    }),
  );
}

/** The deps from the runtime: its CRM, and its staff sessions (each knows its member, who is recorded as `by`). */
export function crmRouteDeps(runtime: { crm: Crm }, auth: { member(header: string | undefined): { id: string; name: string } | null }): CrmRouteDeps {
  return {
    crm: () => runtime.crm,
    staffActor: (header) => {
      const m = auth.member(header);
      return m ? { kind: 'staff', id: m.id, name: m.name } : null;
    },
  };
}
