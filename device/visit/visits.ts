/**
 * Opens, tracks and closes visits; turns a completed form into a stored lead. The only path from a customer's
 * answers to the store, for touch, voice and the simulator alike.
 */
import { EventEmitter } from 'node:events';
import type { BodyDriver } from '../../drivers/body/types.js';
import type { Config, IntakeField } from '../config/schema.js';
import type { ContactView } from '../http/contract.js';
import type { Logger } from '../log.js';
import type { CrmService, VisitInput } from '../crm/service.js';
import type { ContactStore } from '../store/contacts.js';
import { consentRecord } from '../intake/consent.js';
import { fieldType, isBlank } from '../intake/types/index.js';
import { checkAll, checkField, fieldContext, type FieldValue } from './fields.js';
import { Visit, type VisitTrigger } from './visit.js';
import { CodedError } from '../../base/errors.js';
import { isStorageFull } from '../../sync/storage-errors.js';

export class VisitError extends CodedError<'visit_not_found' | 'visit_closed' | 'invalid' | 'store_unavailable'> {
  constructor(
    code: 'visit_not_found' | 'visit_closed' | 'invalid' | 'store_unavailable',
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(code, message);
  }
}

export interface VisitManagerEvents {
  opened: [visit: Visit];
  closed: [visit: Visit];
  stored: [contact: ContactView, visit: Visit];
  /** The lead could not be written for lack of disk space (the visit stays open, nothing was stored). */
  'store-failed': [err: Error, visit: Visit];
}

/** What the visitor is told when the disk cannot take their lead (screen and voice). */
export const CANNOT_SAVE_MESSAGE =
  'Sorry, I cannot save your details right now. Our staff have been told. Please leave your details with a member of staff, or try again in a few minutes.';

const KEEP_CLOSED = 20; // closed visits kept in memory so the UI can still read their final state

export class VisitManager extends EventEmitter<VisitManagerEvents> {
  private readonly visits = new Map<string, Visit>();
  private currentId: string | null = null;

  constructor(
    /** The current config (downlink config may replace it between visits). */
    private readonly currentConfig: () => Config,
    private readonly contacts: ContactStore,
    private readonly body: BodyDriver,
    private readonly log: Logger,
    private readonly afterStore: () => void,
    /** The CRM: every visit is stored through it (a returning visitor joins their contact). */
    private readonly crm: CrmService,
  ) {
    super();
  }

  private get config(): Config {
    return this.currentConfig();
  }

  get fields(): readonly IntakeField[] {
    return this.config.intake.fields;
  }

  current(): Visit | null {
    return this.currentId ? (this.visits.get(this.currentId) ?? null) : null;
  }

  /** Opens a visit (closing any open one as abandoned) and greets with a gesture. */
  open(trigger: VisitTrigger): Visit {
    const previous = this.current();
    if (previous?.open) this.close(previous, 'abandoned');
    const visit = new Visit(trigger);
    this.visits.set(visit.id, visit);
    this.currentId = visit.id;
    this.prune();
    this.log.info({ visitId: visit.id, trigger }, 'visit opened');
    this.gesture('greet');
    visit.setStage('intake');
    this.emit('opened', visit);
    return visit;
  }

  get(id: string): Visit {
    const visit = this.visits.get(id);
    if (!visit) throw new VisitError('visit_not_found', 'That visit does not exist (it may have timed out). Start again from the welcome screen.');
    return visit;
  }

  /** Touch input: stores the values as typed; messages only for values that are present and wrong. */
  applyTouch(id: string, values: Record<string, FieldValue>): Visit {
    const visit = this.openVisit(id);
    for (const f of this.fields) {
      if (!(f.id in values)) continue;
      const raw = values[f.id]!;
      visit.setValue(f.id, raw, 'touch');
      const blank = raw === '' || raw === false || (Array.isArray(raw) && raw.length === 0);
      const r = checkField(f, raw, fieldContext(this.config));
      if (!r.ok && !blank) visit.setError(f.id, r.message);
    }
    return visit;
  }

