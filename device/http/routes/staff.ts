/**
 * The staff's own routes: today's contacts and the voice settings, each behind a staff session. (Login, logout and
 * choosing the PIN are the session routes, sessions.ts; the CRM routes are crm.ts.)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config/schema.js';
import { wakeWordLicenceNotice } from '../../../models/wake/licence.js';
import { wakePhrase } from '../../speech/voice-host.js';
import type { ContactStore } from '../../store/contacts.js';
import type { StaffSettings } from '../contract.js';
import { badRequest, fail } from '../replies.js';

export interface StaffRouteDeps {
  contacts: Pick<ContactStore, 'listDay'>;
  config: () => Config;
  /** The speech mode decided at start (speech.mode 'auto' looks for a microphone and speaker). */
  speechMode: () => { mode: 'text' | 'audio'; reason: string };
  /** Today in the device's time zone, YYYY-MM-DD. */
  today: () => string;
  /** Whether an Authorization header holds a live staff session. */
  isStaff: (req: FastifyRequest) => boolean;
}

const daySchema = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export function registerStaffRoutes(app: FastifyInstance, deps: StaffRouteDeps): void {
  const guard = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> =>
    deps.isStaff(req) ? undefined : fail(reply, 401, { error: 'unauthorized', message: 'Log in with the staff PIN first.' });

  app.get('/api/staff/contacts', { onRequest: guard }, async (req, reply) => {
    const q = daySchema.safeParse(req.query);
    if (!q.success) return badRequest(reply, q.error);
    return deps.contacts.listDay(q.data.day ?? deps.today());
  });

  app.get('/api/staff/settings', { onRequest: guard }, async (): Promise<StaffSettings> => {
    const speech = deps.config().speech;
    const running = deps.speechMode();
    return {
      voice: {
        mode: running.mode,
        setting: speech.mode,
        reason: running.reason,
        wakeEngine: speech.wake.engine,
        wakePhrase: wakePhrase(speech),
        licenceNotice: wakeWordLicenceNotice(speech.wake) ?? null,
      },
    };
  });
}
