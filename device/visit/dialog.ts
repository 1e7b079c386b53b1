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
import {
  asShown,
  asksForPerson,
  COMMAND_PHRASES,
  hasSpellingWords,
  isYesNoAnswer,
  hasUnknownWord,
  mentionedFieldKind,
  PERSON_REQUEST_PATTERNS,
  spokenCommand,
  spelledLocalPart,
  spellsOwnName,
  spokenYesNo,
  tooLongForYes,
  understand,
  unsurePart,
  withSpelledPart,
  type UnsurePart,
} from '../../models/understanding/index.js';
import { answerQuestion, questionPatterns } from '../intake/questions.js';
import type { Messages } from '../intake/messages.js';
import type { Config, IntakeField } from '../config/schema.js';
import { fieldType, isBlank, labelWords } from '../intake/types/index.js';
import { checkField, fieldContext, messagesOf, spokenValue, type FieldContext, type FieldValue } from './fields.js';
import { firstName, isRemembered, maskedItem, maskedText } from './returning.js';
import type { HandoffRequest, Visit } from './visit.js';
import { VisitError, type VisitManager } from './visits.js';

/** Limits of one dialog, as data. */
export const DIALOG = {
  listenTimeoutMs: 8_000,
  maxConfirmRounds: 3,
  /** How long the robot waits for who is coming after a handoff request, ms. */
  handoffReplyMs: 1500,
  /** Turns the robot stays to help after a declined consent (a question, a person). */
  helpTurns: 2,
  /** Silences asked again before the field is left to the screen. */
  silenceReprompts: 2,
  /** Tries at spelling a field before it is left to the screen. */
  spellAttempts: 2,
} as const;

/**
 * Whether the robot is unsure of an answer it could read: the STT's two hearings (live and whole-utterance) read
 * as different values. A second hearing that reads as nothing is no disagreement (the live pass often lags).
 * Not for phone numbers: there the wide-beam whole-utterance pass is the better hearing and the live pass often
 * lags a digit behind, so asking again cost more than it saved (fixture visits, clean: phones 21 -> 18 of 22 right,
 * as three correct numbers were asked twice and left to the screen). For emails it held up (the same runs: clean
 * 20 of 22 either way, 15 dB 19 with the rule and 17 without), so it stays.
 */
export function unsure(heard: Heard, expect: Expectation, ctx: { now: Date; timezone: string }, value: FieldValue, names: readonly string[] = []): boolean {
  if (heard.confidence !== undefined && heard.confidence < DIALOG_MIN_CONFIDENCE) return true;
  if (expect.kind === 'phone') return false;
  // An address whose local part came out as letters one by one, unless they spell the visitor's name (see
  // spelledLocalPart): the persona visits stored "rho7@yahoo.com" for "maryjohnson", "d@outlook.com" for "david".
  if (expect.kind === 'email') {
    const local = spelledLocalPart(heard.text);
    if (local !== null && !spellsOwnName(local, names)) return true;
  }
  // One hearing had a word the grammar does not know where the other had a known one.
  if (heard.firstPass !== undefined && hasUnknownWord(heard.firstPass)) return true;
  // A domain said as a word the grammar lacks often comes back as letters (see unsurePart).
  if (expect.kind === 'email' && heard.search?.startsWith('jsgf:') && unsurePart(heard.text, 'email') !== null) return true;
  if (heard.firstPass === undefined || heard.firstPass.trim() === heard.text.trim()) return false;
  const other = understand(heard.firstPass, expect, ctx);
  return other.ok && JSON.stringify(other.value) !== JSON.stringify(value);
}

/**
 * Whether something said instead of an answer (a request for a person, a question) is acted on. An answer decoded
 * twice (phones, emails, names: the live pass and the whole-utterance pass) counts as one only when both hearings
 * read it so: noise heard as "can i talk to someone" by one pass alone is asked again, never handed over.
 */
export function sideTalk(heard: Heard, is: (text: string) => boolean): boolean {
  return is(heard.text) && (heard.firstPass === undefined || is(heard.firstPass));
}

/**
 * What the recognizer hears besides the answer at a prompt: at a field's question, the commands, questions and
 * requests for a person; at a yes/no question (consent, the read-back, a spelling check) only questions and
 * requests for a person, which is all the dialog reads there; nothing while letters are spelled or a field to
 * change is picked (there a side phrase would only be a path for noise). Measured on the voice-visit fixtures:
 * with the commands at the read-back too, "correct" and "yes that is right" were heard as "come again" and the
 * like often enough to cost three names of 22 (clean).
 * Requests for a person stay at the read-back because it is decoded twice and `sideTalk` wants both hearings:
 * rendered speech, 7 voices, clean and 15 dB: person requests recognised 74 of 84 (the one-hearing yes/no grammar:
 * 58, and 12 of them heard as a yes), and none of 70 yeses and 168 corrections taken for one (one hearing: 11 of
 * the corrections; the 22-visit test once heard a read-back answer as "human please").
 */
export function sideTalkAt(
  fieldId: string,
  expect: Expectation,
  sets: { commands: readonly string[]; talk: readonly string[] },
): readonly string[] | undefined {
  if (expect.kind === 'spell' || (fieldId === 'confirm' && expect.kind === 'choice')) return undefined;
  if (expect.kind === 'yesno') return sets.talk;
  return [...sets.commands, ...sets.talk];
}

