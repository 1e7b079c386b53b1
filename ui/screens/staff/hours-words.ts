/**
 * The one opening-hours schedule in staff's words: a day's hours ("9:00 to 12:30 and 14:00 to 19:00", "Closed"),
 * the week and its holidays as lines, where a refused save's problem is ("Tuesday, hours 2"), and what "set" and
 * "unset" mean for the robot and for follow-up tasks. Shared by the Opening hours and Business tabs.
 */
import type { OpeningHoursView, WeekdayKey } from '../../../device/http/contract-hours.js';

export const WEEK: readonly [WeekdayKey, string][] = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
];
const DAY: Record<string, string> = Object.fromEntries(WEEK);

/** "09:00-12:30" -> "9:00 to 12:30"; "24:00" is midnight. */
export function spanWords(span: string): string {
  const [from = '', to = ''] = span.split('-');
  const t = (x: string) => (x === '24:00' ? 'midnight' : x.replace(/^0(\d)/, '$1'));
  return `${t(from)} to ${t(to)}`;
}

export function dayWords(spans: readonly string[]): string {
  return spans.length ? spans.map(spanWords).join(' and ') : 'Closed';
}

/** A local date "2026-12-25" as people read it ("Friday, December 25, 2026"). */
export function dateWords(iso: string): string {
  const d = new Date(`${iso}T12:00:00`);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

export function holidayWords(h: OpeningHoursView['holidays'][number]): string {
  return `${dateWords(h.date)}${h.name ? ` (${h.name})` : ''}: ${h.hours.length ? `open ${dayWords(h.hours)}` : 'closed all day'}`;
}

/** Whether any weekday has hours (the runtime's rule: unset, the robot does not talk about hours). */
export function isSet(hours: OpeningHoursView): boolean {
  return WEEK.some(([d]) => hours.week[d].length > 0);
}

/** What the schedule does now, in one or two sentences. */
export function meaningWords(set: boolean): string {
  return set
    ? 'The robot tells visitors these hours when they ask, and follow-up tasks count only these hours (a task due while closed falls due after the next opening).'
    : 'Not set: the robot does not talk about opening hours, and follow-up tasks count every hour of the day and night (a task due in 15 minutes is due 15 minutes later, even at night).';
}

/**
 * Where a refused save's problem is, from its path ("week.tue[1]", "week.tue.1", "holidays[0].date", "timezone"):
 * "Tuesday, hours 2", "Holidays and closed days, line 1", "Time zone".
 */
export function hoursPlace(path: string): string {
  const p = path.replace(/\[(\d+)\]/g, '.$1');
  const day = /^week\.(\w+)(?:\.(\d+))?/.exec(p);
  if (day) return `${DAY[day[1]!] ?? day[1]}${day[2] !== undefined ? `, hours ${Number(day[2]) + 1}` : ''}`;
  const line = /^holidays(?:\.(\d+))?/.exec(p);
  if (line) return line[1] !== undefined ? `Holidays and closed days, line ${Number(line[1]) + 1}` : 'Holidays and closed days';
  if (p.startsWith('timezone')) return 'Time zone';
  return p || 'Opening hours';
}

/** A path the runtime sent ("week.mon[0]") as the screen's data-path ("week.mon.0"). */
export function dataPath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1');
}
