/**
 * A virtual visitor who knows who they are: it answers each question with its own details in one of several
 * natural phrasings, listens to what the robot says (its text, as a person hears it), says yes when the read-back
 * is right and corrects what is wrong, spells when asked, asks its questions, and gives up after as many tries as a
 * patient person would.
 */
import { z } from 'zod';
import type { Heard, ListenRequest, Listener, Spoken, Voice } from '../../models/speech.js';
import { NATO, tokens, understand } from '../../models/understanding/index.js';

import type { IntakeField } from '../config/schema.js';
import { fieldType, labelWords } from '../intake/types/index.js';

export const personaSchema = z
  .object({
    name: z.string().min(1).max(120),
    phone: z.string().min(4).max(40),
    email: z.string().min(3).max(254),
    /** What brings them in, as they would say it ("a haircut"). */
    reason: z.string().min(1).max(200).optional(),
    consent: z.boolean().default(true),
    /** Other answers by field id, as said ("next tuesday at three", "a color and a trim"). */
    answers: z.record(z.string().max(32), z.string().max(500)).default({}),
    /** Said before answering the first question ("are you open on sunday?", "I want to talk to a person"). */
    asks: z.array(z.string().max(300)).max(10).default([]),
    /**
     * Tries per field before they give up on the robot and walk away: each time they give a field's value (said,
     * or spelled: a whole spelling is one try, however many letters) and each read-back they answer. Yes/no
     * questions about a field (shall I spell it? is this right?) and their own questions are not tries.
     */
    patience: z.number().int().min(1).max(10).default(4),
    /** Walk away when this field is asked (a visitor who leaves mid-visit). */
    walkAwayAt: z.string().max(32).optional(),
    /** Picks the phrasings, so a run is repeatable. */
    seed: z.number().int().min(0).default(1),
    /** Audio mode: the voice it speaks with ('flite:awb', 'festival:cmu_us_slt_arctic_hts'); default --visitor-voice. */
    voice: z.string().min(1).max(80).optional(),
    /** Audio mode: room noise mixed into what it says, at this speech-to-noise ratio (dB), seeded. */
    noise: z
      .object({ snrDb: z.number().min(-10).max(60), seed: z.number().int().min(0).default(1) })
      .strict()
      .optional(),
  })
  .strict();
export type Persona = z.output<typeof personaSchema>;

const DIGIT = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** Phone digits said in groups, as people do: "four one five, five five five, zero one two three". */
export function sayPhone(phone: string): string {
  const d = phone.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
  const groups = d.length === 10 ? [d.slice(0, 3), d.slice(3, 6), d.slice(6)] : [d];
  return groups
    .map((g) =>
      g
        .split('')
        .map((c) => DIGIT[Number(c)])
        .join(' '),
    )
    .join(', ');
}

