/**
 * Questions a visitor asks at any point, answered from the business profile: hours from its one opening-hours
 * schedule (device/hours/schedule.ts; "are you open on Sunday?",
 * "when do you close today?"), address, parking, prices ("how much is a haircut?") and staff-written FAQ entries.
 * Only a question is answered: it must be asked as one (./question-form.ts: a question word, "are you", "you guys
 * open ...", a "?"), so an ordinary answer ("my address is ...") is never taken for one. What it is about is read
 * as concepts (./question-concepts.ts: stems, general synonyms, the services' own synonyms), the day asked by
 * ./question-day.ts.
 */
import { DateTime } from 'luxon';
import { tokens } from '../../models/understanding/index.js';
import { patternSafe } from '../../models/understanding/phrase-pattern.js';
import type { BusinessProfile } from './business-schema.js';
import { WEEKDAYS } from './business-schema.js';
import { spansOf, WEEKDAYS as SHORT_DAYS } from '../handoff/weekly.js';
import { holidayOn, hoursSet, spansOnDate, type OpeningHours } from '../hours/schedule.js';
import { Messages } from './messages.js';
import { bestFaq, faqTopicWords, serviceAsked, sharedWith } from './question-concepts.js';
import { dayAsked as dayIn } from './question-day.js';
import { askedAsQuestion, asksAddress, asksClosing, asksHours, asksOpening, asksParking, asksPrice } from './question-form.js';

export interface QuestionContext {
  now: Date;
  timezone: string;
  /** The business's words for the answers (`answer.*`, `day.*`); default: the default lines. */
  messages?: Messages;
}

const DEFAULT_MESSAGES = new Messages();

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
function dayAsked(t: string, today: DateTime, hours: OpeningHours, m: Messages): { day: DateTime; words: string } | null {
  const asked = dayIn(t, today, hours);
  if (!asked) return null;
  if (asked.kind === 'today') return { day: asked.day, words: m.say('answer.today') };
  if (asked.kind === 'tomorrow') return { day: asked.day, words: m.say('answer.tomorrow') };
  return { day: asked.day, words: m.say('answer.onDay', { day: m.say(`day.${WEEKDAYS[asked.day.weekday - 1]!}`) }) };
}

