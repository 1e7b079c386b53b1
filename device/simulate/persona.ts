/**
 * A virtual visitor who knows who they are: it answers each question with its own details in one of several
 * natural phrasings, listens to what the robot says (its text, as a person hears it), says yes when the read-back
 * is right and corrects what is wrong, spells when asked, asks its questions, and gives up after as many tries as a
 * patient person would.
 */
import { z } from 'zod';
import type { Heard, ListenRequest, Listener, Spoken, Voice } from '../../models/speech.js';
import { tokens } from '../../models/understanding/index.js';

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
    /** Times one question may be asked before they give up on the robot and walk away. */
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

function spell(value: string, as: 'name' | 'email'): string {
  if (as === 'email')
    return value
      .toLowerCase()
      .split('')
      .map((c) => (c === '@' ? 'at' : c === '.' ? 'dot' : c === '_' ? 'underscore' : c === '-' ? 'dash' : /\d/.test(c) ? DIGIT[Number(c)] : c))
      .join(' ');
  return value
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.split('').join(' '))
    .join(', space, ');
}

const squash = (s: string): string =>
  tokens(s)
    .join(' ')
    .replace(/[^a-z0-9@. ]/g, '');

export class PersonaVisitor implements Listener {
  readonly kind = 'persona';
  /** What the robot said last (the persona hears the robot's text). */
  private heardRobot = '';
  /** The robot's last read-back of the whole record. */
  private readBack = '';
  private readonly asked = new Map<string, number>();
  private pendingAsks: string[];
  gaveUp = false;
  private emailFixes = 0;
  turns = 0;

  constructor(private readonly persona: Persona) {
    this.pendingAsks = [...persona.asks];
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

  /** What the persona says to this question, or null (silence: it walked away, or has nothing to say). */
  answer(req: ListenRequest): string | null {
    if (this.gaveUp) return null;
    const n = (this.asked.get(req.fieldId) ?? 0) + 1;
    this.asked.set(req.fieldId, n);
    if (req.fieldId === this.persona.walkAwayAt || n > this.persona.patience) {
      this.gaveUp = true;
      return null;
    }
    const ask = this.pendingAsks.shift();
    if (ask) return ask;
    const p = this.persona;
    const robot = this.heardRobot.toLowerCase();
    if (req.expect.kind === 'spell') return spell(req.fieldId === 'email' || req.expect.as === 'email' ? p.email : p.name, req.expect.as);
    if (/could you spell it/.test(robot)) return 'yes';
    if (robot.startsWith('i have ') && robot.endsWith('. is that right?')) {
      const heard = robot
        .slice(7, -'. is that right?'.length)
        .replace(/\bdot\b/g, '.')
        .replace(/\bat\b/g, '@')
        .replace(/\bunderscore\b/g, '_')
        .replace(/\bdash\b/g, '-')
        .replace(/[\s,]/g, '');
      return [p.name, p.email].some((v) => v.toLowerCase().replace(/\s/g, '') === heard) ? 'yes' : 'no';
    }
    if (req.fieldId === 'returning') return this.wrongDetail(robot, true) ? 'no' : 'yes';
    if (req.fieldId === 'confirm') return this.checkReadBack(robot);
    if (req.fieldId === 'help') return 'no thanks';
    switch (req.expect.kind) {
      case 'name':
        return this.pick([`my name is ${p.name}`, p.name, `it's ${p.name}`, `I'm ${p.name}`], n);
      case 'phone':
        return this.pick([sayPhone(p.phone), `my number is ${sayPhone(p.phone)}`, `you can reach me at ${sayPhone(p.phone)}`], n);
      case 'email':
        return n > 1 ? `let me spell it` : this.pick([sayEmail(p.email), `my email is ${sayEmail(p.email)}`, `it's ${sayEmail(p.email)}`], n);
      default:
        break;
    }
    if (req.fieldId === 'consent') return p.consent ? this.pick(['yes', 'yes please', 'sure, that is fine'], n) : 'no thank you';
    if (req.fieldId === 'reason' && p.reason) return p.reason;
    return p.answers[req.fieldId] ?? null;
  }

  /** "Let me check. name: ...; phone number: ... Is that right?": yes when every detail it holds is right. */
  private checkReadBack(robot: string): string {
    if (robot.includes('what should i change')) return this.correction() ?? 'nothing';
    const wrong = this.wrongDetail(robot);
    return wrong ? `no, ${wrong}` : 'yes';
  }

  /** The first of its details the robot has wrong (`onlySaid`: only those it mentions, as in "I still have your ..."). */
  private wrongDetail(robot: string, onlySaid = false): string | null {
    const p = this.persona;
    const said = squash(robot);
    const mentions = (word: RegExp) => !onlySaid || word.test(robot);
    if (mentions(/\bname:/) && !said.includes(squash(p.name))) return `my name is ${p.name}`;
    const digits = p.phone.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
    if (mentions(/\bphone/) && !robot.replace(/\D/g, '').includes(digits)) return `my phone number is ${sayPhone(p.phone)}`;
    // Said as words first; spelled when the robot got it wrong again, as a person would.
    if (mentions(/\bemail:/) && !said.includes(p.email.toLowerCase())) return `my email is ${this.emailFixes++ ? spell(p.email, 'email') : sayEmail(p.email)}`;
    return null;
  }

  private correction(): string | null {
    return this.wrongDetail(this.readBack);
  }
}

/** Whether the stored lead holds the persona's details: the fields that differ, by name. */
export function leadMatches(
  persona: Persona,
  contact: { name: string; phone: string | null; email: string | null } | null,
): { matches: boolean; wrong: string[] } {
  if (!contact) return { matches: false, wrong: ['no lead stored'] };
  const wrong: string[] = [];
  if (contact.name.toLowerCase() !== persona.name.toLowerCase()) wrong.push('name');
  const digits = (s: string | null) => (s ?? '').replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
  if (digits(contact.phone) !== digits(persona.phone)) wrong.push('phone');
  if ((contact.email ?? '').toLowerCase() !== persona.email.toLowerCase()) wrong.push('email');
  return { matches: wrong.length === 0, wrong };
}
