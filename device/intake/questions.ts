/**
 * Questions a visitor asks at any point, answered from the business profile: hours from its one opening-hours
 * schedule (device/hours/schedule.ts; "are you open on Sunday?",
 * "when do you close today?"), address, parking, prices ("how much is a haircut?") and staff-written FAQ entries.
 * Only a question is answered: it must be asked as one (a question word, "are you", a "?"), so an ordinary answer
 * ("my address is ...") is never taken for one.
 */
import { DateTime } from 'luxon';
import { stemmer } from 'stemmer';
import { tokens } from '../../models/understanding/index.js';
import { patternSafe } from '../../models/understanding/phrase-pattern.js';
import type { BusinessProfile } from './business-schema.js';
import { WEEKDAYS } from './business-schema.js';
import { spansOf, WEEKDAYS as SHORT_DAYS } from '../handoff/weekly.js';
import { holidayOn, hoursSet, spansOnDate, type OpeningHours } from '../hours/schedule.js';
import { Messages } from './messages.js';

export interface QuestionContext {
  now: Date;
  timezone: string;
  /** The business's words for the answers (`answer.*`, `day.*`); default: the default lines. */
  messages?: Messages;
}

const DEFAULT_MESSAGES = new Messages();

const QUESTION_START =
  /^(?:(?:um|uh|oh|so|sorry|hi|hey|excuse me|quick question|by the way|actually|wait|and|but|also)\s+)*(?:are|is|do|does|can|could|what|when|where|how|which|who|will|would|may|what's|when's|where's|how's|is there|are there|tell me|i was wondering)\b/;

function isQuestion(text: string): boolean {
  return text.trim().endsWith('?') || QUESTION_START.test(tokens(text).join(' '));
}

function clockSaid(hhmm: string): string {
  const dt = DateTime.fromFormat(hhmm, 'HH:mm');
  return dt.toFormat(dt.minute ? 'h:mm a' : 'h a');
}

/**
 * A day's opening as the robot says it, the clocks said ("9 AM"): `open` is the first opening; `close` the first
 * closing and, on a day with a break, the hours after it in the business's words ("12 PM and 1 PM to 7 PM"), so
 * "from {open} to {close}" says the break; `last` the last closing; `breaks` each break, for "when do you close?".
 */
interface Opening {
  open: string;
  close: string;
  last: string;
  breaks: { from: string; to: string }[];
}

