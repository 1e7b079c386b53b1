/** Staff routes of the intake editor and the business profile (see contract-intake.ts). */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ConfigError } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { FIELD_KINDS, FIELD_TYPES } from '../../intake/types/index.js';
import type { StaffSave, StaffSection, StaffSettingsPatch } from '../../intake/staff-settings.js';
import type { BusinessProfileReply, BusinessProfileView, IntakeFieldSettings, IntakeSettingsView, LastSaved, SettingsRefusal } from '../contract-intake.js';
import { badRequest, fail } from '../replies.js';

export interface IntakeRoutesDeps {
  config: () => Config;
  /** Saves the sections of `patch`, recording `by` (the session's member) as who saved them. */
  saveStaffSettings: (patch: StaffSettingsPatch, by: StaffSave['by']) => Config;
  /** Who saved a section last and when, or null (never saved on the staff screen). */
  lastSaved: (section: StaffSection) => StaffSave | null;
}

/** The staff session's member: who is recorded with a save. */
export interface IntakeRoutesAuth {
  member(authorizationHeader: string | undefined): { id: string; name: string } | null;
}

const saveIntakeSchema = z.object({ fields: z.array(z.record(z.string(), z.unknown())).min(1).max(30), consentText: z.string().max(1000).optional() }).strict();
const saveBusinessSchema = z.record(z.string(), z.unknown());

function lastSavedView(saved: StaffSave | null): LastSaved | null {
  return saved ? { by: saved.by.name, at: saved.at } : null;
}

function intakeView(config: Config, saved: StaffSave | null): IntakeSettingsView {
  return {
    fields: config.intake.fields as IntakeFieldSettings[],
    consentText: config.intake.consentText,
    types: FIELD_KINDS.map((kind) => ({ kind, title: FIELD_TYPES[kind].title, remembered: FIELD_TYPES[kind].remembered ?? false })),
    lastSaved: lastSavedView(saved),
  };
}

function businessView(config: Config, saved: StaffSave | null): BusinessProfileReply {
  return { ...(config.business as unknown as BusinessProfileView), lastSaved: lastSavedView(saved) };
}

function refuse(reply: FastifyReply, err: unknown, section: string): FastifyReply {
  if (!(err instanceof ConfigError)) throw err;
  // Paths as the staff screen knows them: "fields[2].choices", not the config file's "intake.fields[2].choices".
  const problems = err.problems.map((p) => ({ path: p.path.replace(new RegExp(`^${section}\\.?`), ''), message: p.reason }));
  const body: SettingsRefusal = { error: 'invalid', message: `Not saved: ${problems.map((p) => `${p.path || section}: ${p.message}`).join('; ')}`, problems };
  return reply.code(422).send(body);
}

export function registerIntakeRoutes(app: FastifyInstance, deps: IntakeRoutesDeps, auth: IntakeRoutesAuth): void {
  /** The session's member, or null after answering 401. */
  const staff = (req: { headers: { authorization?: string | undefined } }, reply: FastifyReply): { id: string; name: string } | null => {
    const m = auth.member(req.headers.authorization);
    if (m) return m;
    fail(reply, 401, { error: 'unauthorized', message: 'Log in with the staff PIN first.' });
    return null;
  };

  app.get('/api/staff/intake', async (req, reply) => (staff(req, reply) ? intakeView(deps.config(), deps.lastSaved('intake')) : reply));

  app.put('/api/staff/intake', async (req, reply) => {
    const by = staff(req, reply);
    if (!by) return reply;
    const body = saveIntakeSchema.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    try {
      const patch = { intake: { fields: body.data.fields, ...(body.data.consentText ? { consentText: body.data.consentText } : {}) } };
      const config = deps.saveStaffSettings(patch, { id: by.id, name: by.name });
      return intakeView(config, deps.lastSaved('intake'));
    } catch (err) {
      return refuse(reply, err, 'intake');
    }
  });

  app.get('/api/staff/business', async (req, reply) => (staff(req, reply) ? businessView(deps.config(), deps.lastSaved('business')) : reply));

  app.put('/api/staff/business', async (req, reply) => {
    const by = staff(req, reply);
    if (!by) return reply;
    const body = saveBusinessSchema.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    // A client that sends back what it read also sends `lastSaved` and `openingHours`: the reply's own fields (the
    // hours are saved on their own screen, PUT /api/staff/hours), not settings of this save.
    const { lastSaved: _lastSaved, openingHours: _hours, ...profile } = body.data;
    const old = (['hours', 'holidays'] as const).filter((k) => profile[k] !== undefined);
    if (old.length) {
      const problems = old.map((path) => ({ path, message: 'the opening hours and holidays are one schedule now: set them on the Opening hours screen' }));
      const refusal: SettingsRefusal = { error: 'invalid', message: `Not saved: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems };
      return reply.code(422).send(refusal);
    }
    try {
      return businessView(deps.saveStaffSettings({ business: profile }, { id: by.id, name: by.name }), deps.lastSaved('business'));
    } catch (err) {
      return refuse(reply, err, 'business');
    }
  });
}