  /** Validates the whole form and stores the lead; throws VisitError('invalid') with per-field messages. */
  submit(id: string, values: Record<string, FieldValue> | undefined, channel: 'voice' | 'touch'): ContactView {
    const visit = this.openVisit(id);
    if (values) for (const [k, v] of Object.entries(values)) if (this.fields.some((f) => f.id === k)) visit.setValue(k, v, channel);
    const { values: clean, errors } = checkAll(this.fields, visit.values, fieldContext(this.config));
    if (Object.keys(errors).length) {
      visit.fieldErrors = errors;
      visit.setStage('intake');
      throw new VisitError('invalid', 'Some answers need a second look.', errors);
    }
    let contactId: string;
    try {
      ({ contactId } = this.crm.recordVisit(this.visitInput(visit, clean, false)));
    } catch (err) {
      // The transaction rolled back: nothing half-written. The visit stays open so the visitor can try again.
      if (!isStorageFull(err)) throw err;
      this.emit('store-failed', err as Error, visit);
      throw new VisitError('store_unavailable', CANNOT_SAVE_MESSAGE);
    }
    const contact = this.contacts.get(contactId)!;
    visit.contactId = contact.id;
    visit.setStage('done');
    this.log.info({ visitId: visit.id, contactId: contact.id, source: contact.source }, 'lead stored');
    this.gesture('farewell');
    this.emit('stored', contact, visit);
    this.emit('closed', visit);
    this.afterStore();
    return contact;
  }

  /**
   * "Talk to a person" on the screen: the same request the dialog makes when the visitor says it. Returns who is
   * coming as the handoff answered it (null when nothing handles requests, e.g. a runtime without the handoff).
   */
  requestPerson(id: string): Visit {
    const visit = this.openVisit(id);
    visit.say('visitor', 'Talk to a person', 'touch');
    this.gesture('nod');
    visit.emit('handoff-requested', {
      visitId: visit.id,
      said: 'Talk to a person',
      fieldId: 'touch',
      channel: 'touch',
      at: new Date().toISOString(),
      reply: () => undefined,
    });
    return visit;
  }

  cancel(id: string): Visit {
    const visit = this.get(id);
    if (visit.open) this.close(visit, 'abandoned');
    return visit;
  }

  close(visit: Visit, stage: 'abandoned' | 'done'): void {
    if (stage === 'abandoned' && visit.open && !visit.contactId) this.storePartial(visit);
    visit.setStage(stage);
    this.log.info({ visitId: visit.id, stage }, 'visit closed');
    this.emit('closed', visit);
  }

  /**
   * A visit that ends without confirming: when the visitor gave consent and a phone or email, what consent allows
   * (the answers that pass their checks, and the transcript) is kept as a partial lead. What the visitor confirmed
   * is kept as it is; a value heard by voice and never confirmed is kept marked "not confirmed" (the CRM shows it so,
   * for staff to check), except names and free text, which are not kept at all. Never throws: the visit closes
   * whatever happens here.
   */
  storePartial(visit: Visit): string | null {
    const consentField = this.fields.find((f) => f.kind === 'consent');
    if (!consentField || !checkField(consentField, visit.values[consentField.id], fieldContext(this.config)).ok) return null;
    const clean: Record<string, FieldValue> = {};
    for (const f of this.fields) {
      const raw = visit.values[f.id];
      if (raw === undefined || raw === '') continue;
      // Taken from a returning visitor's contact and unchanged: the contact holds it already, as confirmed or not as it
      // was; this unfinished visit (the robot's check of it may have met silence) says nothing new about it.
      if (visit.isKept(f.id)) continue;
      // Names and free text are open-vocabulary answers: by voice the recognizer hears the nearest words it knows (a
      // listed surname for an unlisted one), and unless the visitor confirmed it (the read-back, a spelling) it is a
      // guess, not kept as a fact; the transcript keeps what was heard, for staff to read. A phone, an email, a choice
      // or a date either passes its checks or not: an unconfirmed one is kept, marked (`unconfirmedOf`).
      if (!visit.isConfirmed(f.id) && fieldType(f.kind).openVocabulary) continue;
      const r = checkField(f, raw, fieldContext(this.config));
      if (r.ok && !isBlank(r.value)) clean[f.id] = r.value;
    }
    const reachable = this.fields.some((f) => (f.kind === 'phone' || f.kind === 'email') && typeof clean[f.id] === 'string' && clean[f.id] !== '');
    if (!reachable) return null;
    try {
      const { contactId } = this.crm.recordVisit(this.visitInput(visit, clean, true));
      visit.contactId = contactId;
      this.log.info({ visitId: visit.id, contactId }, 'partial lead kept (consent given, visit not confirmed)');
      this.afterStore();
      return contactId;
    } catch (err) {
      this.log.error({ visitId: visit.id, err: String(err) }, 'could not keep the partial lead');
      return null;
    }
  }

