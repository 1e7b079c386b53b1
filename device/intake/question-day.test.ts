import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { openingHoursSchema } from '../hours/schedule.js';
import { dayAsked } from './question-day.js';

const hours = openingHoursSchema.parse({
  week: { mon: ['09:00-17:00'] },
  holidays: [
    { date: '2026-12-24', name: 'Christmas Eve', hours: ['09:00-12:00'] },
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2026-12-31', name: "New Year's Eve" },
    { date: '2027-01-01', name: "New Year's Day" },
  ],
});
// Monday 7 December 2026 in Auckland (still Sunday the 6th in UTC): the business's day, never the host's.
const today = DateTime.fromISO('2026-12-07T09:00', { zone: 'Pacific/Auckland' }).startOf('day');
const asked = (t: string) => {
  const a = dayAsked(t, today, hours);
  return a && { kind: a.kind, date: a.day.toISODate() };
};

describe('the day a question about hours asks about', () => {
  it.each([
    ['are you open today', 'today', '2026-12-07'],
    ['are you still open', 'today', '2026-12-07'],
    ['you guys open tomorrow', 'tomorrow', '2026-12-08'],
    ['are you open on sunday', 'date', '2026-12-13'],
    ['what time do you open next monday', 'date', '2026-12-14'],
    ['when do you open on the 24th', 'date', '2026-12-24'],
    ['when do you open on the twenty fourth', 'date', '2026-12-24'],
    ['are you open on the 3rd', 'date', '2027-01-03'],
    ['are you open on the 7th', 'date', '2026-12-07'],
    ['are you open on christmas', 'date', '2026-12-25'],
    ['are you open on christmas eve', 'date', '2026-12-24'],
    ["are you open on new year's eve", 'date', '2026-12-31'],
    ['open on new years day', 'date', '2027-01-01'],
    ['are you open on the 26th of december', 'date', '2026-12-26'],
  ])('%s', (t, kind, date) => expect(asked(t)).toEqual({ kind, date }));

  it.each(['what are the hours', 'what are your opening hours', 'are you open'])('names no day: %s', (t) => expect(asked(t)).toBeNull());

  it('passes over a holiday gone by', () => {
    const later = DateTime.fromISO('2026-12-28', { zone: 'Pacific/Auckland' });
    expect(dayAsked('are you open on christmas', later, hours)).toBeNull();
  });
});
