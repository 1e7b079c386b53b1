/**
 * The voice intake dialog: asks for each field the form still lacks, reads the answers, confirms by reading them
 * back, and handles corrections ("no, my number is ..."). It writes into the same Visit the touchscreen writes, so
 * fields typed on screen are never asked again.
 *
 * Touch while the robot talks (the visitor may switch at any time): a field the visitor changes on the screen
 * belongs to the screen from then on. The robot stops asking for it at once (mid-sentence or while listening), never
 * asks for it by voice again in this dialog, and waits until the screen has been still for `touchQuietMs` before
 * its next question, so it does not talk over someone typing. The read-back reads every answer, typed or spoken; a
 * touch during the read-back stops it and it is read again with the new values. If only fields the visitor is
 * typing are still missing, the robot leaves them to the screen (Send). Send or Start over ends the visit, which
 * stops the dialog at once.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { BodyDriver } from '../../drivers/body/types.js';
import type { Expectation, Heard, Listener, Spoken, Voice } from '../../models/speech.js';
import { mentionedFieldKind, spokenYesNo, understand } from '../../models/understanding/index.js';
import type { Config, IntakeField } from '../config/schema.js';
import { checkField, spokenValue } from './fields.js';
import type { Visit } from './visit.js';
import { VisitError, type VisitManager } from './visits.js';

/** Limits of one dialog, as data. */
export const DIALOG = {
  listenTimeoutMs: 8_000,
  maxConfirmRounds: 3,
} as const;

export interface DialogTurn {
  fieldId: string;
  robot: Spoken;
  heard: Heard | null;
  understood: string | boolean | null;
  /** End of the visitor's speech to the first sample of the robot's next utterance, ms. */
  responseLatencyMs?: number;
}

export interface DialogResult {
  outcome: 'stored' | 'declined' | 'incomplete' | 'cancelled';
  contactId?: string;
  turns: DialogTurn[];
}

export interface DialogDeps {
  config: Config;
  visits: VisitManager;
  voice: Voice;
  listener: Listener;
  body?: BodyDriver;
  /** Stops the dialog without ending the visit (the voice host on shutdown or when the microphone fails). */
  signal?: AbortSignal;
  /**
   * How long the screen must be still after the visitor's last touch before the robot asks its next question, ms.
   * Default 0 (simulate applies its touch answers before the dialog starts).
   */
  touchQuietMs?: number;
}

/** Why the current question stopped: the visitor answered it on the screen. */
const ANSWERED_ON_SCREEN = new Error('answered on the screen');

function expectationOf(field: IntakeField): Expectation {
  switch (field.kind) {
    case 'name':
      return { kind: 'name' };
    case 'phone':
      return { kind: 'phone' };
    case 'email':
      return { kind: 'email' };
    case 'consent':
      return { kind: 'yesno' };
    case 'choice':
      return { kind: 'choice', choices: (field.choices ?? []).map((c) => ({ value: c.value, label: c.label, synonyms: c.synonyms })) };
    case 'text':
      return { kind: 'free' };
  }
}

/** Ways to name each kind of field when saying which one is wrong. */
const FIELD_WORDS: Record<IntakeField['kind'], string[]> = {
  name: ['name', 'my name', 'the name', 'the spelling of my name'],
  phone: ['phone', 'phone number', 'my phone number', 'the phone number', 'number', 'my number', 'the number'],
  email: ['email', 'my email', 'the email', 'email address', 'my email address', 'the email address', 'address'],
  choice: ['reason', 'the reason', 'service', 'the service'],
  consent: [],
  text: [],
};

/** "What should I change?": one choice per field read back. */
export function whichFieldExpectation(fields: IntakeField[]): Expectation {
  return {
    kind: 'choice',
    choices: fields.map((f) => ({
      value: f.id,
      label: f.label.replace(/^your\s+/i, '').replace(/[?!.]+$/, ''),
      synonyms: [...FIELD_WORDS[f.kind], ...(f.choices ?? []).map((c) => c.label)],
    })),
  };
}

