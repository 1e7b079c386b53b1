/**
 * Every line the robot says, and every message the visitor reads about an answer, with its default words. A
 * business overrides any of them in config (`messages`, keyed as here), so it sounds like itself and a translation
 * has one place to go. {placeholders} are filled when the line is said.
 *
 * Validation messages are keyed `<kind>.<code>` and come from the field types (./types/*); the answers to questions
 * about the business are keyed `answer.*` (the weekdays they name: `day.*`); `greeting` and `farewell` default to
 * the business texts (config `business`).
 */
import { z } from 'zod';
import { FIELD_TYPES } from './types/index.js';

export const DIALOG_MESSAGES = {
  greeting: 'Hi, welcome! I can take your details so the right person gets back to you.',
  farewell: 'Thank you! Someone from our team will be in touch soon.',
  returning: 'Welcome back, {name}!',
  returningNoName: 'Welcome back!',
  /**
   * To a returning visitor, who has not proven who they are: what is known is said masked, never in full (the first
   * name, the email's domain, the phone's last two digits), and only answers about the person (device/visit/returning.ts).
   */
  returningCheck: 'I still have {summary}. Is that still right?',
  'returningItem.name': 'your name as {first}',
  'returningItem.email': 'your email at {domain}',
  'returningItem.phone': 'your phone ending in {last}',
  /** A remembered answer from a short list (a preferred contact method): the option is said. */
  'returningItem.choice': '{label}: {value}',
  /** Any other remembered answer (free text a business marked remembered): named, its value not said. */
  'returningItem.other': 'your {label}',
  silence: "Sorry, I didn't catch that. {prompt}",
  'reprompt.default': 'Sorry, could you say that again? {prompt}',
  'reprompt.phone': 'Sorry, I need the whole number, with the area code. Please say it digit by digit.',
  'reprompt.email': 'Sorry, I did not get that. Please spell your email, for example: j o h n at example dot com.',
  'reprompt.choice': 'Sorry, which one is it: {options}?',
  'reprompt.multichoice': 'Sorry, which of these would you like: {options}? You can name more than one.',
  'reprompt.yesno': 'Sorry, was that a yes or a no?',
  'reprompt.consent': 'Sorry, was that a yes or a no?',
  'reprompt.number': 'Sorry, what number is it? Please say just the number.',
  /** A number field with limits (device/intake/types/number.ts): the re-prompt says them. */
  'reprompt.numberBetween': 'Sorry, please say a number from {min} to {max}.',
  'reprompt.numberAtLeast': 'Sorry, please say a number of at least {min}.',
  'reprompt.numberAtMost': 'Sorry, please say a number no larger than {max}.',
  'reprompt.dateYears': 'Sorry, I can only take a date from {min} to {max} for your {label}. Which day is it?',
  'reprompt.date': 'Sorry, which day is it? For example: next Tuesday, or the fifth of January.',
  'reprompt.datetime': 'Sorry, which day and time? For example: next Tuesday at three, or the fifth of January at ten in the morning.',
  leftToScreen: "Let's leave your {label} for the screen. You can type it there when you like.",
  skipped: "No problem, let's skip that.",
  cannotSkip: 'I do need your {label}, sorry. {prompt}',
  dontKnow: "That's all right. You can add it on the screen later if you like.",
  spellOffer: 'I want to get your {label} exactly right. Could you spell it for me, letter by letter?',
  spellAsk: 'Sure. Please spell your {label}, letter by letter. You can say m as in Mike.',
  /** The robot could not hear one part of a name or an email (a word it does not know) and asks for it alone. */
  'spellPart.first': "I didn't quite catch your first name. Could you spell it for me, letter by letter?",
  'spellPart.last': "I didn't quite catch your last name. Could you spell it for me, letter by letter?",
  'spellPart.domain': "I didn't quite catch the part after the at. Could you spell it for me, letter by letter?",
  /** Said after a "sure" to a request to spell, before any letter. */
  spellGoAhead: 'Go ahead, letter by letter. You can say m as in Mike.',
  // Asked again, the visitor is invited to say a word for a letter: NATO words are heard far better than letter names.
  spellAgain: "Sorry, I didn't get every letter. Please spell it again, slowly. A word for a letter helps me, like b as in bravo.",
  spellCheck: 'I have {spelled}. Is that right?',
  readBack: 'Let me check. {summary}. Is that right?',
  readBackItem: '{label}: {value}',
  yesAgain: 'Sorry, was that a yes?',
  whatToChange: 'What should I change?',
  /** A correction names a detail the form does not ask for ("no, my email is ..." without an email field). */
  noSuchField: "Sorry, I don't ask for your {what} here.",
  changeAsk: 'OK. {prompt}',
  startOver: "Sure, let's start over.",
  declined: "I understand. I won't keep your details.",
  declinedHelp: 'Is there anything else I can do for you? You can ask me a question, or ask for someone from our team.',
  goodbye: 'Have a lovely day!',
  incomplete: 'I still need your {labels}. You can type it on the screen.',
  checkScreen: 'Please check your details on the screen and press Send.',
  stillMissing: 'Something is still missing. Please check the screen.',
  keptPartial: "Thank you. I've kept what you told me, and someone from our team will get back to you.",
  handoff: 'Someone from our team is coming.',
  handoffWho: '{who} is coming to help you.',
  /** On the kiosk's "who is coming" screen once a staff member acknowledged the request. */
  handoffSeen: '{who} has seen your request.',
  noAnswer: "I'm sorry, I don't know that. Someone from our team can tell you.",
  backToIntake: 'Now, where were we? {prompt}',
  'field.required': 'Please fill in {label}.',
  'field.invalid': 'That does not look right. Please check it.',
} as const;

