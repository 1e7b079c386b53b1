/**
 * The one opening-hours schedule in the config: files written before it (hours in the business profile, in the
 * handoff section, in both, agreeing or not) load into it; bad input is refused naming the place; the result reads
 * back the same (a parsed config parsed again is unchanged).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config/load.js';
import { hoursSet } from './schedule.js';

const TASK_HOURS = {
  timezone: 'Europe/Paris',
  week: { mon: ['09:00-12:30', '14:00-19:00'], tue: ['09:00-19:00'], sat: ['10:00-16:00'] },
  holidays: ['2026-12-25', '2027-01-01'],
};
const PROFILE_HOURS = {
  hours: { monday: { open: '09:00', close: '19:00' }, tuesday: { open: '09:00', close: '19:00' }, saturday: { open: '10:00', close: '16:00' }, sunday: null },
  holidays: [{ date: '2026-12-25', name: 'Christmas' }],
};

function problems(raw: unknown): { path: string; reason: string }[] {
  try {
    parseConfig(raw);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the config to be refused');
}

describe('an older config file loads into the one schedule', () => {
  it('only the handoff hours: the week with its break, the closed days and the time zone; the robot now tells them', () => {
    const c = parseConfig({ handoff: { businessHours: TASK_HOURS } });
    expect(c.business.openingHours).toMatchObject({
      timezone: 'Europe/Paris',
      week: { mon: ['09:00-12:30', '14:00-19:00'], tue: ['09:00-19:00'], wed: [], sat: ['10:00-16:00'], sun: [] },
      holidays: [
        { date: '2026-12-25', hours: [] },
        { date: '2027-01-01', hours: [] },
      ],
      merged: { from: 'tasks' },
    });
    expect(c.business.openingHours.merged!.note).toMatch(/robot now tells visitors these hours too/);
    expect(c.handoff).not.toHaveProperty('businessHours');
  });

  it('only the business hours: each day one span, a null day closed, a named holiday; tasks now count them', () => {
    const c = parseConfig({ business: PROFILE_HOURS });
    expect(c.business.openingHours).toMatchObject({
      week: { mon: ['09:00-19:00'], tue: ['09:00-19:00'], wed: [], sat: ['10:00-16:00'], sun: [] },
      holidays: [{ date: '2026-12-25', name: 'Christmas', hours: [] }],
      merged: { from: 'business' },
    });
    expect(c.business.openingHours.timezone).toBeUndefined();
    expect(c.business.openingHours.merged!.note).toMatch(/Follow-up tasks now count these hours too/);
    expect(c.business).not.toHaveProperty('hours');
    expect(c.business).not.toHaveProperty('holidays');
  });

  it('both, agreeing: one schedule, said so', () => {
    const tasks = { week: { mon: ['09:00-19:00'], tue: ['09:00-19:00'], sat: ['10:00-16:00'] }, holidays: ['2026-12-25'] };
    const c = parseConfig({ business: PROFILE_HOURS, handoff: { businessHours: tasks } });
    expect(c.business.openingHours.week).toMatchObject({ mon: ['09:00-19:00'], sat: ['10:00-16:00'] });
    expect(c.business.openingHours.holidays).toEqual([{ date: '2026-12-25', name: 'Christmas', hours: [] }]);
    expect(c.business.openingHours.merged).toEqual({
      from: 'both',
      note: 'The hours on the Business tab and the task hours were the same; they are now one schedule.',
    });
  });

  it('both, disagreeing: the business profile’s week wins, the closed days of both stay, the time zone is the handoff’s; the note names each day', () => {
    const c = parseConfig({ business: PROFILE_HOURS, handoff: { businessHours: TASK_HOURS } });
    const s = c.business.openingHours;
    expect(s.week).toMatchObject({ mon: ['09:00-19:00'], tue: ['09:00-19:00'], sat: ['10:00-16:00'], sun: [] });
    expect(s.timezone).toBe('Europe/Paris');
    expect(s.holidays).toEqual([
      { date: '2026-12-25', name: 'Christmas', hours: [] },
      { date: '2027-01-01', hours: [] },
    ]);
    expect(s.merged!.from).toBe('both');
    expect(s.merged!.note).toBe(
      "The hours on the Business tab and the task hours were different. The Business tab's hours were kept (they are what visitors were told): " +
        'Monday: 09:00-19:00 kept, the task hours said 09:00-12:30, 14:00-19:00. The closed days of both were kept.',
    );
    // The same whichever order the sections come in the file.
    expect(parseConfig({ handoff: { businessHours: TASK_HOURS }, business: PROFILE_HOURS }).business.openingHours).toEqual(s);
  });

  it('neither: unset (the robot does not talk about hours; tasks count every hour), and empty old sections say nothing', () => {
    for (const raw of [{}, { business: { hours: {}, holidays: [] }, handoff: { businessHours: {} } }]) {
      const s = parseConfig(raw).business.openingHours;
      expect(hoursSet(s)).toBe(false);
      expect(s).toEqual({ week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: [] });
    }
  });

  it('a parsed config parsed again is the same (the note stays until staff save the hours)', () => {
    for (const raw of [{ business: PROFILE_HOURS, handoff: { businessHours: TASK_HOURS } }, { handoff: { businessHours: TASK_HOURS } }, {}]) {
      const c = parseConfig(raw);
      expect(parseConfig(structuredClone(c))).toEqual(c);
    }
  });

  it('the new shape as written: holidays as bare dates or with a name and their own hours', () => {
    const c = parseConfig({
      business: {
        openingHours: {
          week: { mon: ['09:00-18:00'], sun: [] },
          holidays: ['2026-12-25', { date: '2026-12-24', name: 'Christmas Eve', hours: ['09:00-13:00'] }],
        },
      },
    });
    expect(c.business.openingHours.holidays).toEqual([
      { date: '2026-12-25', hours: [] },
      { date: '2026-12-24', name: 'Christmas Eve', hours: ['09:00-13:00'] },
    ]);
    expect(c.business.openingHours.merged).toBeUndefined();
  });
});

describe('bad opening hours are refused, naming the place and what to do', () => {
  it('in the business profile’s older shape', () => {
    expect(problems({ business: { hours: { monday: { open: '19:00', close: '09:00' } } } })).toEqual([
      { path: 'business.hours.monday', reason: 'the opening time must be before the closing time' },
    ]);
    expect(problems({ business: { hours: { funday: { open: '09:00', close: '17:00' } } } })[0]!.path).toMatch(/^business\.hours/);
    // What the older shape let through and the one schedule cannot hold: an impossible date, a day listed twice.
    expect(
      problems({
        business: {
          holidays: [
            { date: '2026-02-30', name: 'Leap' },
            { date: '2026-12-25', name: 'Christmas' },
            { date: '2026-12-25', name: 'Noel' },
          ],
        },
      }),
    ).toEqual([
      { path: 'business.holidays[0].date', reason: 'use a date like 2026-12-25' },
      { path: 'business.holidays[2].date', reason: '2026-12-25 is listed twice: keep one' },
    ]);
  });

  it('in the handoff’s older shape', () => {
    const p = problems({ handoff: { businessHours: { week: { mon: ['9-17'] }, holidays: ['25/12/2026'], timezone: 'Mars/Olympus' } } });
    expect(p.map((x) => x.path)).toEqual(['handoff.businessHours.timezone', 'handoff.businessHours.week.mon[0]', 'handoff.businessHours.holidays[0].date']);
    expect(p[0]!.reason).toMatch(/not a time zone: use a name such as Europe\/Paris/);
    expect(p[1]!.reason).toMatch(/write a span as "HH:MM-HH:MM"/);
    expect(p[2]!.reason).toMatch(/YYYY-MM-DD, e.g. 2026-12-25/);
  });

  it('in the one schedule', () => {
    const p = problems({
      business: {
        openingHours: {
          week: { mon: ['09:00-13:00', '12:00-18:00'], tue: ['18:00-09:00'] },
          holidays: [{ date: '2026-02-30' }, { date: '2026-12-25' }, { date: '2026-12-25', hours: ['10:00-14:00'] }],
        },
      },
    });
    expect(p).toEqual([
      { path: 'business.openingHours.week.mon', reason: 'spans of one day overlap: merge them into one' },
      { path: 'business.openingHours.week.tue[0]', reason: expect.stringMatching(/ending after it starts/) },
      { path: 'business.openingHours.holidays[0].date', reason: 'write the date as YYYY-MM-DD, e.g. 2026-12-25' },
      { path: 'business.openingHours.holidays[2].date', reason: '2026-12-25 is listed twice: keep one' },
    ]);
    expect(problems({ business: { openingHours: { week: { monday: ['09:00-17:00'] } } } })[0]).toMatchObject({
      path: 'business.openingHours.week',
      reason: expect.stringMatching(/monday/),
    });
  });

  it('both shapes in one file: which would win is not clear, so it is refused naming both', () => {
    expect(problems({ business: { openingHours: { week: { mon: ['09:00-17:00'] } }, hours: { monday: { open: '09:00', close: '17:00' } } } })).toEqual([
      { path: 'business.hours', reason: expect.stringMatching(/one schedule, openingHours; this has both/) },
    ]);
    expect(
      problems({ business: { openingHours: { week: { mon: ['09:00-17:00'] } } }, handoff: { businessHours: { week: { mon: ['09:00-18:00'] } } } }),
    ).toEqual([{ path: 'handoff.businessHours', reason: expect.stringMatching(/one schedule, business.openingHours; this has both/) }]);
  });
});