export class VoiceDialog {
  private readonly turns: DialogTurn[] = [];
  private lastHeard: Heard | null = null;
  private readonly signal: AbortSignal;
  /** Fields the visitor changed on the screen while this dialog ran. */
  private readonly touched = new Set<string>();
  private lastTouchAt = 0;
  private asking: { fieldId: string; stop: AbortController } | undefined;

  constructor(
    private readonly deps: DialogDeps,
    private readonly visit: Visit,
  ) {
    this.signal = deps.signal ? AbortSignal.any([visit.controller.signal, deps.signal]) : visit.controller.signal;
  }

  private readonly onTouch = (fieldId: string): void => {
    this.touched.add(fieldId);
    this.lastTouchAt = Date.now();
    const a = this.asking;
    if (a && (a.fieldId === fieldId || a.fieldId === 'confirm')) a.stop.abort(ANSWERED_ON_SCREEN);
  };

  /** `greet: false` when the visitor asks the robot back into a visit already open (wake word). */
  async run(opts: { greet?: boolean } = {}): Promise<DialogResult> {
    const { config } = this.deps;
    this.visit.on('touched', this.onTouch);
    try {
      if (opts.greet !== false) await this.say(config.business.greeting, 'greeting');
      for (const field of config.intake.fields) {
        if (this.filled(field) || this.touched.has(field.id)) continue;
        const answer = await this.askField(field);
        if (answer === 'declined') {
          await this.say("I understand. I won't keep your details. Have a lovely day!", field.id);
          this.deps.visits.close(this.visit, 'abandoned');
          return this.result('declined');
        }
      }
      const missing = config.intake.fields.filter((f) => f.required && !this.filled(f));
      if (missing.length) {
        // Fields the visitor is typing are left to the screen; the others are named once.
        const unasked = missing.filter((f) => !this.touched.has(f.id));
        if (unasked.length) {
          await this.touchQuiet();
          await this.say(
            `I still need your ${unasked.map((f) => f.label.replace(/^your\s+/i, '').toLowerCase()).join(' and ')}. You can type it on the screen.`,
            'incomplete',
          );
        }
        return this.result('incomplete');
      }
      return await this.confirm();
    } catch (err) {
      if (this.signal.aborted) return this.result(this.visit.contactId ? 'stored' : 'cancelled');
      throw err;
    } finally {
      this.visit.off('touched', this.onTouch);
    }
  }

  private filled(field: IntakeField): boolean {
    const r = checkField(field, this.visit.values[field.id], this.deps.config.device.country);
    return r.ok && this.visit.values[field.id] !== undefined && this.visit.values[field.id] !== '';
  }

