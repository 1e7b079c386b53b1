/**
 * Staff routes of the one opening-hours schedule (see contract-hours.ts): read by any staff member, changed by an
 * owner or a manager (it moves follow-up tasks' due times as well as what the robot tells visitors). A save goes
 * through the one validator (the full config schema), is in force at once and kept across restarts.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ConfigError } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { hoursSet } from '../../hours/schedule.js';
import type { StaffSave, StaffSection, StaffSettingsPatch } from '../../intake/staff-settings.js';
import type { OpeningHoursReply, OpeningHoursView } from '../contract-hours.js';
import type { SettingsRefusal } from '../contract-intake.js';
import { badRequest, fail } from '../replies.js';
import { mayManagePeople, notAllowedMessage } from '../staff-roles.js';

export interface HoursRoutesDeps {
  config: () => Config;
  saveStaffSettings: (patch: StaffSettingsPatch, by: StaffSave['by']) => Config;
  lastSaved: (section: StaffSection) => StaffSave | null;
}

export interface HoursRoutesAuth {
  member(authorizationHeader: string | undefined): { id: string; name: string; role: 'owner' | 'manager' | 'sales' | 'front-desk' } | null;
}

// The schedule's own schema checks every part (device/hours/schedule.ts); here only the envelope.
const saveBody = z.object({ hours: z.record(z.string(), z.unknown()) }).strict();

function view(config: Config, mayChange: boolean, saved: StaffSave | null): OpeningHoursReply {
  const hours = config.business.openingHours;
  return {
    hours: hours as OpeningHoursView,
    set: hoursSet(hours),
    zone: hours.timezone ?? config.device.timezone,
    mayChange,
    lastSaved: saved ? { by: saved.by.name, at: saved.at } : null,
  };
}

function refuse(reply: FastifyReply, err: unknown): FastifyReply {
  if (!(err instanceof ConfigError)) throw err;
  // Paths as the screen knows them: "week.mon[0]", not the config's "business.openingHours.week.mon[0]".
  const problems = err.problems.map((p) => ({ path: p.path.replace(/^business\.openingHours\.?/, ''), message: p.reason }));
  const body: SettingsRefusal = {
    error: 'invalid',
    message: `Not saved: ${problems.map((p) => `${p.path || 'opening hours'}: ${p.message}`).join('; ')}`,
    problems,
  };
  return reply.code(422).send(body);
}

export function registerHoursRoutes(app: FastifyInstance, deps: HoursRoutesDeps, auth: HoursRoutesAuth): void {
  app.get('/api/staff/hours', async (req, reply) => {
    const by = auth.member(req.headers.authorization);
    if (!by) return fail(reply, 401, { error: 'unauthorized', message: 'Log in with your staff PIN first.' });
    return view(deps.config(), mayManagePeople(by), deps.lastSaved('hours'));
  });

  app.put('/api/staff/hours', async (req, reply) => {
    const by = auth.member(req.headers.authorization);
    if (!by) return fail(reply, 401, { error: 'unauthorized', message: 'Log in with your staff PIN first.' });
    if (!mayManagePeople(by))
      return fail(reply, 403, { error: 'not_allowed', message: notAllowedMessage('Only an owner or a manager can change the opening hours.', by) });
    const body = saveBody.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    // The device's note on how older hours were merged is not staff's to write: a save ends it.
    const { merged: _merged, ...hours } = body.data.hours;
    try {
      const config = deps.saveStaffSettings({ hours }, { id: by.id, name: by.name });
      return view(config, true, deps.lastSaved('hours'));
    } catch (err) {
      return refuse(reply, err);
    }
  });
}