/** An address said aloud: "ana dot lopez at example dot com". */
export function sayEmail(email: string): string {
  return email
    .toLowerCase()
    .replace(/@/g, ' at ')
    .replace(/\./g, ' dot ')
    .replace(/_/g, ' underscore ')
    .replace(/-/g, ' dash ')
    .replace(/\d/g, (c) => ` ${DIGIT[Number(c)]} `)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Letters people give a word for when asked to ("b as in bravo"): the ones that sound alike on a phone. */
const SAID_AS_IN: Record<string, string> = Object.fromEntries([...'bcdegptvzmnfs'].map((l) => [l, Object.keys(NATO).find((w) => NATO[w] === l)!]));

/**
 * Spelled letter by letter; with `asIn` (the robot asked for it: "like b as in bravo"), the letters that sound alike
 * said with a word ("p as in papa, e as in echo, t as in tango, r, o, ..."), as people on the phone do.
 */
function spell(value: string, as: 'name' | 'email', asIn = false): string {
  const letter = (c: string) => (asIn && SAID_AS_IN[c] ? `${c} as in ${SAID_AS_IN[c]}` : c);
  if (as === 'email')
    return value
      .toLowerCase()
      .split('')
      .map((c) => (c === '@' ? 'at' : c === '.' ? 'dot' : c === '_' ? 'underscore' : c === '-' ? 'dash' : /\d/.test(c) ? DIGIT[Number(c)] : letter(c)))
      .join(asIn ? ', ' : ' ');
  return value
    .toLowerCase()
    .split(/\s+/)
    .map((w) =>
      w
        .split('')
        .map(letter)
        .join(asIn ? ', ' : ' '),
    )
    .join(', space, ');
}

const squash = (s: string): string =>
  tokens(s)
    .join(' ')
    .replace(/[^a-z0-9@. ]/g, '');

const LET_ME_SPELL = 'let me spell it';

/**
 * What it says to a question it has no answer for, as a person would: an optional field declined ("skip that"), a
 * required one it does not know ("I don't know"; the robot leaves it to the screen). Never silence (that reads as
 * a visitor gone) and never a made-up value.
 */
export const NO_VALUE = {
  optional: ['skip that', "I'd rather not say", 'skip it'],
  required: ["I don't know", "I'm not sure"],
} as const;

const phoneDigits = (s: string): string => s.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');

/** The form as the persona sees it (on the screen beside the robot), and the clock its dates are meant against. */
export interface PersonaForm {
  fields: readonly IntakeField[];
  timezone: string;
  now?: () => Date;
}

/** The read-back items ("label: value") the robot said, by field id, for the fields of the form it names. */
export function readBackItems(robot: string, fields: readonly IntakeField[]): Map<string, string> {
  const text = robot.toLowerCase();
  const found: { id: string; at: number; from: number }[] = [];
  for (const f of fields) {
    const marker = `${labelWords(f)}: `;
    // An item begins the summary or follows "; " ("number: " inside "phone number: " is not the number's item).
    for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1))
      if (at === 0 || /(?:[.;]|\byour) $/.test(text.slice(Math.max(0, at - 6), at))) {
        found.push({ id: f.id, at, from: at + marker.length });
        break;
      }
  }
  found.sort((a, b) => a.at - b.at);
  const items = new Map<string, string>();
  for (const [i, f] of found.entries()) {
    const to = found[i + 1]?.at ?? text.length;
    items.set(
      f.id,
      text
        .slice(f.from, to)
        .replace(/\.\s*is that (?:still )?right\?\s*$/, '')
        .replace(/[;\s]+$/, '')
        .trim(),
    );
  }
  return items;
}

export class PersonaVisitor implements Listener {
  readonly kind = 'persona';
  /** What the robot said last (the persona hears the robot's text). */
  private heardRobot = '';
  /** The robot's last read-back of the whole record. */
  private readBack = '';
  /** Times each question was put to it (picks the phrasing). */
  private readonly asked = new Map<string, number>();
  /** Tries per field: each time it gave the field's value (said or spelled), and each read-back it answered. */
  private readonly tries = new Map<string, number>();
  /** Fields it has spelled already in this visit. */
  private readonly spelled = new Set<string>();
  private pendingAsks: string[];
  gaveUp = false;
  private readonly fixes = new Map<string, number>();
  turns = 0;
  private readonly fields: readonly IntakeField[];

  constructor(
    private readonly persona: Persona,
    private readonly form: PersonaForm,
  ) {
    this.pendingAsks = [...persona.asks];
    this.fields = form.fields.filter((f) => f.kind !== 'consent');
  }

  /** Wraps the robot's voice so the persona hears each line. */
  ears(voice: Voice): Voice {
    return {
      kind: voice.kind,
      say: async (text: string, signal?: AbortSignal): Promise<Spoken> => {
        this.heardRobot = text;
        if (/^let me check/i.test(text)) this.readBack = text.toLowerCase();
        return voice.say(text, signal);
      },
    };
  }

  /** What it says now (counted as a turn), or null for silence. Audio mode speaks this into the microphone. */
  say(req: ListenRequest): string | null {
    const text = this.answer(req);
    if (text !== null) this.turns++;
    return text;
  }

  async listen(req: ListenRequest, signal?: AbortSignal): Promise<Heard | null> {
    signal?.throwIfAborted();
    const text = this.say(req);
    if (text === null) return null;
    const now = Date.now();
    req.onPartial?.(text);
    req.onSpeechEnd?.();
    return { text, speechStartAt: now, speechEndAt: now, engine: 'persona' };
  }

  private pick(options: string[], n: number): string {
    return options[(this.persona.seed + n) % options.length]!;
  }

  /**
   * One more try at `key` (a field, or 'confirm' for the read-back); false when its patience is spent, and it walks
   * away: `patience` tries per field, however many letters a spelling has.
   */
  private tryAgain(key: string): boolean {
    const n = (this.tries.get(key) ?? 0) + 1;
    this.tries.set(key, n);
    if (n <= this.persona.patience) return true;
    this.gaveUp = true;
    return false;
  }