  /** Asks until the field holds a valid value, the visitor declines (consent), or attempts run out. */
  private async askField(field: IntakeField, firstPrompt = field.prompt): Promise<'filled' | 'declined' | 'missing'> {
    const { maxAttempts } = this.deps.config.intake;
    let prompt = firstPrompt;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const heard = await this.ask(prompt, field);
      if (this.touched.has(field.id)) return this.filled(field) ? 'filled' : 'missing'; // the screen has it now
      if (!heard) {
        prompt = `Sorry, I didn't catch that. ${field.prompt}`;
        continue;
      }
      const set = this.fill(field, heard.text);
      if (set === true) return 'filled';
      if (set === false) return 'declined';
      prompt = this.reprompt(field);
    }
    return this.filled(field) ? 'filled' : 'missing';
  }

  /** Reads `text` as the answer for `field`; true when stored, false for a clear "no" to consent, null otherwise. */
  private fill(field: IntakeField, text: string): boolean | null {
    const u = understand(text, expectationOf(field));
    this.turns[this.turns.length - 1]!.understood = u.ok ? u.value : null;
    if (!u.ok) return null;
    if (field.kind === 'consent' && u.value === false) return false;
    const r = checkField(field, u.value, this.deps.config.device.country);
    if (!r.ok) return null;
    this.visit.setValue(field.id, r.value, 'voice');
    return true;
  }

  private reprompt(field: IntakeField): string {
    switch (field.kind) {
      case 'phone':
        return 'Sorry, I need the whole number, with the area code. Please say it digit by digit.';
      case 'email':
        return 'Sorry, I did not get that. Please spell your email, for example: j o h n at example dot com.';
      case 'choice':
        return `Sorry, which one is it: ${(field.choices ?? []).map((c) => c.label).join(', ')}?`;
      case 'consent':
        return 'Sorry, was that a yes or a no?';
      default:
        return `Sorry, could you say that again? ${field.prompt}`;
    }
  }

  private async confirm(): Promise<DialogResult> {
    const { config, visits } = this.deps;
    const confirmFields = config.intake.fields.filter((f) => f.kind !== 'consent' && this.visit.values[f.id] !== undefined && this.visit.values[f.id] !== '');
    for (let round = 0; round < DIALOG.maxConfirmRounds; round++) {
      this.visit.setStage('confirm');
      const summary = confirmFields.map((f) => `${f.label.replace(/^your\s+/i, '').toLowerCase()}: ${spokenValue(f, this.visit.values[f.id]!)}`).join('; ');
      const heard = await this.ask(`Let me check. ${summary}. Is that right?`, { id: 'confirm', expect: { kind: 'yesno' } });
      const yn = heard ? spokenYesNo(heard.text) : null;
      if (yn === 'yes') {
        this.deps.body?.play('nod').catch(() => undefined);
        try {
          const contact = visits.submit(this.visit.id, undefined, 'voice');
          // Storing closes the visit (and aborts its signal); the farewell is still said, to the end.
          await this.say(config.business.farewell, 'farewell', { afterClose: true });
          return this.result('stored', contact.id);
        } catch (err) {
          if (err instanceof VisitError && err.code === 'invalid') {
            await this.say('Something is still missing. Please check the screen.', 'confirm');
            return this.result('incomplete');
          }
          if (err instanceof VisitError && err.code === 'store_unavailable') {
            await this.say(err.message, 'confirm');
            return this.result('incomplete');
          }
          throw err;
        }
      }
      if (yn === 'no' || heard) {
        this.deps.body?.play('shake').catch(() => undefined);
        await this.correct(heard?.text ?? '', confirmFields);
      }
    }
    await this.say('Please check your details on the screen and press submit.', 'confirm');
    return this.result('incomplete');
  }

  /** Applies a correction said with the "no" or asked for next. */
  private async correct(said: string, fields: IntakeField[]): Promise<void> {
    let target = this.fieldMentioned(said, fields);
    if (target && this.fill(target, said) === true) return;
    if (!target) {
      // A closed choice of the fields read back: "the phone number", "my email"... (free speech is poorly heard).
      const which = whichFieldExpectation(fields);
      const heard = await this.ask('What should I change?', { id: 'confirm', expect: which });
      if (!heard) return;
      const picked = understand(heard.text, which);
      const named = picked.ok ? fields.find((f) => f.id === picked.value) : undefined;
      target = named ?? this.fieldMentioned(heard.text, fields);
      // "my phone number is ..." said in full (text, or an engine without the choice grammar) fills it at once;
      // a field only named ("my name") is asked again, never stored as its own value.
      if (target && !named && this.fill(target, heard.text) === true) return;
    }
    if (target) await this.askField(target, `OK. ${target.prompt}`);
  }

  private fieldMentioned(text: string, fields: IntakeField[]): IntakeField | undefined {
    const kind = mentionedFieldKind(text);
    if (kind) return fields.find((f) => f.kind === kind);
    const lower = text.toLowerCase();
    return fields.find((f) => f.kind === 'choice' && (lower.includes(f.label.toLowerCase()) || lower.includes('reason') || lower.includes('service')));
  }

  private async say(text: string, fieldId: string, opts: { afterClose?: boolean; signal?: AbortSignal } = {}): Promise<Spoken> {
    // The farewell after a voice submit is said to a closed visit: nothing left to abort, nothing left to record.
    const signal = opts.afterClose ? undefined : (opts.signal ?? this.signal);
    signal?.throwIfAborted();
    const spoken = await this.deps.voice.say(text, signal);
    if (!opts.afterClose) this.visit.say('robot', text, 'voice', fieldId); // a closed visit's transcript is the stored one
    const prev = this.lastHeard;
    if (prev) {
      const lastTurn = this.turns[this.turns.length - 1];
      if (lastTurn && lastTurn.heard === prev && lastTurn.responseLatencyMs === undefined) lastTurn.responseLatencyMs = spoken.startedAt - prev.speechEndAt;
      this.lastHeard = null;
    }
    return spoken;
  }

  /** Waits until the visitor has not touched the screen for `touchQuietMs`. */
  private async touchQuiet(): Promise<void> {
    const quietMs = this.deps.touchQuietMs ?? 0;
    for (let wait = this.lastTouchAt + quietMs - Date.now(); wait > 0; wait = this.lastTouchAt + quietMs - Date.now()) {
      await delay(wait, undefined, { signal: this.signal });
    }
  }

  /** Says the prompt and listens; null for silence, or when the visitor answered on the screen meanwhile. */
  private async ask(prompt: string, field: { id: string; expect?: Expectation } & Partial<IntakeField>): Promise<Heard | null> {
    await this.touchQuiet();
    if (this.touched.has(field.id)) return null;
    const stop = new AbortController();
    const signal = AbortSignal.any([this.signal, stop.signal]);
    this.asking = { fieldId: field.id, stop };
    let robot: Spoken;
    let heard: Heard | null;
    try {
      robot = await this.say(prompt, field.id, { signal });
      const expect = field.expect ?? expectationOf(field as IntakeField);
      const vocabulary = this.vocabularyFor(expect);
      if (expect.kind !== 'yesno') this.deps.body?.play('look').catch(() => undefined);
      heard = await this.deps.listener.listen(
        {
          fieldId: field.id,
          expect,
          timeoutMs: DIALOG.listenTimeoutMs,
          ...(vocabulary ? { vocabulary } : {}),
          onPartial: (t) => this.visit.setCaption(t, false),
          onSpeechEnd: () => this.gesture('thinking'),
        },
        signal,
      );
    } catch (err) {
      if (stop.signal.aborted && !this.signal.aborted) return null;
      throw err;
    } finally {
      this.asking = undefined;
    }
    this.turns.push({ fieldId: field.id, robot, heard, understood: null });
    if (heard) {
      this.visit.setCaption(heard.text, true);
      this.visit.say('visitor', heard.text, 'voice', field.id);
      this.lastHeard = heard;
    }
    return heard;
  }

  /**
   * Words the recognizer should expect: the choices for a choice; for an email, the visitor's own name as heard
   * earlier in the visit (most people build their address from it: "ana dot lopez at ...").
   */
  private vocabularyFor(expect: Expectation): string[] | undefined {
    if (expect.kind === 'choice') return expect.choices.flatMap((c) => [c.label, ...c.synonyms]);
    if (expect.kind === 'email') {
      const names = this.deps.config.intake.fields.filter((f) => f.kind === 'name').map((f) => this.visit.values[f.id]);
      const said = names.filter((n): n is string => typeof n === 'string' && n.trim() !== '');
      return said.length ? said : undefined;
    }
    return undefined;
  }

  private gesture(name: string): void {
    this.deps.body?.play(name).catch(() => undefined);
  }

  private result(outcome: DialogResult['outcome'], contactId?: string): DialogResult {
    return { outcome, turns: this.turns, ...(contactId ? { contactId } : {}) };
  }
}
