/**
 * Dates and times said aloud or typed: "next Tuesday", "the fifth of January at three", "tomorrow at half past two",
 * "2027-01-05". Read with chrono-node relative to `now` in the device's time zone (IANA), never the host's.
 *
 * Unsure is null, never a guess: a day that does not exist ("the thirty first of February"), a month without a day,
 * or numbers left over that the reader did not use.
 */
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { digitsInText } from './number.js';

export interface DateReading {
  /** 'YYYY-MM-DD', or with a time 'YYYY-MM-DDTHH:mm' (device-local wall clock, as a visitor means it). */
  value: string;
  hasTime: boolean;
}

export interface DateOptions {
  now: Date;
  /** IANA zone of the device, e.g. 'Europe/Paris'. */
  timezone: string;
  /** Whether a time of day is wanted too. */
  time: boolean;
}

/** Spoken clock phrases chrono does not read, as digits: "half past two" -> "2:30". */
function clockPhrases(text: string): string {
  return text
    .replace(/\bhalf past (\d{1,2})\b/g, '$1:30')
    .replace(/\bquarter past (\d{1,2})\b/g, '$1:15')
    .replace(/\bquarter to (\d{1,2})\b/g, (_m, h: string) => `${(Number(h) + 11) % 12 || 12}:45`)
    .replace(/\b(\d{1,2}) (\d{2})\b(?!\d)/g, (m, h: string, mm: string) => (Number(mm) < 60 && Number(h) <= 12 && !/^0/.test(h) ? `${h}:${mm}` : m))
    .replace(/\bo'?clock\b/g, '')
    .replace(/\bnoon\b/g, '12:00 pm')
    .replace(/\bmidnight\b/g, '12:00 am');
}

const UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const CENTURY: Readonly<Record<string, number>> = { eighteen: 18, nineteen: 19, twenty: 20 };
const YEAR_SAID = new RegExp(
  `\\b(eighteen|nineteen|twenty)[\\s-]+(?:(hundred)|oh[\\s-]+(${UNITS.join('|')})|(${TEENS.join('|')})|(${TENS.join('|')})(?:[\\s-]+(${UNITS.join('|')}))?)\\b(?![\\s-]*(?:a\\.?\\s?m\\b|p\\.?\\s?m\\b|o'?clock|in the (?:morning|afternoon|evening)))`,
  'gi',
);

/**
 * Years said in pairs, as people say them, as digits: "nineteen eighty five" -> 1985, "twenty twenty six" -> 2026,
 * "nineteen oh five" -> 1905, "nineteen hundred" -> 1900. Read as plain numbers, "nineteen eighty" is 99 (a birth
 * date of March 3 1999 for 1980) and "twenty one fifty" 21 and 50. Only the centuries a visitor's dates are in
 * start a pair, and never before "am", "pm", "o'clock" or "in the morning", so a time ("at eleven thirty", "on the
 * twentieth, twenty ten in the morning") stays a time.
 */
function spokenYears(text: string): string {
  return text.replace(YEAR_SAID, (_m, century: string, hundred?: string, oh?: string, teen?: string, tens?: string, unit?: string) => {
    const c = CENTURY[century.toLowerCase()]! * 100;
    if (hundred) return String(c);
    if (oh) return String(c + UNITS.indexOf(oh.toLowerCase()) + 1);
    if (teen) return String(c + 10 + TEENS.indexOf(teen.toLowerCase()));
    return String(c + 20 + 10 * TENS.indexOf(tens!.toLowerCase()) + (unit ? UNITS.indexOf(unit.toLowerCase()) + 1 : 0));
  });
}

/** Reads the date (and time) said; null when nothing, or nothing sure, was said. */
export function spokenDate(text: string, opts: DateOptions): DateReading | null {
  const typed = text.trim().match(/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/);
  if (typed) return typedDate(typed, opts.timezone);
  const said = clockPhrases(digitsInText(spokenYears(text)));
  // chrono computes in the host's zone: hand it the device's wall clock as a host-local Date.
  const wall = DateTime.fromJSDate(opts.now, { zone: opts.timezone });
  if (!wall.isValid) return null;
  const ref = new Date(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const results = chrono.parse(said, ref, { forwardDate: true });
  if (results.length !== 1) return null;
  const r = results[0]!;
  const s = r.start;
  if (!s.isCertain('day') && !s.isCertain('weekday')) return null; // "in January": which day?
  // A year said as two digits ("march third eighty", or pairs read as a sum): chrono guesses the century; unsure.
  const year = s.get('year')!;
  if (s.isCertain('year') && !new RegExp(`\\b${year}\\b`).test(r.text) && new RegExp(`\\b0?${year % 100}\\b`).test(r.text)) return null;
  // Numbers the reader left out ("the 31st of february" read as "february") make it unsure.
  const rest = `${said.slice(0, r.index)} ${said.slice(r.index + r.text.length)}`;
  if (/\d/.test(rest)) return null;
  const day = DateTime.fromObject({ year, month: s.get('month')!, day: s.get('day')! }, { zone: opts.timezone });
  if (!day.isValid) return null;
  if (!opts.time || !s.isCertain('hour')) return { value: day.toISODate()!, hasTime: false };
  let hour = s.get('hour')!;
  // "at three" without am/pm: business hours, so 1-7 are afternoon.
  if (!s.isCertain('meridiem') && hour >= 1 && hour <= 7) hour += 12;
  const at = day.set({ hour, minute: s.get('minute') ?? 0 });
  return { value: at.toFormat("yyyy-LL-dd'T'HH:mm"), hasTime: true };
}

function typedDate(m: RegExpMatchArray, timezone: string): DateReading | null {
  const [, y, mo, d, hh, mm] = m;
  const dt = DateTime.fromObject({ year: Number(y), month: Number(mo), day: Number(d), hour: Number(hh ?? 0), minute: Number(mm ?? 0) }, { zone: timezone });
  if (!dt.isValid || dt.day !== Number(d)) return null;
  return hh === undefined ? { value: dt.toISODate()!, hasTime: false } : { value: dt.toFormat("yyyy-LL-dd'T'HH:mm"), hasTime: true };
}

/** How the robot reads a date back: "Tuesday the 15th of December at 3:00 PM". */
export function spokenDateValue(value: string): string {
  const dt = DateTime.fromISO(value);
  if (!dt.isValid) return value;
  const day = dt.toFormat('cccc, LLLL d');
  return value.includes('T') ? `${day}, at ${dt.toFormat(dt.minute ? 'h:mm a' : 'h a')}` : day;
}
