/**
 * Opens, tracks and closes visits; turns a completed form into a stored lead. The only path from a customer's
 * answers to the store, for touch, voice and the simulator alike.
 */
import { EventEmitter } from 'node:events';
import type { BodyDriver } from '../../drivers/body/types.js';
import type { Config, IntakeField } from '../config/schema.js';
import type { ContactView } from '../http/contract.js';
import type { Logger } from '../log.js';
import type { ContactStore } from '../store/contacts.js';
import { consentRecord } from '../intake/consent.js';
import { checkAll, checkField, fieldContext, type FieldValue } from './fields.js';
import { Visit, type VisitTrigger } from './visit.js';

export class VisitError extends Error {
  constructor(
    readonly code: 'visit_not_found' | 'visit_closed' | 'invalid',
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = 'VisitError';
  }
}

export interface VisitManagerEvents {
  opened: [visit: Visit];
  closed: [visit: Visit];
  stored: [contact: ContactView, visit: Visit];
}

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
    const byKind = (kind: IntakeField['kind']): string | null => {
      const f = this.fields.find((x) => x.kind === kind);
      const v = f ? clean[f.id] : undefined;
      return typeof v === 'string' && v !== '' ? v : null;
    };
    const reasonField = this.fields.find((f) => f.id === 'reason') ?? this.fields.find((f) => f.kind === 'choice');
    const reasonValue = reasonField ? clean[reasonField.id] : undefined;
    const consentField = this.fields.find((f) => f.kind === 'consent');
    const consentGiven = consentField ? clean[consentField.id] === true : false;
    const channels = new Set(Object.values(visit.filledBy));
    const source =
      visit.trigger === 'simulate'
        ? 'simulate'
        : channels.has('voice') && !channels.has('touch')
          ? `${this.config.intake.source}-voice`
          : `${this.config.intake.source}-touch`;
    const tags = new Set<string>(['walk-in']);
    for (const f of this.fields) {
      const v = clean[f.id];
      if (f.kind === 'choice' && typeof v === 'string' && v !== '') tags.add(v);
      if (f.kind === 'multichoice' && Array.isArray(v)) for (const x of v) tags.add(x);
    }
    const contact = this.contacts.create({
      visitId: visit.id,
      name: byKind('name') ?? '',
      phone: byKind('phone'),
      email: byKind('email'),
      reason: typeof reasonValue === 'string' && reasonValue !== '' ? reasonValue : null,
      fields: clean as Record<string, string | boolean>, // typed values (number, string[]): crm-core's store takes them as JSON
      // The full record (spoken words, version, channel, language) travels in the consent JSON the store keeps.
      consent: consentField
        ? consentRecord({
            given: consentGiven,
            shown: this.config.intake.consentText,
            spoken: consentField.prompt,
            channel: visit.filledBy[consentField.id] ?? channel,
            language: this.config.business.language,
            at: new Date(),
          })
        : null,
      source,
      stage: this.config.intake.stage,
      tags: [...tags],
      transcript: visit.transcript,
    });
    visit.contactId = contact.id;
    visit.setStage('done');
    this.log.info({ visitId: visit.id, contactId: contact.id, source }, 'lead stored');
    this.gesture('farewell');
    this.emit('stored', contact, visit);
    this.emit('closed', visit);
    this.afterStore();
    return contact;
  }

  cancel(id: string): Visit {
    const visit = this.get(id);
    if (visit.open) this.close(visit, 'abandoned');
    return visit;
  }

  close(visit: Visit, stage: 'abandoned' | 'done'): void {
    visit.setStage(stage);
    this.log.info({ visitId: visit.id, stage }, 'visit closed');
    this.emit('closed', visit);
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
