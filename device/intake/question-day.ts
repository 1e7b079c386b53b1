/**
 * The day a question about hours asks about, in the business's own time zone: "today", "tonight", "right now";
 * one of the business's holidays by its name ("are you open on Christmas Eve"); what chrono-node reads ("tomorrow",
 * "this Saturday", "next Monday", "the 24th of December", "the day after tomorrow"); a day of the month alone
 * ("on the 24th": the next one to come). Numbers said as words ("the twenty fourth") are read as digits first.
 */
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { stemmer } from 'stemmer';
import { digitsInText } from '../../models/understanding/number.js';
import type { OpeningHours } from '../hours/schedule.js';

export type DayAsked = { kind: 'today' | 'tomorrow' | 'date'; day: DateTime };

const TODAY = /\b(today|tonight|now|this (?:morning|afternoon|evening)|at the moment|currently|still open)\b/;

/** A day named: a number, a weekday, a month, "tomorrow". */
const NAMES_A_DAY = /\d|day|tomorrow|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|week/;

/** A holiday's name as words to find: "New Year's Eve" -> new, year, eve ("day" and "holiday" may be left out). */
const nameWords = (name: string): string[] =>
  name
    .toLowerCase()
    .replace(/'s\b|'/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !['day', 'holiday', 'the', 'of'].includes(w))
    .map((w) => stemmer(w)); // "new years day" as said without the apostrophe

function holidayNamed(t: string, hours: OpeningHours, today: DateTime): DateTime | null {
  const said = new Set(nameWords(t));
  let best: { date: string; n: number } | null = null;
  for (const h of hours.holidays) {
    if (!h.name || h.date < today.toISODate()!) continue;
    const want = nameWords(h.name);
    if (want.length && want.every((w) => said.has(w)) && (!best || want.length > best.n)) best = { date: h.date, n: want.length };
  }
  return best ? DateTime.fromISO(best.date, { zone: today.zone }) : null;
}

/** "on the 24th": the next 24th to come (today's if today is the 24th). */
function dayOfMonth(t: string, today: DateTime): DateTime | null {
  const m = /\bthe (\d{1,2})(?:st|nd|rd|th)\b/.exec(t);
  if (!m) return null;
  const d = Number(m[1]);
  for (let ahead = 0; ahead < 3; ahead++) {
    const month = today.plus({ months: ahead });
    if (d > month.daysInMonth!) continue;
    const day = month.set({ day: d });
    if (day >= today) return day;
  }
  return null;
}

/** The day asked about, or null when the question names none. `today` is the start of the business's day. */
export function dayAsked(t: string, today: DateTime, hours: OpeningHours): DayAsked | null {
  if (TODAY.test(t)) return { kind: 'today', day: today };
  const holiday = holidayNamed(t, hours, today);
  if (holiday) return { kind: 'date', day: holiday };
  const digits = digitsInText(t);
  // chrono counts in the host's zone: hand it the business's wall clock as a host-local Date.
  const ref = new Date(today.year, today.month - 1, today.day, 12, 0, 0);
  for (const r of chrono.parse(digits, ref, { forwardDate: true })) {
    if (!r.start.isCertain('day') && !r.start.isCertain('weekday')) continue;
    if (!NAMES_A_DAY.test(r.text)) continue; // "what are the hours" is read as a time ("the hours"): no day named
    const day = DateTime.fromObject({ year: r.start.get('year')!, month: r.start.get('month')!, day: r.start.get('day')! }, { zone: today.zone });
    if (!day.isValid) continue;
    const ahead = Math.round(day.diff(today, 'days').days);
    return { kind: ahead === 1 && /\btomorrow\b/.test(t) ? 'tomorrow' : 'date', day };
  }
  const d = dayOfMonth(digits, today);
  return d ? { kind: 'date', day: d } : null;
}