/**
 * Whether a yes heard at the read-back is too doubtful to store on: the recognizer's other hearing (where it made
 * two) is no yes, or the visitor spoke far longer than that yes takes to say (a correction squeezed into the
 * nearest yes phrase). Either holds for any voice and any name; the dialog then asks "Sorry, was that a yes?".
 */
export function unsureYes(heard: Heard): boolean {
  // The other hearing said no, or corrected a field ("nope my name is ..."); one that read as neither (noise heard
  // as a stray word) is no disagreement.
  const other = heard.firstPass;
  if (other !== undefined && (spokenYesNo(other) === 'no' || (spokenYesNo(other) !== 'yes' && mentionedFieldKind(other) !== null))) return true;
  return heard.speechMs !== undefined && tooLongForYes(heard.text, heard.speechMs);
}

/** A correction's words without the "no" (or "sorry", "not quite") in front: "no, my email is ..." -> "my email is ...". */
export function withoutNo(text: string): string {
  return text.replace(/^\s*(?:(?:no|nope|nah|wrong|not quite|sorry)\b[,.!]?\s*)+(?:(?:that's|that is) wrong\b[,.!]?\s*)?/i, '');
}

/** Words that name a field in a correction ("the phone is ...", "change the email"): its label and its type's words. */
export function correctionNames(field: IntakeField): string[] {
  return [...new Set([labelWords(field), ...fieldType(field.kind).words].map((w) => w.replace(/^(?:my|the)\s+/i, '').trim()).filter(Boolean))];
}

/** The read-back's expectation: yes or no, or a correction of one of the fields read. */
export function readBackExpectation(fields: readonly IntakeField[]): Expectation {
  return { kind: 'yesno', corrections: fields.filter((f) => f.kind !== 'consent').map((f) => ({ expect: expectationOf(f), names: correctionNames(f) })) };
}

/** Below this score (engines that report one, 0..1) an answer is not kept without asking. */
export const DIALOG_MIN_CONFIDENCE = 0.3;

export interface DialogTurn {
  fieldId: string;
  robot: Spoken;
  heard: Heard | null;
  understood: string | number | boolean | string[] | null;
  /** The robot could read the answer but was not sure of it (and did not keep it). */
  unsure?: boolean;
  /** End of the visitor's speech to the first sample of the robot's next utterance, ms. */
  responseLatencyMs?: number;
}

export interface DialogResult {
  /** 'handoff': the visitor asked for a person, and the robot handed over (what they gave stays on the form). */
  outcome: 'stored' | 'declined' | 'incomplete' | 'cancelled' | 'handoff';
  /** Questions the robot answered on the way. */
  answered?: number;
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
  /** The clock dates are read against ("next Tuesday"); default the system clock. */
  now?: () => Date;
  /**
   * Finds a returning visitor by phone (E.164) or email; crm-core's CrmService provides it. The robot then greets
   * them by name and confirms what it knows instead of asking again.
   */
  lookup?: ContactLookup;
}

/** A returning visitor as the dialog may use them: a name and known answers by field id. */
export type ContactLookup = (phoneOrEmail: string) => { name: string; fields: Record<string, FieldValue> } | null;

/** Why the current question stopped: the visitor answered it on the screen. */
const ANSWERED_ON_SCREEN = new Error('answered on the screen');

function expectationOf(field: IntakeField): Expectation {
  return fieldType(field.kind).expectation(field);
}

/** "What should I change?": one choice per field read back. */
export function whichFieldExpectation(fields: IntakeField[]): Expectation {
  return {
    kind: 'choice',
    of: 'fields',
    choices: fields.map((f) => ({
      value: f.id,
      label: f.label.replace(/^your\s+/i, '').replace(/[?!.]+$/, ''),
      synonyms: [...fieldType(f.kind).words, ...(f.choices ?? []).map((c) => c.label)],
    })),
  };
}

export class VoiceDialog {
  private readonly turns: DialogTurn[] = [];
  private lastHeard: Heard | null = null;
  private readonly signal: AbortSignal;
  private readonly ctx: FieldContext;
  private readonly messages: Messages;
  /** Required fields the robot told the visitor to fill on the screen. */
  private readonly leftToScreen = new Set<string>();
  private answered = 0;
  private returning = false;
  /** Answers taken from a returning visitor's contact, as given: never read back in full (./returning.ts). */
  private readonly fromContact = new Map<string, FieldValue>();
  /** Fields the visitor changed on the screen while this dialog ran. */
  private readonly touched = new Set<string>();
  private lastTouchAt = 0;
  private asking: { fieldId: string; stop: AbortController } | undefined;
  /** Aborted when the visitor taps "Talk to a person": the robot stops asking and says who is coming. */
  private readonly handedOver = new AbortController();
  /**
   * What the visitor may say instead of an answer, for the recognizer's grammars: built from the same tables the
   * dialog reads them with (commands, requests for a person, the business profile's questions), once per visit,
   * so a profile or intake saved on the staff screen is heard from the next visit on.
   */
  private readonly alsoHear: { commands: readonly string[]; talk: readonly string[] };
  /** Values the visitor said were wrong at the read-back, by field id (JSON). */
  private readonly rejected = new Map<string, Set<string>>();
  /** The code of the check that refused the last answer heard (a date's year out of bounds), for the re-prompt to say why. */
  private refused: string | null = null;
  /**
   * Names heard at a name question, kept or not (unsure, left to the screen): most people build their address from
   * their name, so the email question hears them, and spelled letters that ran together are put back against them.
   */
  private readonly namesHeard = new Set<string>();

  constructor(
    private readonly deps: DialogDeps,
    private readonly visit: Visit,
  ) {
    this.signal = AbortSignal.any([visit.controller.signal, this.handedOver.signal, ...(deps.signal ? [deps.signal] : [])]);
    this.ctx = fieldContext(deps.config, deps.now);
    this.messages = messagesOf(deps.config);
    this.alsoHear = { commands: COMMAND_PHRASES, talk: [...PERSON_REQUEST_PATTERNS, ...questionPatterns(deps.config.business)] };
  }

  private readonly onTouch = (fieldId: string): void => {
    this.touched.add(fieldId);
    this.lastTouchAt = Date.now();
    const a = this.asking;
    if (a && (a.fieldId === fieldId || a.fieldId === 'confirm')) a.stop.abort(ANSWERED_ON_SCREEN);
  };

  private readonly onScreenHandoff = (req: HandoffRequest): void => {
    if (req.channel === 'touch') this.handedOver.abort(new Error('handed over on the screen'));
  };

  /** `greet: false` when the visitor asks the robot back into a visit already open (wake word). */
  async run(opts: { greet?: boolean } = {}): Promise<DialogResult> {
    const { config } = this.deps;
    this.visit.on('touched', this.onTouch);
    this.visit.on('handoff-requested', this.onScreenHandoff);
    try {
      if (opts.greet !== false) await this.say(this.msg('greeting'), 'greeting');
      const fields = config.intake.fields;
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i]!;
        if (this.filled(field) || this.touched.has(field.id)) continue;
        const answer = await this.askField(field);
        if (answer === 'handoff') return this.result('handoff');
        if (answer === 'declined') return await this.declined();
        if (answer === 'filled' && (field.kind === 'phone' || field.kind === 'email')) await this.recognize(field);
        if (answer === 'restart') {
          for (const f of fields) if (this.visit.filledBy[f.id] === 'voice') this.visit.clear(f.id);
          this.namesHeard.clear();
          this.leftToScreen.clear();
          await this.say(this.msg('startOver'), 'greeting');
          i = -1;
        }
        // 'missing' and 'skipped': on to the next field, so consent is still asked and what was given is kept.
      }
      let missing = fields.filter((f) => f.required && !this.filled(f));
      if (missing.length) {
        if ((await this.checkPartial()) === 'handoff') return this.result('handoff');
        missing = fields.filter((f) => f.required && !this.filled(f)); // a correction may have taken a value out
        // Fields the visitor is typing, or that the robot already left to the screen, are not named again.
        const unasked = missing.filter((f) => !this.touched.has(f.id) && !this.leftToScreen.has(f.id));
        await this.touchQuiet();
        if (unasked.length) await this.say(this.msg('incomplete', { labels: unasked.map((f) => labelWords(f)).join(' and ') }), 'incomplete');
        else if (this.leftToScreen.size) await this.say(this.msg('checkScreen'), 'incomplete');
        return this.result('incomplete');
      }
      return await this.confirm();
    } catch (err) {
      if (this.handedOver.signal.aborted && this.visit.open && !this.deps.signal?.aborted) {
        // Who is coming, as the handoff answered the screen's request (the kiosk shows the same line).
        await this.say(this.visit.personComing?.text ?? this.msg('handoff'), 'handoff', { signal: this.visit.controller.signal }).catch(() => undefined);
        return this.result('handoff');
      }
      if (this.signal.aborted) return this.result(this.visit.contactId ? 'stored' : 'cancelled');
      throw err;
    } finally {
      this.visit.off('touched', this.onTouch);
      this.visit.off('handoff-requested', this.onScreenHandoff);
    }
  }

  /**
   * Consent declined: nothing about the visitor is kept (the visit ends unstored, its answers forgotten), and the
   * robot still helps: a question answered, a person called.
   */
  private async declined(): Promise<DialogResult> {
    for (const f of this.deps.config.intake.fields) this.visit.clear(f.id);
    let prompt = `${this.msg('declined')} ${this.msg('declinedHelp')}`;
    for (let turn = 0; turn < DIALOG.helpTurns; turn++) {
      const heard = await this.ask(prompt, { id: 'help', expect: { kind: 'free' } });
      if (!heard || spokenYesNo(heard.text) === 'no') break;
      if (asksForPerson(heard.text)) {
        await this.handoff(heard.text, 'help');
        this.deps.visits.close(this.visit, 'abandoned');
        return this.result('declined');
      }
      const answer = this.question(heard.text);
      if (!answer) break;
      this.answered++;
      prompt = `${answer} ${this.msg('declinedHelp')}`;
    }
    await this.say(this.msg('goodbye'), 'help');
    this.deps.visits.close(this.visit, 'abandoned');
    return this.result('declined');
  }

  /** Tells whoever handles handoffs that the visitor asked for a person, and says who is coming. */
  private async handoff(said: string, fieldId: string): Promise<void> {
    let who: string | undefined;
    let wake: (() => void) | undefined;
    const replied = new Promise<void>((resolve) => (wake = resolve));
    const request: HandoffRequest = {
      visitId: this.visit.id,
      said,
      fieldId,
      at: this.ctx.now().toISOString(),
      reply: (w) => {
        if (who === undefined && w.trim()) who = w.trim();
        wake?.();
      },
    };
    this.deps.body?.play('nod').catch(() => undefined);
    const handlers = this.visit.listenerCount('handoff-requested');
    this.visit.emit('handoff-requested', request);
    if (who === undefined && handlers > 0) await Promise.race([replied, delay(DIALOG.handoffReplyMs, undefined, { signal: this.signal })]);
    await this.say(who ? this.msg('handoffWho', { who }) : this.msg('handoff'), fieldId);
  }

  /**
   * A returning visitor: once their phone or email matches a contact, greet them by first name and confirm what is
   * known about the person (./returning.ts: name, phone, email, what a field marks remembered) instead of asking
   * again, said masked: whoever gave the number is not proven to be its owner. Per-visit answers and consent are
   * asked anew.
   */
  private async recognize(field: IntakeField): Promise<void> {
    if (this.returning || !this.deps.lookup) return;
    const known = this.deps.lookup(String(this.visit.values[field.id]));
    if (!known) return;
    this.returning = true;
    const fields = this.deps.config.intake.fields;
    const fill: [IntakeField, FieldValue][] = [];
    for (const f of fields) {
      if (!isRemembered(f) || this.filled(f) || this.touched.has(f.id)) continue;
      const v = f.kind === 'name' ? (known.fields[f.id] ?? known.name) : known.fields[f.id];
      if (v === undefined) continue;
      const r = checkField(f, v, this.ctx);
      if (r.ok && !isBlank(r.value)) fill.push([f, r.value]);
    }
    // A contact kept without a name (a form without one) is welcomed back all the same.
    const first = firstName(known.name);
    const hello = first ? this.msg('returning', { name: first }) : this.msg('returningNoName');
    if (!fill.length) {
      await this.say(hello, field.id);
      return;
    }
    const summary = fill.map(([f, v]) => maskedItem(f, v, this.ctx)).join(', ');
    const heard = await this.ask(`${hello} ${this.msg('returningCheck', { summary })}`, {
      id: 'returning',
      expect: { kind: 'yesno' },
    });
    if (heard && spokenYesNo(heard.text) !== 'yes') return;
    for (const [f, v] of fill)
      if (!this.touched.has(f.id)) {
        this.visit.keep(f.id, v, maskedText(f, v, this.ctx));
        this.fromContact.set(f.id, v);
      }
  }

  /** One line of the read-back: an answer taken from the contact, and not changed since, is said masked as well. */
  private readBackItem(f: IntakeField): string {
    const value = this.visit.values[f.id]!;
    const kept = this.fromContact.get(f.id);
    if (kept !== undefined && JSON.stringify(kept) === JSON.stringify(value)) return maskedItem(f, value, this.ctx);
    return this.msg('readBackItem', { label: labelWords(f), value: spokenValue(f, value, this.ctx) });
  }

  /** The business's answer to a question said, or null. */
  private question(text: string): string | null {
    return answerQuestion(text, this.deps.config.business, { now: this.ctx.now(), timezone: this.ctx.timezone, messages: this.messages });
  }

  private msg(key: string, vars?: Record<string, string | number>): string {
    return this.messages.say(key, vars);
  }

  private filled(field: IntakeField): boolean {
    const v = this.visit.values[field.id];
    return checkField(field, v, this.ctx).ok && !isBlank(v);
  }

  /** The re-prompt after an answer the robot could not use: the field's own, else its type's. */
  private reprompt(field: IntakeField): string {
    if (field.reprompt) return field.reprompt;
    const own = fieldType(field.kind).reprompt?.(field, this.refused);
    const key = own?.key ?? (field.kind === 'date' && field.time ? 'reprompt.datetime' : `reprompt.${field.kind}`);
    const options = (field.choices ?? []).map((c) => c.label).join(', ');
    return this.messages.has(key) ? this.msg(key, { options, prompt: field.prompt, ...own?.vars }) : this.msg('reprompt.default', { prompt: field.prompt });
  }

  /**
   * Asks until the field holds a sure value. Silence is asked again twice; an answer it cannot use `maxAttempts`
   * times; then a name or an email is offered spelling, and anything else is left to the screen (a required field)
   * or skipped (an optional one). An answer it heard but is not sure of is never stored.
   */
  private async askField(field: IntakeField, firstPrompt = field.prompt): Promise<'filled' | 'declined' | 'missing' | 'skipped' | 'restart' | 'handoff'> {
    const { maxAttempts } = this.deps.config.intake;
    const type = fieldType(field.kind);
    let prompt = firstPrompt;
    let silences = 0;
    let failures = 0;
    for (;;) {
      const heard = await this.ask(prompt, field);
      if (this.touched.has(field.id)) return this.filled(field) ? 'filled' : 'missing'; // the screen has it now
      if (!heard) {
        if (++silences > DIALOG.silenceReprompts) return this.giveUp(field);
        prompt = this.msg('silence', { prompt: field.prompt });
        continue;
      }
      if (sideTalk(heard, asksForPerson)) {
        await this.handoff(heard.text, field.id);
        return 'handoff';
      }
      const answer = sideTalk(heard, (t) => this.question(t) !== null) ? this.question(heard.text) : null;
      if (answer) {
        // A question answered, then back to the intake where it was (not counted as a failed answer).
        this.answered++;
        prompt = `${answer} ${this.msg('backToIntake', { prompt: field.prompt })}`;
        continue;
      }
      const command = field.kind === 'consent' || !sideTalk(heard, (t) => spokenCommand(t) !== null) ? null : spokenCommand(heard.text);
      if (command === 'repeat') {
        prompt = field.prompt;
        continue;
      }
      if (command === 'start-over') return 'restart';
      if (command === 'spell' && type.spelled) return this.spell(field, false);
      if (command === 'skip' || command === 'dont-know') {
        if (!field.required) {
          await this.say(this.msg('skipped'), field.id);
          return 'skipped';
        }
        if (command === 'dont-know') {
          await this.say(this.msg('dontKnow'), field.id);
          this.leftToScreen.add(field.id);
          return 'missing';
        }
        prompt = this.msg('cannotSkip', { label: labelWords(field), prompt: field.prompt });
        continue;
      }
      const got = this.read(field, heard);
      if (got === 'declined') return 'declined';
      if (got === 'unsure') {
        if (type.spelled) return this.spell(field, true, heard);
        failures++;
      } else if (got !== null) {
        this.visit.setValue(field.id, got, 'voice');
        return 'filled';
      } else failures++;
      if (failures >= maxAttempts) return type.spelled ? this.spell(field, true) : this.giveUp(field);
      prompt = this.reprompt(field);
    }
  }

  /** Leaves a field: an optional one is skipped, a required one is left to the screen (said once). */
  private async giveUp(field: IntakeField): Promise<'missing' | 'skipped'> {
    if (!field.required) return 'skipped';
    this.leftToScreen.add(field.id);
    await this.say(this.msg('leftToScreen', { label: labelWords(field) }), field.id);
    return 'missing';
  }

  /**
   * Reads an answer: the checked value, 'declined' for a clear "no" to consent, 'unsure' when the recognizer's two
   * hearings disagree or it reports a weak score, null when it is no answer to this field.
   */
  private read(field: IntakeField, heard: Heard, expect = expectationOf(field)): FieldValue | 'declined' | 'unsure' | null {
    this.refused = null;
    const u = understand(heard.text, expect, { now: this.ctx.now(), timezone: this.ctx.timezone });
    const turn = this.turns[this.turns.length - 1];
    if (turn) turn.understood = u.ok ? u.value : null;
    if (expect.kind === 'name' && u.ok && typeof u.value === 'string') this.namesHeard.add(u.value);
    if (!u.ok) {
      // A name or domain the grammar does not know: asked to be spelled, not asked again the same way.
      if (expect.kind === fieldType(field.kind).spelled && hasUnknownWord(heard.text)) {
        if (turn) turn.unsure = true;
        return 'unsure';
      }
      return null;
    }
    if (field.kind === 'consent' && u.value === false) return 'declined';
    const r = checkField(field, u.value, this.ctx);
    this.refused = r.ok ? null : r.code;
    if (!r.ok) return null;
    if (this.rejected.get(field.id)?.has(JSON.stringify(r.value))) {
      if (turn) turn.unsure = true;
      return 'unsure';
    }
    if (unsure(heard, expect, { now: this.ctx.now(), timezone: this.ctx.timezone }, u.value, this.vocabularyFor(expect))) {
      if (turn) turn.unsure = true;
      return 'unsure';
    }
    return r.value;
  }

  /**
   * Spelling mode: on request, or offered when the robot could not get a name or an email. Letters one by one (the
   * NATO alphabet too), read back letter by letter; what is still unsure goes to the screen. When the robot knows
   * which part it could not hear (`unsure`: a last name or a domain it does not know), it asks at once for that
   * part alone and keeps the rest as heard.
   */
  private async spell(field: IntakeField, offer: boolean, unsure?: Heard): Promise<'filled' | 'missing' | 'skipped'> {
    const as = fieldType(field.kind).spelled!;
    const label = labelWords(field);
    const part = unsure ? unsurePart(unsure.text, as) : null;
    if (unsure && part && part !== 'whole')
      return this.spelling(field, as, this.msg(`spellPart.${part}`), {
        place: (spelled) => withSpelledPart(unsure.text, as, part, spelled),
        said: (heard) => this.saidAgain(field, as, unsure, part, heard),
        checkLetters: false,
        silenceEnds: false,
      });
    return this.spelling(field, as, this.msg(offer ? 'spellOffer' : 'spellAsk', { label }), {
      place: (spelled) => spelled,
      said: (heard) => this.saidAgain(field, as, null, 'whole', heard),
      checkLetters: true,
      // Offered and met with silence: the visitor did not take it up.
      silenceEnds: offer,
    });
  }

  /**
   * One spelling exchange, asked with `prompt`. What the visitor may say to it, as people do: the letters; "sure" or
   * "yes" first (then asked to go ahead, once, not counted as a try); "no" (the field goes to the screen); or the
   * answer again in words instead (kept when the recognizer is sure of it, as at the field's own question). Letters
   * are put in place (`place`: the whole answer, or the one part asked for), read back letter by letter, and stored
   * on a yes; after DIALOG.spellAttempts tries the field goes to the screen.
   */
  private async spelling(
    field: IntakeField,
    as: 'name' | 'email',
    prompt: string,
    how: {
      place: (spelled: string) => string | null;
      said: (heard: Heard) => FieldValue | null;
      /** Letters the two hearings read differently are asked again before they are read back. */
      checkLetters: boolean;
      /** Silence to the first prompt ends the exchange. */
      silenceEnds: boolean;
    },
  ): Promise<'filled' | 'missing' | 'skipped'> {
    const expect: Expectation = { kind: 'spell', as, orSaid: true };
    const letters: Expectation = { kind: 'spell', as };
    const ctx = { now: this.ctx.now(), timezone: this.ctx.timezone };
    let goAhead = true;
    for (let attempt = 0; attempt < DIALOG.spellAttempts;) {
      const heard = await this.ask(prompt, { id: field.id, expect });
      if (this.touched.has(field.id)) return this.filled(field) ? 'filled' : 'missing';
      if (!heard && attempt === 0 && goAhead && how.silenceEnds) return this.giveUp(field);
      const yn = heard && isYesNoAnswer(heard.text) ? spokenYesNo(heard.text) : null;
      if (yn === 'no') return this.giveUp(field);
      if (yn === 'yes' && goAhead) {
        goAhead = false;
        prompt = this.msg('spellGoAhead');
        continue;
      }
      attempt++;
      prompt = this.msg('spellAgain');
      if (!heard || yn) continue;
      const u = understand(heard.text, letters, ctx);
      if (!u.ok) {
        const said = how.said(heard);
        if (said === null) continue;
        this.visit.setValue(field.id, said, 'voice');
        return 'filled';
      }
      const whole = how.place(String(u.value));
      const turn = this.turns[this.turns.length - 1];
      if (turn) turn.understood = whole;
      if (whole === null) continue;
      if (how.checkLetters && unsure(heard, letters, ctx, u.value)) {
        if (turn) turn.unsure = true;
        continue;
      }
      const r = checkField(field, whole, this.ctx);
      if (!r.ok || this.rejected.get(field.id)?.has(JSON.stringify(r.value))) continue;
      if (await this.spellChecked(field, r.value)) return 'filled';
      if (this.touched.has(field.id)) return this.filled(field) ? 'filled' : 'missing';
    }
    return this.giveUp(field);
  }

  /**
   * The answer said again in words where it was asked to be spelled: its value when the recognizer is sure of it (no
   * unknown word, both hearings agree, not a value the visitor turned down), as at the field's own question; a name
   * said as the asked part alone ("johnson") goes in that part's place. Null otherwise (asked again).
   */
  private saidAgain(field: IntakeField, as: 'name' | 'email', first: Heard | null, part: UnsurePart, heard: Heard): FieldValue | null {
    if (hasSpellingWords(heard.text) || (heard.firstPass !== undefined && hasSpellingWords(heard.firstPass))) return null;
    const got = this.read(field, heard);
    if (got === null || got === 'unsure' || got === 'declined') return null;
    if (as !== 'name' || part === 'whole' || !first || String(got).includes(' ')) return got;
    const whole = withSpelledPart(first.text, 'name', part, String(got));
    const r = whole === null ? null : checkField(field, whole, this.ctx);
    return r?.ok && !this.rejected.get(field.id)?.has(JSON.stringify(r.value)) ? r.value : null;
  }

  /** Reads a spelled answer back letter by letter and stores it on a yes; false otherwise. */
  private async spellChecked(field: IntakeField, got: FieldValue): Promise<boolean> {
    // Letter by letter, words apart: "a n a, l o p e z"; "at" and "dot" said as words.
    const letters = String(got)
      .toLowerCase()
      .split(' ')
      .map((w) =>
        w
          .split('')
          .map((c) => (c === '@' ? 'at' : c === '.' ? 'dot' : c))
          .join(' '),
      )
      .join(', ');
    const check = await this.ask(this.msg('spellCheck', { spelled: letters }), { id: field.id, expect: { kind: 'yesno' } });
    if (this.touched.has(field.id)) return false;
    if (check && spokenYesNo(check.text) === 'yes') {
      this.visit.setValue(field.id, got, 'voice');
      this.visit.confirm(field.id);
      return true;
    }
    return false;
  }

  /** The read-back before storing: on a yes the lead is stored; otherwise the visit ends incomplete. */
  private async confirm(): Promise<DialogResult> {
    const checked = await this.readBack({ silenceEnds: false });
    if (checked === 'handoff') return this.result('handoff');
    if (checked === 'yes') {
      this.deps.body?.play('nod').catch(() => undefined);
      try {
        const contact = this.deps.visits.submit(this.visit.id, undefined, 'voice');
        // Storing closes the visit (and aborts its signal); the farewell is still said, to the end.
        await this.say(this.msg('farewell'), 'farewell', { afterClose: true });
        return this.result('stored', contact.id);
      } catch (err) {
        if (err instanceof VisitError && err.code === 'invalid') {
          await this.say(this.msg('stillMissing'), 'confirm');
          return this.result('incomplete');
        }
        if (err instanceof VisitError && err.code === 'store_unavailable') {
          await this.say(err.message, 'confirm');
          return this.result('incomplete');
        }
        throw err;
      }
    }
    await this.say(this.msg('checkScreen'), 'confirm');
    return this.result('incomplete');
  }

  /**
   * A visit about to end with required fields still missing (left to the screen) keeps a partial lead when consent
   * was given and there is a phone or an email: what it keeps is read back first, like a whole record, so that only
   * what the visitor heard and agreed to is kept as confirmed, and a value they say is wrong is taken out. Without
   * this, every voice value of such a visit was kept unheard by the visitor (marked "not confirmed"): the persona
   * visits' wrong values were all of this kind (an own domain heard as "baker one at aol dot com", a phone one digit
   * off, "just nine" guests). Silence ends it (a visitor who walked away keeps the values marked, as before).
   */
  private async checkPartial(): Promise<'handoff' | undefined> {
    const fields = this.deps.config.intake.fields;
    const consent = fields.find((f) => f.kind === 'consent');
    if (!consent || this.visit.values[consent.id] !== true) return undefined;
    const reachable = fields.some((f) => (f.kind === 'phone' || f.kind === 'email') && !isBlank(this.visit.values[f.id]));
    const unchecked = fields.some((f) => f.kind !== 'consent' && !isBlank(this.visit.values[f.id]) && !this.visit.isConfirmed(f.id));
    if (!reachable || !unchecked) return undefined;
    const checked = await this.readBack({ silenceEnds: true });
    return checked === 'handoff' ? 'handoff' : undefined;
  }

  /**
   * Reads back every answer the visit holds and takes corrections, for up to DIALOG.maxConfirmRounds rounds: 'yes'
   * when the visitor agreed (each value read is then confirmed), 'handoff' when they asked for a person, else
   * 'unconfirmed' (rounds spent, or silence with `silenceEnds`). A value the visitor said was wrong is taken out
   * (`reject`); one a correction put in and nobody agreed to stays unconfirmed, like any other voice value: taking it
   * out too cost the 22-visit test a right phone at 15 dB (v15: its corrected number, then two yeses the robot
   * doubted), and a correction is heard no worse than the first answer.
   */
  private async readBack(opts: { silenceEnds: boolean }): Promise<'yes' | 'handoff' | 'unconfirmed'> {
    const confirmFields = (): IntakeField[] => this.deps.config.intake.fields.filter((f) => f.kind !== 'consent' && !isBlank(this.visit.values[f.id]));
    // "Sorry, was that a yes?" is asked once per read-back, and does not count as a round.
    let yesAgain = false;
    for (let round = 0; round < DIALOG.maxConfirmRounds; round += yesAgain ? 0 : 1) {
      this.visit.setStage('confirm');
      const fields = confirmFields();
      if (!fields.length) break;
      const summary = fields.map((f) => this.readBackItem(f)).join('; ');
      const prompt = yesAgain ? this.msg('yesAgain') : this.msg('readBack', { summary });
      const again: boolean = yesAgain;
      yesAgain = false;
      const heard = await this.ask(prompt, { id: 'confirm', expect: readBackExpectation(fields) });
      if (!heard && opts.silenceEnds) break;
      if (heard && spokenCommand(heard.text) === 'repeat') continue;
      if (heard && sideTalk(heard, asksForPerson)) {
        await this.handoff(heard.text, 'confirm');
        return 'handoff';
      }
      const answer = heard && sideTalk(heard, (t) => this.question(t) !== null) ? this.question(heard.text) : null;
      if (answer) {
        this.answered++;
        await this.say(answer, 'confirm');
        continue;
      }
      const yn = heard ? spokenYesNo(heard.text) : null;
      if (yn === 'yes' && heard && unsureYes(heard)) {
        const turn = this.turns[this.turns.length - 1];
        if (turn) turn.unsure = true;
        // Asked once; unsure again, the whole read-back again (a round), never a yes taken on doubt.
        yesAgain = !again;
        continue;
      }
      if (yn === 'yes') {
        this.confirmedReadBack(fields);
        return 'yes';
      }
      if (yn === 'no' || heard) {
        this.deps.body?.play('shake').catch(() => undefined);
        await this.correct(heard, fields);
      }
    }
    return 'unconfirmed';
  }

  /**
   * The visitor said yes to the read-back of these fields: each value as read is confirmed, so even if the lead is
   * then kept only in part (a required field still missing), what they heard and agreed to is kept as confirmed.
   */
  private confirmedReadBack(fields: readonly IntakeField[]): void {
    for (const f of fields) this.visit.confirm(f.id);
  }

  /** Stores what `heard` says for `field` when the robot is sure of it. */
  private fillFrom(field: IntakeField, heard: Heard): boolean {
    const got = this.read(field, heard);
    if (got === null || got === 'unsure' || got === 'declined') return false;
    this.visit.setValue(field.id, got, 'voice');
    return true;
  }

  /** Applies a correction said with the "no" or asked for next. */
  private async correct(heard: Heard | null, fields: IntakeField[]): Promise<void> {
    // "no, my email is ...": the value without the "no" in front, in both hearings.
    const said = heard ? { ...heard, text: withoutNo(heard.text), ...(heard.firstPass !== undefined ? { firstPass: withoutNo(heard.firstPass) } : {}) } : null;
    let target = said ? this.fieldMentioned(said.text, fields) : undefined;
    if (target) {
      this.reject(target);
      if (said && this.fillFrom(target, said)) return;
    }
    if (!target) {
      // "No, my email is ..." on a form without one: say so, rather than change a field nobody named.
      const lacking = said ? this.lackedField(said.text, fields) : null;
      const whatToChange = lacking ? `${this.msg('noSuchField', { what: lacking })} ${this.msg('whatToChange')}` : this.msg('whatToChange');
      // A closed choice of the fields read back: "the phone number", "my email"... (free speech is poorly heard).
      const which = whichFieldExpectation(fields);
      const heard = await this.ask(whatToChange, { id: 'confirm', expect: which });
      if (!heard) return;
      const lackingAgain = this.lackedField(heard.text, fields);
      if (lackingAgain) {
        // Read back again on the next round.
        await this.say(this.msg('noSuchField', { what: lackingAgain }), 'confirm');
        return;
      }
      const picked = understand(heard.text, which);
      const named = picked.ok ? fields.find((f) => f.id === picked.value) : undefined;
      target = named ?? this.fieldMentioned(heard.text, fields);
      if (target) this.reject(target);
      // "my phone number is ..." said in full (text, or an engine without the choice grammar) fills it at once;
      // a field only named ("my name") is asked again, never stored as its own value.
      if (target && !named && this.fillFrom(target, heard)) return;
    }
    if (target) await this.askField(target, this.msg('changeAsk', { prompt: target.prompt }));
  }

  /**
   * The visitor said this field is wrong: what the robot heard is taken out (a partial lead never keeps it) and is
   * never stored for this field again. Heard the same way a second time, the robot cannot hear it right: it asks
   * to spell it, or leaves it to the screen (a name or a domain outside its vocabulary comes back as the same
   * nearest word it knows).
   */
  private reject(field: IntakeField): void {
    const v = this.visit.values[field.id];
    if (isBlank(v) || this.visit.filledBy[field.id] !== 'voice') return;
    const seen = this.rejected.get(field.id) ?? new Set<string>();
    seen.add(JSON.stringify(v));
    this.rejected.set(field.id, seen);
    this.visit.clear(field.id);
  }

  /**
   * The detail a correction names that the form does not ask for at all ("no, my email is ..." on a form without an
   * email), as said in a sentence; null when it names none, or a field that is there.
   */
  private lackedField(text: string, fields: IntakeField[]): string | null {
    const kind = mentionedFieldKind(text);
    if (!kind || this.deps.config.intake.fields.some((f) => f.kind === kind) || this.fieldMentioned(text, fields)) return null;
    return { name: 'name', phone: 'phone number', email: 'email address' }[kind];
  }

  private fieldMentioned(text: string, fields: IntakeField[]): IntakeField | undefined {
    const kind = mentionedFieldKind(text);
    const ofKind = kind ? fields.find((f) => f.kind === kind) : undefined;
    if (ofKind) return ofKind;
    // A detail the form does not have ("my number" with no phone field) may still name a field by its label.
    if (kind && this.deps.config.intake.fields.some((f) => f.kind === kind)) return undefined;
    const lower = ` ${text.toLowerCase()} `;
    // A field named by its label or by its type's words ("the date", "the services").
    return (
      fields.find((f) => lower.includes(` ${labelWords(f)} `)) ??
      fields.find((f) => !['name', 'phone', 'email'].includes(f.kind) && fieldType(f.kind).words.some((w) => lower.includes(` ${w} `)))
    );
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
      const alsoHear = this.sideTalkFor(field.id, expect);
      if (expect.kind !== 'yesno') this.deps.body?.play('look').catch(() => undefined);
      heard = await this.deps.listener.listen(
        {
          fieldId: field.id,
          expect,
          timeoutMs: DIALOG.listenTimeoutMs,
          ...(vocabulary ? { vocabulary } : {}),
          ...(alsoHear?.length ? { alsoHear, actsOn: (t: string) => this.actsOn(t), onLikelyFinal: (t: string) => this.prepareReply(t) } : {}),
          onPartial: (t) => this.visit.setCaption(asShown(t), false),
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
      this.visit.setCaption(asShown(heard.text), true);
      this.visit.say('visitor', asShown(heard.text), 'voice', field.id);
      this.lastHeard = heard;
    }
    return heard;
  }

  /**
   * Said instead of an answer and acted on at once (the listener need not wait for more): a question the business
   * answers. Not a request for a person: a partial that looks like one mid-answer cut the answer at its next short
   * pause (the 22-visit test heard "let me talk to person" and "can somebody help me" where emails were spelled), and
   * a handoff is the costliest mistake; such requests wait the answer's own silence and need both hearings.
   */
  private actsOn(text: string): boolean {
    return !asksForPerson(text) && this.question(text) !== null;
  }

  /** Likely said (decoded while the listener still waits for more): a question's answer is synthesized ahead. */
  private prepareReply(text: string): void {
    const answer = this.question(text);
    if (answer) this.deps.voice.prepare?.(answer);
  }

  private sideTalkFor(fieldId: string, expect: Expectation): readonly string[] | undefined {
    return sideTalkAt(fieldId, expect, this.alsoHear);
  }

  /**
   * Words the recognizer should expect: the choices for a choice; for an email, the visitor's own name as heard
   * earlier in the visit (most people build their address from it: "ana dot lopez at ...").
   */
  private vocabularyFor(expect: Expectation): string[] | undefined {
    if (expect.kind === 'choice' || expect.kind === 'multichoice') return expect.choices.flatMap((c) => [c.label, ...c.synonyms]);
    // At the read-back too: a correction may say the email ("no, my email is ana dot lopez at ..."); and where an
    // email is spelled or said again.
    if (expect.kind === 'email' || (expect.kind === 'spell' && expect.as === 'email') || (expect.kind === 'yesno' && expect.corrections?.length)) {
      const names = this.deps.config.intake.fields.filter((f) => f.kind === 'name').map((f) => this.visit.values[f.id]);
      const said = [...new Set([...names.filter((n): n is string => typeof n === 'string' && n.trim() !== ''), ...this.namesHeard])];
      return said.length ? said : undefined;
    }
    return undefined;
  }

  private gesture(name: string): void {
    this.deps.body?.play(name).catch(() => undefined);
  }

  private result(outcome: DialogResult['outcome'], contactId?: string): DialogResult {
    return { outcome, turns: this.turns, ...(this.answered ? { answered: this.answered } : {}), ...(contactId ? { contactId } : {}) };
  }
}