  /** What the persona says to this question, or null (silence: it walked away, or has nothing to say). */
  answer(req: ListenRequest): string | null {
    if (this.gaveUp) return null;
    const n = (this.asked.get(req.fieldId) ?? 0) + 1;
    this.asked.set(req.fieldId, n);
    if (req.fieldId === this.persona.walkAwayAt) {
      this.gaveUp = true;
      return null;
    }
    const ask = this.pendingAsks.shift();
    if (ask) return ask;
    const p = this.persona;
    const robot = this.heardRobot.toLowerCase();
    if (req.expect.kind === 'spell') {
      if (!this.tryAgain(req.fieldId)) return null;
      // Letters plain, as most people spell; spelling again, with words for the letters that sound alike where the
      // robot asks for them ("like b as in bravo"), as people do once plain letters were not understood.
      const again = this.spelled.has(req.fieldId);
      this.spelled.add(req.fieldId);
      return spell(req.fieldId === 'email' || req.expect.as === 'email' ? p.email : p.name, req.expect.as, again && /\bas in\b/.test(robot));
    }
    if (/could you spell it/.test(robot)) return 'yes';
    if (robot.startsWith('i have ') && robot.endsWith('. is that right?')) {
      const heard = robot
        .slice(7, -'. is that right?'.length)
        .replace(/\bdot\b/g, '.')
        .replace(/\bat\b/g, '@')
        .replace(/\bunderscore\b/g, '_')
        .replace(/\bdash\b/g, '-')
        .replace(/[\s,]/g, '');
      // Letter by letter against the detail the robot is checking (the field it asked about), as a careful person does.
      const kind = this.form.fields.find((f) => f.id === req.fieldId)?.kind;
      const mine = kind === 'email' ? [p.email] : kind === 'name' ? [p.name] : [p.name, p.email];
      return mine.some((v) => v.toLowerCase().replace(/\s/g, '') === heard) ? 'yes' : 'no';
    }
    if (req.fieldId === 'returning') return this.wrongField(robot) ? 'no' : 'yes';
    if (req.fieldId === 'confirm') {
      if (robot.includes('what should i change')) return this.whatToChange();
      // "Sorry, was that a yes?": the same answer to the read-back it heard last (no new try: the robot's doubt).
      if (/was that a yes/.test(robot)) return this.checkReadBack(this.readBack);
      if (!this.tryAgain('confirm')) return null;
      return this.checkReadBack(robot);
    }
    if (req.fieldId === 'help') return 'no thanks';
    if (req.fieldId === 'consent' || this.form.fields.some((f) => f.id === req.fieldId && f.kind === 'consent'))
      return p.consent ? this.pick(['yes', 'yes please', 'sure, that is fine'], n) : 'no thank you';
    const said = this.valueFor(req.expect.kind, req.fieldId, n) ?? this.noValue(req.fieldId, n);
    if (said === null) return null;
    // Asking to spell is no try at the value.
    return said === LET_ME_SPELL || this.tryAgain(req.fieldId) ? said : null;
  }

  /** Its value for a question, in one of its phrasings; null when it has none. */
  private valueFor(kind: string, fieldId: string, n: number): string | null {
    const p = this.persona;
    switch (kind) {
      case 'name':
        return this.pick([`my name is ${p.name}`, p.name, `it's ${p.name}`, `I'm ${p.name}`], n);
      case 'phone':
        return this.pick([sayPhone(p.phone), `my number is ${sayPhone(p.phone)}`, `you can reach me at ${sayPhone(p.phone)}`], n);
      case 'email':
        return n > 1 ? LET_ME_SPELL : this.pick([sayEmail(p.email), `my email is ${sayEmail(p.email)}`, `it's ${sayEmail(p.email)}`], n);
      default:
        return this.said(fieldId) ?? null;
    }
  }

  /** It has no answer for a field of the form: it says so (NO_VALUE). Null for a question that is no field of the form. */
  private noValue(fieldId: string, n: number): string | null {
    const field = this.fields.find((f) => f.id === fieldId);
    if (!field) return null;
    return this.pick([...(field.required ? NO_VALUE.required : NO_VALUE.optional)], n);
  }

  /** Its own words for a field that is not its name, phone or email. */
  private said(fieldId: string): string | undefined {
    if (fieldId === 'reason' && this.persona.reason) return this.persona.reason;
    return this.persona.answers[fieldId];
  }

