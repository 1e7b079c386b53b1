import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { businessHoursSchema, dueAt, dueSchema, isOpen, nextOpening } from './business-hours.js';

const weekdays = ['09:00-19:00'];
const salon = businessHoursSchema.parse({
  week: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: ['10:00-16:00'] },
  holidays: ['2026-12-25'],
});
const due15 = dueSchema.parse({ minutes: 15 });

/** A local wall time in a zone, as a Date (for readable tests). */
function local(iso: string, zone: string): Date {
  return DateTime.fromISO(iso, { zone }).toJSDate();
}

describe('business hours', () => {
  it('a task at 18:55 due in 15 minutes with closing at 19:00 is due 10 minutes after the next opening', () => {
    const zone = 'Europe/Paris';
    expect(dueAt(salon, local('2026-03-03T18:55:00', zone), due15, zone)).toEqual(local('2026-03-04T09:10:00', zone));
    // Friday evening -> Saturday opens at 10:00.
    expect(dueAt(salon, local('2026-03-06T18:55:00', zone), due15, zone)).toEqual(local('2026-03-07T10:10:00', zone));
    // Saturday after closing -> Monday (Sunday closed).
    expect(dueAt(salon, local('2026-03-07T17:00:00', zone), due15, zone)).toEqual(local('2026-03-09T09:15:00', zone));
  });

  it('within opening hours a due time is a plain duration; hours count open hours only', () => {
    const zone = 'America/New_York';
    expect(dueAt(salon, local('2026-03-03T10:00:00', zone), due15, zone)).toEqual(local('2026-03-03T10:15:00', zone));
    expect(dueAt(salon, local('2026-03-03T17:00:00', zone), dueSchema.parse({ hours: 4 }), zone)).toEqual(local('2026-03-04T11:00:00', zone));
  });

  it('skips holidays', () => {
    const zone = 'Europe/Paris';
    expect(dueAt(salon, local('2026-12-24T18:55:00', zone), due15, zone)).toEqual(local('2026-12-26T10:10:00', zone));
    expect(isOpen(salon, local('2026-12-25T12:00:00', zone), zone)).toBe(false);
  });

  it('counts real minutes across the spring-forward weekend (Paris, 29 March 2026)', () => {
    const zone = 'Europe/Paris';
    // Saturday 28 March 15:55 CET (UTC+1) + 15 min -> 5 min left, then Monday 30 March 09:10 CEST (UTC+2).
    const due = dueAt(salon, new Date('2026-03-28T14:55:00Z'), due15, zone);
    expect(due.toISOString()).toBe('2026-03-30T07:10:00.000Z');
    // A span that starts inside the gap (02:30 does not exist that night) opens an hour later on the clock, 03:30 CEST.
    const night = businessHoursSchema.parse({ week: { sun: ['02:30-04:00'] } });
    expect(nextOpening(night, new Date('2026-03-28T23:00:00Z'), zone)!.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('counts real minutes across the fall-back weekend (New York, 1 November 2026)', () => {
    const zone = 'America/New_York';
    // Saturday 31 Oct 15:55 EDT (UTC-4) -> Monday 2 Nov 09:10 EST (UTC-5).
    expect(dueAt(salon, new Date('2026-10-31T19:55:00Z'), due15, zone).toISOString()).toBe('2026-11-02T14:10:00.000Z');
    // An overnight service open 00:00-04:00 on Sunday: that day has 5 real hours in it, and all count.
    const night = businessHoursSchema.parse({ week: { sun: ['00:00-04:00'] } });
    const start = new Date('2026-11-01T04:00:00Z'); // 00:00 EDT
    expect(dueAt(night, start, dueSchema.parse({ hours: 5 }), zone).toISOString()).toBe('2026-11-01T09:00:00.000Z'); // 04:00 EST
  });

  it('an empty week is always open; wall-time due ignores hours', () => {
    const always = businessHoursSchema.parse({});
    const at = new Date('2026-03-08T03:00:00Z');
    expect(isOpen(always, at, 'UTC')).toBe(true);
    expect(dueAt(always, at, due15, 'UTC').toISOString()).toBe('2026-03-08T03:15:00.000Z');
    expect(dueAt(salon, at, { ...due15, businessHours: false }, 'UTC').toISOString()).toBe('2026-03-08T03:15:00.000Z');
  });

  it('refuses bad hours and due times', () => {
    const r = businessHoursSchema.safeParse({ week: { mon: ['9-17'] }, holidays: ['25/12/2026'] });
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['week.mon.0', 'holidays.0.date']);
    expect(r.error!.issues[1]!.message).toMatch(/YYYY-MM-DD/);
    const d = dueSchema.safeParse({ minutes: 0 });
    expect(d.error!.issues[0]!.message).toMatch(/give a due time/);
    expect(dueSchema.safeParse({ minutes: -5 }).success).toBe(false);
  });
});