  /** What the CRM stores of a visit: answers, transcript, source (channel, device), consent as given. */
  private visitInput(visit: Visit, clean: Record<string, FieldValue>, partial: boolean): VisitInput {
    const channels = new Set(Object.values(visit.filledBy));
    const both = channels.has('voice') && channels.has('touch');
    const channel: VisitInput['channel'] = both ? 'mixed' : channels.has('voice') ? 'voice' : channels.has('touch') ? 'touch' : 'text';
    const sourceChannel =
      visit.trigger === 'simulate'
        ? 'simulate'
        : channels.has('voice') && !channels.has('touch')
          ? `${this.config.intake.source}-voice`
          : `${this.config.intake.source}-touch`;
    const consentField = this.fields.find((f) => f.kind === 'consent');
    // The words shown and spoken, their version (sha256 of both), channel, language and time (device/intake/consent.ts).
    const consent: VisitInput['consent'] = consentField
      ? consentRecord({
          given: clean[consentField.id] === true,
          shown: this.config.intake.consentText,
          spoken: consentField.prompt,
          channel: visit.filledBy[consentField.id] ?? (channel === 'voice' ? 'voice' : 'touch'),
          language: this.config.business.language,
          at: new Date(),
        })
      : null;
    return {
      visitId: visit.id,
      channel,
      sourceChannel,
      answers: clean,
      transcript: visit.transcript.map((l) => ({ who: l.who, text: l.text, channel: l.channel, fieldId: l.fieldId ?? null, at: l.at })),
      consent,
      partial,
      unconfirmed: unconfirmedOf(this.fields, visit, clean),
    };
  }

  private openVisit(id: string): Visit {
    const visit = this.get(id);
    if (!visit.open) throw new VisitError('visit_closed', 'This visit has already ended. Start again from the welcome screen.');
    return visit;
  }

  private gesture(name: string): void {
    // Fire and forget: the body must never hold up the conversation or the store.
    this.body.play(name).catch((err: unknown) => this.log.warn({ gesture: name, err: String(err) }, 'gesture failed'));
  }

  private prune(): void {
    const closed = [...this.visits.values()].filter((v) => !v.open);
    for (const v of closed.slice(0, Math.max(0, closed.length - KEEP_CLOSED))) this.visits.delete(v.id);
  }
}

/**
 * The answers kept that the visitor never confirmed (heard by voice, never read back, spelled or typed), by field id
 * in form order. Consent is its own yes, never read back: not listed.
 */
export function unconfirmedOf(fields: readonly IntakeField[], visit: Pick<Visit, 'isConfirmed'>, kept: Record<string, FieldValue>): string[] {
  return fields.filter((f) => f.kind !== 'consent' && f.id in kept && !isBlank(kept[f.id]!) && !visit.isConfirmed(f.id)).map((f) => f.id);
}
