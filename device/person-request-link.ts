/**
 * Where visits and the handoff meet for "talk to a person": a visit's `handoff-requested` (the dialog heard it, or the
 * screen's button) goes to the handoff at once, with only what the visitor consented to share; who is coming goes
 * back to the robot (it says it) and to the kiosk (the "who is coming" screen); a staff member's acknowledgement
 * updates the kiosk; when the visit becomes a contact, its requests join the contact's story. Through the narrow
 * ports only (device/ports.ts).
 */
import type { Config } from './config/schema.js';
import type { ActivityFieldValue } from '../sync/schemas/activity.js';
import type { PersonComingView } from './http/contract.js';
import type { PersonRequestDesk, PersonRequestVisits } from './ports.js';
import { isBlank } from './intake/types/index.js';
import { checkField, fieldContext, messagesOf } from './visit/fields.js';
import type { HandoffRequest, Visit } from './visit/visit.js';

export interface PersonRequestLinkOptions {
  config: () => Config;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
}

/**
 * The answers a visitor has agreed to share: none until the form's consent is given (checked as it would be stored),
 * then the answers that pass their checks. A form without a consent field shares nothing.
 */
export function consentedAnswers(config: Config, values: Visit['values']): Record<string, ActivityFieldValue> | null {
  const fields = config.intake.fields;
  const ctx = fieldContext(config);
  const consent = fields.find((f) => f.kind === 'consent');
  if (!consent || values[consent.id] !== true || !checkField(consent, values[consent.id], ctx).ok) return null;
  const out: Record<string, ActivityFieldValue> = {};
  for (const f of fields) {
    const raw = values[f.id];
    if (raw === undefined || raw === '') continue;
    const r = checkField(f, raw, ctx);
    if (r.ok && !isBlank(r.value)) out[f.id] = r.value;
  }
  return out;
}

/** Connects the two; returns the undo (for the runtime's stop). */
export function linkPersonRequests(visits: PersonRequestVisits, desk: PersonRequestDesk, opts: PersonRequestLinkOptions): () => void {
  const say = (key: string, vars: Record<string, string>) => messagesOf(opts.config()).say(key, vars);

  const onRequest = (visit: Visit, req: HandoffRequest): void => {
    // Asked again in the same visit (a second tap, said again): staff were told already; the robot says who again.
    if (visit.personComing) {
      visit.setPersonComing(visit.personComing);
      req.reply(visit.personComing.coming ?? '');
      return;
    }
    let coming: string | null = null;
    try {
      const config = opts.config();
      const outcome = desk.requestPerson({
        visitId: visit.id,
        consented: consentedAnswers(config, visit.values),
        channel: `${config.intake.source}-${req.channel ?? 'voice'}`,
      });
      coming = outcome.coming?.name ?? null;
      opts.log?.('info', 'visitor asked for a person', { visitId: visit.id, told: outcome.requests.flatMap((r) => r.recipients), coming });
    } catch (err) {
      // The visitor is still told someone comes (the screen and the robot); staff see the failure in the log.
      opts.log?.('error', 'could not tell staff that a visitor asked for a person', { visitId: visit.id, err: String(err) });
    }
    const view: PersonComingView = { coming, text: coming ? say('handoffWho', { who: coming }) : say('handoff', {}), seenBy: null, seenText: null };
    visit.setPersonComing(view);
    req.reply(coming ?? '');
  };

  const watch = (visit: Visit): void => {
    visit.on('handoff-requested', (req) => onRequest(visit, req));
  };
  const closed = (visit: Visit): void => {
    if (visit.contactId) desk.joinContact(visit.id, visit.contactId);
  };
  visits.on('opened', watch);
  visits.on('closed', closed);

  const stopSeen = desk.onPersonRequestSeen((request) => {
    let visit: Visit;
    try {
      visit = visits.get(request.visitId);
    } catch {
      return; // the visit is long gone from memory: nothing on the kiosk to update
    }
    const by = request.acknowledgedBy?.name ?? null;
    if (!by || visit.personComing?.seenBy) return;
    const before = visit.personComing ?? { coming: null, text: say('handoff', {}), seenBy: null, seenText: null };
    visit.setPersonComing({ ...before, seenBy: by, seenText: say('handoffSeen', { who: by }) });
  });

  return () => {
    visits.off('opened', watch);
    visits.off('closed', closed);
    stopSeen();
  };
}
