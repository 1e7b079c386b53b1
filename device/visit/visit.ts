/**
 * One visit: a customer in front of the robot, from the greeting to the stored lead (or to walking away).
 * Voice and touch write into the same form state, so the customer may switch between them at any time.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { KeptFieldView, PersonComingView, TranscriptLine, VisitStage, VisitView } from '../http/contract.js';
import type { FieldValue } from './fields.js';

export type VisitTrigger = 'touch' | 'presence' | 'wake' | 'simulate';

/**
 * The visitor asked for a person ("I want to talk to a person"). Handoff rules take it as a trigger; whoever
 * handles it may `reply` with who is coming ("Maria is coming"), which the robot says.
 */
export interface HandoffRequest {
  visitId: string;
  /** What the visitor said. */
  said: string;
  /** The question the robot was asking (a field id, 'confirm', or 'help' after a declined consent). */
  fieldId: string;
  at: string;
  /** How the visitor asked: by voice (default) or with the screen's "Talk to a person" button. */
  channel?: 'voice' | 'touch';
  /** Who is coming, by name or role ("Maria"), or '' for nobody in particular; the first reply counts. */
  reply(who: string): void;
}

export interface VisitEvents {
  changed: [view: VisitView];
  caption: [text: string, final: boolean];
  /** The robot starts saying `text` (the transcript gets the line once it has been said). */
  'robot-says': [text: string];
  /** The visitor changed a field on the screen. */
  touched: [fieldId: string];
  'handoff-requested': [request: HandoffRequest];
  /** Who is coming after a handoff request, and later who has seen it (the kiosk's "who is coming" screen). */
  'person-coming': [view: PersonComingView];
}

export class Visit extends EventEmitter<VisitEvents> {
  readonly id = randomUUID();
  readonly startedAt = Date.now();
  stage: VisitStage = 'greeting';
  readonly values: Record<string, FieldValue> = {};
  /** Which channel last set each field. */
  readonly filledBy: Record<string, 'voice' | 'touch'> = {};
  fieldErrors: Record<string, string> = {};
  /**
   * What the visitor confirmed, by field id: the value (JSON) as it stood when they did. A value is confirmed while
   * it still equals that: typed or touched on the screen, read back and answered yes, spelled and checked letter by
   * letter, or kept from their contact. A value heard by voice and never read back is not.
   */
  private readonly confirmedAs = new Map<string, string>();
  /** Values taken from a returning visitor's contact, with their masked text: shown masked while unchanged. */
  private readonly fromContact = new Map<string, { value: FieldValue; masked: string }>();
  readonly transcript: TranscriptLine[] = [];
  caption: string | undefined;
  contactId: string | undefined;
  /** After the visitor asked for a person: who is coming, and who has seen the request. */
  personComing: PersonComingView | undefined;
  /** Aborted when the visit ends, so a running voice dialog stops. */
  readonly controller = new AbortController();

  constructor(readonly trigger: VisitTrigger) {
    super();
  }

  get open(): boolean {
    return this.stage !== 'done' && this.stage !== 'abandoned';
  }

  setValue(fieldId: string, value: FieldValue, channel: 'voice' | 'touch'): void {
    this.values[fieldId] = value;
    this.filledBy[fieldId] = channel;
    delete this.fieldErrors[fieldId];
    // The visitor sees what they type; a voice value waits for its read-back.
    if (channel === 'touch') this.confirmedAs.set(fieldId, JSON.stringify(value));
    this.changed();
    if (channel === 'touch') this.emit('touched', fieldId);
  }

  /** The visitor confirmed the field's current value (a yes to its read-back or to its spelling). */
  confirm(fieldId: string): void {
    if (fieldId in this.values) this.confirmedAs.set(fieldId, JSON.stringify(this.values[fieldId]));
  }

  /** Whether the field holds a value the visitor confirmed (and it has not changed since). */
  isConfirmed(fieldId: string): boolean {
    return fieldId in this.values && this.confirmedAs.get(fieldId) === JSON.stringify(this.values[fieldId]);
  }

  /** Fills a field from a returning visitor's contact; the view shows `masked` until the value changes. */
  keep(fieldId: string, value: FieldValue, masked: string): void {
    this.fromContact.set(fieldId, { value, masked });
    this.setValue(fieldId, value, 'voice');
    // The contact's own value, which the visitor is shown (masked) and sends or says yes to with the rest; a partial
    // lead leaves it out altogether (visits.ts storePartial), so an unfinished visit never vouches for it.
    this.confirm(fieldId);
  }

  /** Whether the field still holds the value taken from the contact. */
  isKept(fieldId: string): boolean {
    const k = this.fromContact.get(fieldId);
    return k !== undefined && fieldId in this.values && JSON.stringify(k.value) === JSON.stringify(this.values[fieldId]);
  }

  /** Forgets an answer ("start over"). */
  clear(fieldId: string): void {
    delete this.values[fieldId];
    delete this.filledBy[fieldId];
    delete this.fieldErrors[fieldId];
    this.confirmedAs.delete(fieldId);
    this.changed();
  }

  /** The robot starts to say `text` (captions show it while it is said). */
  announce(text: string): void {
    this.emit('robot-says', text);
  }

  setError(fieldId: string, message: string): void {
    this.fieldErrors[fieldId] = message;
    this.changed();
  }

  say(who: 'robot' | 'visitor', text: string, channel: TranscriptLine['channel'], fieldId?: string): void {
    this.transcript.push({ who, text, channel, at: new Date().toISOString(), ...(fieldId ? { fieldId } : {}) });
    if (who === 'visitor') this.caption = undefined;
    this.changed();
  }

  setPersonComing(view: PersonComingView): void {
    this.personComing = view;
    this.emit('person-coming', view);
  }

  setCaption(text: string, final: boolean): void {
    this.caption = final ? undefined : text;
    this.emit('caption', text, final);
  }

  setStage(stage: VisitStage): void {
    if (this.stage === stage) return;
    this.stage = stage;
    if (!this.open) this.controller.abort();
    this.changed();
  }

  view(): VisitView {
    const values = { ...this.values };
    const kept: Record<string, KeptFieldView> = {};
    for (const [id, k] of this.fromContact) {
      if (!this.isKept(id)) continue;
      delete values[id];
      kept[id] = { kept: true, masked: k.masked };
    }
    return {
      id: this.id,
      stage: this.stage,
      values,
      fieldErrors: { ...this.fieldErrors },
      transcript: [...this.transcript],
      ...(this.caption ? { caption: this.caption } : {}),
      ...(this.contactId ? { contactId: this.contactId } : {}),
      ...(Object.keys(kept).length ? { kept } : {}),
    };
  }

  private changed(): void {
    this.emit('changed', this.view());
  }
}