function hoursAnswer(t: string, profile: BusinessProfile, ctx: QuestionContext, m: Messages): string | null {
  if (!asksHours(t)) return null;
  const hours = profile.openingHours;
  if (!hoursSet(hours)) return null; // unset: the robot does not talk about hours
  // The day asked about is the business's own ("today" where the shop is), when its hours name a time zone.
  const today = DateTime.fromJSDate(ctx.now, { zone: hours.timezone ?? ctx.timezone }).startOf('day');
  const asked = dayAsked(t, today, hours, m);
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
  if (asksClosing(t)) return cap(m.say('answer.closeAt', { when: asked.words, close: opening.last })) + breaksSaid(opening, m);
  if (asksOpening(t)) return cap(m.say('answer.openAt', { when: asked.words, open: opening.open })) + breaksSaid(opening, m);
  return cap(m.say('answer.openFromTo', { when, open: opening.open, close: opening.close }));
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function priceAnswer(t: string, profile: BusinessProfile, m: Messages): string | null {
  if (!asksPrice(t) || !profile.services.length) return null;
  const i = serviceAsked(t, profile);
  if (i !== null) return m.say('answer.price', { service: profile.services[i]!.name, price: profile.services[i]!.price });
  return m.say('answer.prices', { list: profile.services.map((s) => m.say('answer.pricesItem', { service: s.name, price: s.price })).join('; ') });
}

/** A staff-written FAQ entry asked in other words: most of one of its phrasings, and the question mostly about it. */
const FAQ_SURE = { recall: 0.6, precision: 0.5 };
/** Asked about nothing else the robot knows: what the question is about is mostly in the entry (or the note). */
const ABOUT_MOSTLY = 0.5;

/**
 * The answer to a question about the business, or null when `text` is not one it can answer. The sentences are the
 * business's lines (`ctx.messages`: device/intake/messages.ts ANSWER_MESSAGES) filled from its profile. Staff's own
 * FAQ entries first when a phrasing is clearly asked; then hours, prices, the address, parking; then the entry, the
 * address or the parking note the question's words are mostly about.
 */
export function answerQuestion(text: string, profile: BusinessProfile, ctx: QuestionContext): string | null {
  if (!askedAsQuestion(text)) return null;
  const m = ctx.messages ?? DEFAULT_MESSAGES;
  const t = tokens(text).join(' ');
  const faq = bestFaq(text, profile);
  if (faq && faq.recall >= FAQ_SURE.recall && faq.precision >= FAQ_SURE.precision) return profile.faq[faq.index]!.answer;
  const hours = hoursAnswer(t, profile, ctx, m);
  if (hours) return hours;
  const price = priceAnswer(t, profile, m);
  if (price) return price;
  if (profile.parking && asksParking(t)) return profile.parking;
  if (profile.address && asksAddress(t)) return m.say('answer.address', { address: profile.address });
  const about = (x: { shared: number; of: number }) => (x.of ? x.shared / x.of : 0);
  const candidates: { answer: string; share: number }[] = [];
  if (faq) candidates.push({ answer: profile.faq[faq.index]!.answer, share: faq.precision });
  if (profile.parking) candidates.push({ answer: profile.parking, share: about(sharedWith(text, profile.parking)) });
  if (profile.address) candidates.push({ answer: m.say('answer.address', { address: profile.address }), share: about(sharedWith(text, profile.address)) });
  const best = candidates.sort((a, b) => b.share - a.share)[0];
  return best && best.share >= ABOUT_MOSTLY ? best.answer : null;
}

const ORDINAL_WORDS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const TEENTH_WORDS = ['tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth'];
/** A day of the month as said ("the twenty fourth"). */
const DAY_OF_MONTH = `the ( ${[...ORDINAL_WORDS, ...TEENTH_WORDS, 'twentieth', 'thirtieth'].join(' | ')} | twenty ( ${ORDINAL_WORDS.join(' | ')} ) | thirty first )`;
/** The days a question about hours names: today, tomorrow, a weekday, a day of the month, the business's holidays. */
function daysSaid(hours: OpeningHours): string {
  const holidays = [...new Set(hours.holidays.flatMap((h) => (h.name ? [patternSafe(tokens(h.name).join(' '))] : [])).filter(Boolean))];
  const on = [`[ this | next ] ( ${WEEKDAYS.join(' | ')} )`, DAY_OF_MONTH, ...holidays];
  return `[ today | tonight | tomorrow | now | right now | [ on ] ( ${on.join(' | ')} ) ]`;
}
/** How a visitor asks about one thing an FAQ entry covers, before its words. */
const FAQ_ASKING = '( do you ( have | take | do | offer | accept | sell ) | is there | are there | can i ( get | have ) | do i need )';
/** Ways of asking about hours, prices, the address and parking, as phrase patterns ({s}: the service names). */
const ASKING = {
  hours: [
    '( are you [ guys ] [ still ] open | you guys open | is it open | when do you ( open | close ) | what time do you ( open | close ) | how late are you open | when are you open ) {days}',
    '( what are your [ opening ] hours | what are the hours | what are your opening times )',
    'is the ( office | clinic | shop | salon | studio | gym | store | practice | place ) open {days}',
  ],
  address: [
    "( where are you [ located | based ] | what is your address | what's [ your | the ] address | where is it | how do i ( get there | find you | get to you ) )",
    "( where is | where's ) the ( office | clinic | shop | salon | studio | gym | store | practice | building )",
  ],
  parking: ['( is there [ any ] parking | where ( can | do | should ) i park | do you have parking | can i park here | is [ the ] parking free )'],
  prices: [
    '( what are your prices | how much do you charge | what are your fees )',
    'how much ( is | are | for ) [ a | an | the ] {s}',
    '( how much does | what does ) [ a | an | the ] {s} cost',
    'what do you charge for [ a | an | the ] {s}',
    "( what is | what's ) the price ( of | for ) [ a | an | the ] {s}",
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
  if (hoursSet(profile.openingHours)) out.push(...ASKING.hours.map((p) => p.replace('{days}', daysSaid(profile.openingHours))));
  if (profile.address) out.push(...ASKING.address);
  if (profile.parking) out.push(...ASKING.parking);
  const names = profile.services.flatMap((s) => [s.name, ...s.synonyms].map((n) => patternSafe(tokens(n).join(' ')).replace(/^(?:a|an|the|some)\s+/, '')));
  const said = [...new Set(names.filter(Boolean))];
  if (said.length) out.push(...ASKING.prices.map((p) => p.replace('{s}', `( ${said.join(' | ')} )`)));
  // Staff-written phrasings as written; the matcher finds them by their stems.
  for (const entry of profile.faq) out.push(...entry.phrasings.map((p) => patternSafe(tokens(p).join(' '))).filter(Boolean));
  // And asked in a visitor's words: "do you take walk ins" for an entry about appointments (question-concepts.ts).
  const topics = faqTopicWords(profile).map(patternSafe).filter(Boolean);
  if (topics.length) out.push(`${FAQ_ASKING} [ a | an | any | the ] ( ${topics.join(' | ')} )`);
  return out;
}