  /** "Let me check. name: ...; phone number: ... Is that right?": yes when every detail it holds is right. */
  private checkReadBack(robot: string): string {
    const wrong = this.wrongField(robot);
    return wrong ? this.correctionOf(wrong) : 'yes';
  }

  /** "What should I change?": the whole correction for a name, phone or email; else the field, by its label. */
  private whatToChange(): string {
    const wrong = this.wrongField(this.readBack);
    if (!wrong) return 'nothing';
    return ['name', 'phone', 'email'].includes(wrong.kind) ? this.correctionOf(wrong).replace(/^no, /, '') : `the ${labelWords(wrong)}`;
  }

  /**
   * How it corrects a field, as a person would: its own detail again ("no, my email is ..."; spelled when the robot
   * got it wrong twice), what it said for a choice ("no, I said a color and a trim"), the date it meant; else "no",
   * and the field named when the robot asks what to change, so it is asked again.
   */
  private correctionOf(field: IntakeField): string {
    const p = this.persona;
    const fixes = this.fixes.get(field.id) ?? 0;
    this.fixes.set(field.id, fixes + 1);
    switch (field.kind) {
      case 'name':
        return `no, my name is ${p.name}`;
      case 'phone':
        return `no, my phone number is ${sayPhone(p.phone)}`;
      case 'email':
        return `no, my email is ${fixes ? spell(p.email, 'email') : sayEmail(p.email)}`;
      case 'choice':
      case 'multichoice':
        return `no, I said ${this.said(field.id)}`;
      case 'date':
        return `no, the date is ${this.said(field.id)}`;
      default:
        // "No" alone, and the field named when asked what to change: "the notes is wrong" would be taken as the
        // notes themselves, and "wrong" as the answer to a yes/no.
        return 'no';
    }
  }

  /**
   * The first field the robot read back that is not what the persona meant (a field it has no answer for is not
   * objected to). Only fields of the form, as the robot named them: never a detail the form does not ask for.
   */
  private wrongField(robot: string): IntakeField | null {
    const items = readBackItems(robot, this.fields);
    return this.fields.find((f) => items.has(f.id) && this.matches(f, items.get(f.id)!) === false) ?? null;
  }

  /** Whether what the robot read back for a field is what it meant; undefined when it has no answer for it. */
  private matches(f: IntakeField, heard: string): boolean | undefined {
    const p = this.persona;
    switch (f.kind) {
      case 'name':
        return squash(heard) === squash(p.name);
      case 'phone':
        return phoneDigits(heard) === phoneDigits(p.phone);
      case 'email':
        return heard.replace(/\s/g, '') === p.email.toLowerCase();
      case 'text': {
        const said = this.said(f.id);
        return said === undefined ? undefined : squash(heard) === squash(said);
      }
      default: {
        const said = this.said(f.id);
        if (said === undefined) return undefined;
        const expect = fieldType(f.kind).expectation(f);
        const ctx = { now: (this.form.now ?? (() => new Date()))(), timezone: this.form.timezone };
        const meant = understand(said, expect, ctx);
        if (!meant.ok) return undefined; // it cannot tell what it meant: no grounds to object
        const got = understand(heard, expect, ctx);
        if (!got.ok) return false;
        if (f.kind === 'multichoice') return same([...(got.value as string[])].sort(), [...(meant.value as string[])].sort());
        // The read-back says the day without the year ("Tuesday, January 5, at 3 PM"): month, day and time.
        if (f.kind === 'date') return String(got.value).slice(5) === String(meant.value).slice(5);
        return same(got.value, meant.value);
      }
    }
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether the stored lead holds the persona's details: the fields that differ, by name. Only the details the form
 * asks for count (a form without an email stores none, and that is no mismatch).
 */
export function leadMatches(
  persona: Persona,
  contact: { name: string; phone: string | null; email: string | null } | null,
  fields: readonly Pick<IntakeField, 'kind'>[],
): { matches: boolean; wrong: string[] } {
  if (!contact) return { matches: false, wrong: ['no lead stored'] };
  const asks = (kind: string) => fields.some((f) => f.kind === kind);
  const wrong: string[] = [];
  if (asks('name') && contact.name.toLowerCase() !== persona.name.toLowerCase()) wrong.push('name');
  if (asks('phone') && phoneDigits(contact.phone ?? '') !== phoneDigits(persona.phone)) wrong.push('phone');
  if (asks('email') && (contact.email ?? '').toLowerCase() !== persona.email.toLowerCase()) wrong.push('email');
  return { matches: wrong.length === 0, wrong };
}
