/**
 * The staff routes of the one opening-hours schedule (device/http/routes/hours.ts). Types only.
 *
 *   GET /api/staff/hours            -> OpeningHoursReply (any staff member)
 *   PUT /api/staff/hours {hours}    -> OpeningHoursReply | 422 SettingsRefusal (paths like "week.mon[0]", "holidays[1].date")
 *                                      | 403 not_allowed (only an owner or a manager changes the hours)
 */
import type { LastSaved } from './contract.js';

export type WeekdayKey = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** The one schedule: spans per weekday ("09:00-12:30"; none: closed), holidays and closures, its time zone. */
export interface OpeningHoursView {
  timezone?: string;
  week: Record<WeekdayKey, string[]>;
  /** A day that differs from the week: closed (no hours) or open other hours. */
  holidays: { date: string; name?: string; hours: string[] }[];
  /** How the schedule was made from older settings, in plain words; gone once staff save the hours. */
  merged?: { from: 'business' | 'tasks' | 'both'; note: string };
}

export interface OpeningHoursReply {
  hours: OpeningHoursView;
  /** Whether any day has hours: unset, the robot does not talk about hours and tasks count every hour. */
  set: boolean;
  /** The time zone in force (the schedule's, else the robot's). */
  zone: string;
  /** Whether the session's member may change the hours (owners and managers). */
  mayChange: boolean;
  lastSaved: LastSaved | null;
}

/** What the screen sends: the whole schedule (without `merged`, which only the device writes). */
export interface OpeningHoursSave {
  hours: Omit<OpeningHoursView, 'merged'>;
}
