import { describe, expect, it } from 'vitest';
import { dataPath, dayWords, holidayWords, hoursPlace, isSet, meaningWords } from './hours-words.js';

const week = { mon: ['09:00-12:30', '14:00-24:00'], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

describe('opening hours in staff’s words', () => {
  it('says a day’s hours, a closed day, midnight and a holiday', () => {
    expect(dayWords(week.mon)).toBe('9:00 to 12:30 and 14:00 to midnight');
    expect(dayWords([])).toBe('Closed');
    expect(holidayWords({ date: '2026-12-24', name: 'Christmas Eve', hours: ['09:00-13:00'] })).toMatch(
      /^Thursday, December 24, 2026 \(Christmas Eve\): open 9:00 to 13:00$/,
    );
    expect(holidayWords({ date: '2026-12-25', hours: [] })).toMatch(/: closed all day$/);
  });

  it('names where a refused save’s problem is, as the runtime sends it or as the screen marks it', () => {
    expect(hoursPlace('week.tue[1]')).toBe('Tuesday, hours 2');
    expect(hoursPlace('week.sun')).toBe('Sunday');
    expect(hoursPlace('holidays[0].date')).toBe('Holidays and closed days, line 1');
    expect(hoursPlace('timezone')).toBe('Time zone');
    expect(hoursPlace('')).toBe('Opening hours');
    expect(dataPath('week.tue[1]')).toBe('week.tue.1');
  });

  it('tells set from unset, and what each means for the robot and for tasks', () => {
    expect(isSet({ week, holidays: [] })).toBe(true);
    expect(isSet({ week: { ...week, mon: [] }, holidays: [{ date: '2026-12-25', hours: [] }] })).toBe(false);
    expect(meaningWords(false)).toMatch(/^Not set: the robot does not talk about opening hours, and follow-up tasks count every hour/);
    expect(meaningWords(true)).toMatch(/^The robot tells visitors these hours/);
  });
});