export type DialogMessageKey = keyof typeof DIALOG_MESSAGES;

/**
 * The robot's answers to questions about the business (device/intake/questions.ts), filled from the profile: the
 * hours ({open}, {close} as the clock is said: "9 AM"), the day asked about ({when}: "today", "on Sunday", or with
 * a holiday's name), prices, the address. The parking line and the FAQ answers are the staff's own words. An
 * override must keep every placeholder of its line (ANSWER_PLACEHOLDERS_REQUIRED): each carries the fact asked for.
 */
export const ANSWER_MESSAGES = {
  /** "are you open?" with no day: the week, each open day an `answer.weekDay`, joined with commas. */
  'answer.week': "We're open {days}.",
  'answer.weekDay': '{day} {open} to {close}',
  /** A day with a break: the hours after it, said after the first ones in the two lines above ("9 AM to 12 PM and 1 PM to 7 PM"). */
  'answer.andThen': 'and {open} to {close}',
  /** A day with a break, after "we close at" or "we open at": {close} when the break starts, {open} when it ends. */
  'answer.break': 'We close for a break from {close} to {open}.',
  'answer.closed': "Sorry, we're closed {when}.",
  'answer.openFromTo': "Yes, {when} we're open from {open} to {close}.",
  /** "when do you close today?": the sentence starts with a capital whatever word {when} begins with. */
  'answer.closeAt': '{when} we close at {close}.',
  'answer.openAt': '{when} we open at {open}.',
  /** The day asked about, when it is a holiday: {when} of the lines above. */
  'answer.holiday': '{when}, for {holiday}',
  'answer.today': 'today',
  'answer.tomorrow': 'tomorrow',
  'answer.onDay': 'on {day}',
  'answer.price': '{service} is {price}.',
  /** "what are your prices?": each service an `answer.pricesItem`, joined with semicolons. */
  'answer.prices': 'Our prices: {list}.',
  'answer.pricesItem': '{service}, {price}',
  'answer.address': "We're at {address}.",
  'day.monday': 'Monday',
  'day.tuesday': 'Tuesday',
  'day.wednesday': 'Wednesday',
  'day.thursday': 'Thursday',
  'day.friday': 'Friday',
  'day.saturday': 'Saturday',
  'day.sunday': 'Sunday',
} as const;

export type AnswerMessageKey = keyof typeof ANSWER_MESSAGES;

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** Placeholders an override must keep, by key: every one of each answer line (the facts asked for). */
export const ANSWER_PLACEHOLDERS_REQUIRED: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(ANSWER_MESSAGES).map(([key, text]) => [key, placeholders(text)]),
);

/** The default of every message: the dialog's lines, the answers to questions and each field type's validation messages. */
export function defaultMessages(): Record<string, string> {
  const out: Record<string, string> = { ...DIALOG_MESSAGES, ...ANSWER_MESSAGES };
  for (const [kind, type] of Object.entries(FIELD_TYPES)) for (const [code, text] of Object.entries(type.messages)) out[`${kind}.${code}`] = text;
  return out;
}

/**
 * Config `messages`: overrides by key; an unknown key, a placeholder the line does not have, or (in an answer to a
 * question) a placeholder the line must keep and lacks is refused, naming the key.
 */
export const messagesConfigSchema = z
  .record(z.string(), z.string().trim().min(1).max(500))
  .superRefine((overrides, ctx) => {
    const defaults = defaultMessages();
    for (const [key, text] of Object.entries(overrides)) {
      const def = defaults[key];
      if (def === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `unknown message "${key}": see device/intake/messages.ts for the keys` });
        continue;
      }
      const allowed = new Set(placeholders(def));
      const bad = placeholders(text).filter((p) => !allowed.has(p) && !['business', 'label'].includes(p));
      if (bad.length)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `"{${bad[0]}}" is not filled in this line; it may use ${[...allowed].map((p) => `{${p}}`).join(', ') || 'no placeholders'}`,
        });
      const used = new Set(placeholders(text));
      const lacking = (ANSWER_PLACEHOLDERS_REQUIRED[key] ?? []).filter((p) => !used.has(p));
      if (lacking.length)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `"${key}" must keep ${lacking.map((p) => `{${p}}`).join(' and ')}: it is what the visitor asked (default: "${def}")`,
        });
    }
  })
  .default({});

export type MessageVars = Record<string, string | number>;

export function fill(template: string, vars: MessageVars): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (vars[k] !== undefined ? String(vars[k]) : m)).replace(/\s{2,}/g, ' ');
}

/** The lines of one business: defaults, then its business texts, then its overrides. */
export class Messages {
  private readonly table: Record<string, string>;

  constructor(overrides: Readonly<Record<string, string>> = {}, business: { name?: string; greeting?: string; farewell?: string } = {}) {
    this.table = {
      ...defaultMessages(),
      ...(business.greeting ? { greeting: business.greeting } : {}),
      ...(business.farewell ? { farewell: business.farewell } : {}),
      ...overrides,
    };
    this.business = business.name ?? '';
  }

  private readonly business: string;

  has(key: string): boolean {
    return key in this.table;
  }

  /** The words of `key` in use, placeholders unfilled (the staff screen shows them); undefined for an unknown key. */
  line(key: string): string | undefined {
    return this.table[key];
  }

  /** The line `key` with its placeholders filled. A field message falls back to `field.<code>`. */
  say(key: string, vars: MessageVars = {}): string {
    const template = this.table[key] ?? this.table[`field.${key.split('.').pop()}`] ?? this.table['field.invalid']!;
    return fill(template, { business: this.business, ...vars });
  }
}
