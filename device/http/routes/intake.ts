/** Staff routes of the intake editor and the business profile (see contract-intake.ts). */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ConfigError } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { FIELD_KINDS, FIELD_TYPES } from '../../intake/types/index.js';
import type { StaffSettings } from '../../intake/staff-settings.js';
import type { BusinessProfileView, IntakeFieldSettings, IntakeSettingsView, SettingsRefusal } from '../contract-intake.js';
import type { PinAuth } from '../pin-auth.js';
import { badRequest, fail } from '../replies.js';

export interface IntakeRoutesDeps {
  config: () => Config;
  saveStaffSettings: (patch: StaffSettings) => Config;
}

const saveIntakeSchema = z.object({ fields: z.array(z.record(z.string(), z.unknown())).min(1).max(30), consentText: z.string().max(1000).optional() }).strict();
const saveBusinessSchema = z.record(z.string(), z.unknown());

function intakeView(config: Config): IntakeSettingsView {
  return {
    fields: config.intake.fields as IntakeFieldSettings[],
    consentText: config.intake.consentText,
    types: FIELD_KINDS.map((kind) => ({ kind, title: FIELD_TYPES[kind].title })),
  };
}

function refuse(reply: FastifyReply, err: unknown, section: string): FastifyReply {
  if (!(err instanceof ConfigError)) throw err;
  // Paths as the staff screen knows them: "fields[2].choices", not the config file's "intake.fields[2].choices".
  const problems = err.problems.map((p) => ({ path: p.path.replace(new RegExp(`^${section}\\.?`), ''), message: p.reason }));
  const body: SettingsRefusal = { error: 'invalid', message: `Not saved: ${problems.map((p) => `${p.path || section}: ${p.message}`).join('; ')}`, problems };
  return reply.code(422).send(body);
}

export function registerIntakeRoutes(app: FastifyInstance, deps: IntakeRoutesDeps, auth: Pick<PinAuth, 'check'>): void {
  const staff = (req: { headers: { authorization?: string | undefined } }, reply: FastifyReply): boolean => {
    if (auth.check(req.headers.authorization)) return true;
    fail(reply, 401, { error: 'unauthorized', message: 'Log in with the staff PIN first.' });
    return false;
  };

  app.get('/api/staff/intake', async (req, reply) => (staff(req, reply) ? intakeView(deps.config()) : reply));

  app.put('/api/staff/intake', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const body = saveIntakeSchema.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    try {
      const config = deps.saveStaffSettings({ intake: { fields: body.data.fields, ...(body.data.consentText ? { consentText: body.data.consentText } : {}) } });
      return intakeView(config);
    } catch (err) {
      return refuse(reply, err, 'intake');
    }
  });

  app.get('/api/staff/business', async (req, reply) => (staff(req, reply) ? (deps.config().business as BusinessProfileView) : reply));

  app.put('/api/staff/business', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const body = saveBusinessSchema.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    try {
      return deps.saveStaffSettings({ business: body.data }).business as BusinessProfileView;
    } catch (err) {
      return refuse(reply, err, 'business');
    }
  });
}