const clockOf = (minute: number) => `${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

function openingOf(spans: readonly (readonly [number, number])[], m: Messages): Opening | null {
  if (!spans.length) return null;
  const said = spans.map(([from, to]) => ({ open: clockSaid(clockOf(from)), close: clockSaid(clockOf(to)) }));
  const afterBreaks = said.slice(1).map((s) => m.say('answer.andThen', { open: s.open, close: s.close }));
  return {
    open: said[0]!.open,
    close: [said[0]!.close, ...afterBreaks].join(' '),
    last: said.at(-1)!.close,
    breaks: said.slice(1).map((s, i) => ({ from: said[i]!.close, to: s.open })),
  };
}

/** The hours of one day of the one schedule: a holiday's, else the weekday's. */
function openingOn(day: DateTime, hours: OpeningHours, m: Messages): { opening: Opening | null; holiday?: string } {
  const holiday = holidayOn(hours, day.toISODate()!);
  return { opening: openingOf(spansOnDate(hours, day), m), ...(holiday?.name ? { holiday: holiday.name } : {}) };
}

/** After "we close at 7 PM" on a day with a break: when the break is ("We close for a break from 12 PM to 1 PM."). */
function breaksSaid(opening: Opening, m: Messages): string {
  return opening.breaks.map((b) => ` ${m.say('answer.break', { close: b.from, open: b.to })}`).join('');
}

/** The day asked about, and how the answer names it ("today", "on Sunday"; the business's words). */
function dayAsked(t: string, today: DateTime, m: Messages): { day: DateTime; words: string } | null {
  if (/\btoday\b|\btonight\b/.test(t)) return { day: today, words: m.say('answer.today') };
  if (/\btomorrow\b/.test(t)) return { day: today.plus({ days: 1 }), words: m.say('answer.tomorrow') };
  for (let i = 0; i < 7; i++) {
    const name = WEEKDAYS[i]!;
    if (new RegExp(`\\b${name}s?\\b`).test(t)) {
      const ahead = (i + 1 - today.weekday + 7) % 7;
      return { day: today.plus({ days: ahead }), words: m.say('answer.onDay', { day: m.say(`day.${name}`) }) };
    }
  }
  return null;
}

function hoursAnswer(t: string, profile: BusinessProfile, ctx: QuestionContext, m: Messages): string | null {
  if (!/\b(open|opens|opening|close|closes|closing|closed|hours)\b/.test(t)) return null;
  const hours = profile.openingHours;
  if (!hoursSet(hours)) return null; // unset: the robot does not talk about hours
  // The day asked about is the business's own ("today" where the shop is), when its hours name a time zone.
  const today = DateTime.fromJSDate(ctx.now, { zone: hours.timezone ?? ctx.timezone }).startOf('day');
  const asked = dayAsked(t, today, m);
  if (!asked) {
    const week = WEEKDAYS.flatMap((d, i) => {
      const o = openingOf(spansOf(hours.week[SHORT_DAYS[i]!]), m);
      return o ? [m.say('answer.weekDay', { day: m.say(`day.${d}`), open: o.open, close: o.close })] : [];
    });
    return week.length ? cap(m.say('answer.week', { days: week.join(', ') })) : null;
  }
  const { opening, holiday } = openingOn(asked.day, hours, m);
  const when = holiday ? m.say('answer.holiday', { when: asked.words, holiday }) : asked.words;
  // A sentence starts with a capital whatever the day's words begin with ("Today we close at 6 PM.").
  if (!opening) return cap(m.say('answer.closed', { when }));
  if (/\b(close|closes|closing)\b/.test(t)) return cap(m.say('answer.closeAt', { when: asked.words, close: opening.last })) + breaksSaid(opening, m);
  if (/\b(open|opens|opening)\b/.test(t) && /\bwhen|what time\b/.test(t))
    return cap(m.say('answer.openAt', { when: asked.words, open: opening.open })) + breaksSaid(opening, m);
  return cap(m.say('answer.openFromTo', { when, open: opening.open, close: opening.close }));
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const stems = (text: string): string[] =>
  tokens(text)
    .map((w) => w.replace(/[^a-z0-9']/g, ''))
    .filter((w) => w.length > 2 && !STOP.has(w))
    .map((w) => stemmer(w));
const STOP = new Set(['the', 'you', 'your', 'are', 'can', 'for', 'and', 'does', 'how', 'what', 'have', 'any', 'with', 'there', 'this', 'that', 'our', 'they']);

function priceAnswer(t: string, profile: BusinessProfile, m: Messages): string | null {
  if (!/\b(how much|price|prices|cost|costs|charge|expensive|pricing)\b/.test(t)) return null;
  for (const s of profile.services) {
    const names = [s.name, ...s.synonyms].map((n) => tokens(n).join(' '));
    if (names.some((n) => n && ` ${t} `.includes(` ${n} `))) return m.say('answer.price', { service: s.name, price: s.price });
  }
  if (!profile.services.length) return null;
  return m.say('answer.prices', { list: profile.services.map((s) => m.say('answer.pricesItem', { service: s.name, price: s.price })).join('; ') });
}

function faqAnswer(text: string, profile: BusinessProfile): string | null {
  const said = new Set(stems(text));
  let best: { answer: string; score: number } | null = null;
  for (const entry of profile.faq) {
    for (const p of entry.phrasings) {
      const want = stems(p);
      if (!want.length) continue;
      const score = want.filter((w) => said.has(w)).length / want.length;
      if (score >= 0.6 && (!best || score > best.score)) best = { answer: entry.answer, score };
    }
  }
  return best?.answer ?? null;
}

/**
 * The answer to a question about the business, or null when `text` is not one it can answer. The sentences are the
 * business's lines (`ctx.messages`: device/intake/messages.ts ANSWER_MESSAGES) filled from its profile.
 */
export function answerQuestion(text: string, profile: BusinessProfile, ctx: QuestionContext): string | null {
  if (!isQuestion(text)) return null;
  const m = ctx.messages ?? DEFAULT_MESSAGES;
  const t = tokens(text).join(' ');
  const faq = faqAnswer(text, profile); // staff's own words first
  if (faq) return faq;
  const hours = hoursAnswer(t, profile, ctx, m);
  if (hours) return hours;
  const price = priceAnswer(t, profile, m);
  if (price) return price;
  if (profile.address && /\b(where are you|where is it|where's the|your address|the address|located|location|find you|get there)\b/.test(t))
    return m.say('answer.address', { address: profile.address });
  if (profile.parking && /\bpark|parking\b/.test(t)) return profile.parking;
  return null;
}

const DAYS = `[ today | tomorrow | [ on ] ( ${WEEKDAYS.join(' | ')} ) ]`;
/** Ways of asking about hours, prices, the address and parking, as phrase patterns ({s}: the service names). */
const ASKING = {
  hours: [`( are you open | when do you ( open | close ) | what time do you ( open | close ) | what are your [ opening ] hours | when are you open ) ${DAYS}`],
  address: ["( where are you located | what is your address | what's the address | where is it | how do i ( get there | find you ) )"],
  parking: ['( is there [ any ] parking | where can i park | do you have parking | can i park here )'],
  prices: [
    '( what are your prices | how much do you charge )',
    'how much is [ a | an ] {s}',
    '( how much does | what does ) [ a | an ] {s} cost',
    'what is the price of [ a | an ] {s}',
  ],
};

/**
 * The questions a speech grammar should hear at every prompt, as phrase patterns (models/understanding/
 * phrase-pattern.ts), from what the profile holds: hours, address, parking, each service by its name and synonyms,
 * the staff's FAQ phrasings. Every phrasing they expand to is one `answerQuestion` answers (questions.test.ts), so
 * what the robot can hear it can answer; a profile without hours asks for none. Built per visit: a profile saved
 * on the staff screen is heard from the next visit on.
 */
export function questionPatterns(profile: BusinessProfile): string[] {
  const out: string[] = [];
  if (hoursSet(profile.openingHours)) out.push(...ASKING.hours);
  if (profile.address) out.push(...ASKING.address);
  if (profile.parking) out.push(...ASKING.parking);
  const names = profile.services.flatMap((s) => [s.name, ...s.synonyms].map((n) => patternSafe(tokens(n).join(' ')).replace(/^(?:a|an|the|some)\s+/, '')));
  const said = [...new Set(names.filter(Boolean))];
  if (said.length) out.push(...ASKING.prices.map((p) => p.replace('{s}', `( ${said.join(' | ')} )`)));
  // Staff-written phrasings as written; the matcher finds them by their stems.
  for (const entry of profile.faq) out.push(...entry.phrasings.map((p) => patternSafe(tokens(p).join(' '))).filter(Boolean));
  return out;
}
