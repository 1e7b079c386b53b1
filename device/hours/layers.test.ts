/**
 * The one schedule where config comes in layers: the staff's saves over the file (a profile saved before the
 * schedule, and the schedule saved on the Opening hours screen), cloud pushes in the older shapes and the new, and
 * task hours staff saved with the handoff settings before the schedule.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config/load.js';
import { mergeRemoteConfig, remoteConfigValidator } from '../config/remote.js';
import { applyStaffSave, keepOldProfileHours, withStaffSettings } from '../intake/staff-settings.js';
import { withSavedTaskHours } from './layers.js';
import { openingHoursSchema } from './schedule.js';

const fileWithTaskHours = parseConfig({ handoff: { businessHours: { timezone: 'Europe/Paris', week: { mon: ['09:00-19:00'] }, holidays: ['2027-01-01'] } } });
const fileWithNewHours = parseConfig({ business: { openingHours: { week: { mon: ['08:00-17:00'], sun: [] } } } });

describe('staff saves over the file', () => {
  it('a profile staff saved before the schedule (hours in the older shape) wins over the file’s task hours, merged and said so', () => {
    const c = withStaffSettings(fileWithTaskHours, {
      business: { address: '1 Elm Street', hours: { monday: { open: '10:00', close: '18:00' } }, holidays: [{ date: '2026-12-25', name: 'Christmas' }] },
    });
    expect(c.business.address).toBe('1 Elm Street');
    expect(c.business.openingHours).toMatchObject({
      timezone: 'Europe/Paris',
      week: { mon: ['10:00-18:00'] },
      holidays: [{ date: '2026-12-25', name: 'Christmas', hours: [] }, { date: '2027-01-01' }],
      merged: { from: 'both' },
    });
    expect(c.business.openingHours.merged!.note).toMatch(/Monday: 10:00-18:00 kept, the task hours said 09:00-19:00/);
  });

  it('a profile saved without hours (the address alone) leaves the schedule as it was', () => {
    const c = withStaffSettings(fileWithNewHours, { business: { address: '1 Elm Street', hours: {}, holidays: [] } });
    expect(c.business.openingHours).toEqual(fileWithNewHours.business.openingHours);
  });

  it('the schedule saved on the Opening hours screen replaces what is under it, note and all', () => {
    const c = withStaffSettings(fileWithTaskHours, { hours: { week: { tue: ['09:00-12:00'] } } });
    expect(c.business.openingHours).toEqual({
      week: { mon: [], tue: ['09:00-12:00'], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: [],
    });
  });

  it('saving the profile (the address alone) over one saved before the schedule keeps the hours it held', () => {
    const old = { business: { hours: { monday: { open: '10:00', close: '18:00' } } } };
    const before = withStaffSettings(fileWithTaskHours, old);
    const by = { id: 'olga', name: 'Olga' };
    const patch = keepOldProfileHours(old, { business: { address: '2 Oak Road' } }, before.business.openingHours);
    const after = withStaffSettings(fileWithTaskHours, applyStaffSave(old, patch, by, '2026-12-07T10:00:00Z'));
    expect(after.business.address).toBe('2 Oak Road');
    expect(after.business.openingHours).toEqual(before.business.openingHours);
    // Without it, the profile saved anew has no hours and the file's task hours would come back.
    const dropped = withStaffSettings(fileWithTaskHours, applyStaffSave(old, { business: { address: '2 Oak Road' } }, by, '2026-12-07T10:00:00Z'));
    expect(dropped.business.openingHours.week.mon).toEqual(['09:00-19:00']);
    // Nothing to keep once the hours are staff's own.
    const own = { ...old, hours: { week: { mon: ['08:00-12:00'] } } };
    expect(keepOldProfileHours(own, { business: { address: '2 Oak Road' } }, before.business.openingHours)).toEqual({ business: { address: '2 Oak Road' } });
  });

  it('a bad older profile saved is refused naming its place', () => {
    expect(() => withStaffSettings(fileWithNewHours, { business: { hours: { monday: { open: '18:00', close: '09:00' } } } })).toThrow(
      /business\.hours\.monday: the opening time must be before the closing time/,
    );
  });
});

describe('cloud pushes', () => {
  it('a push in the new shape replaces the schedule (and ends the note)', () => {
    const c = mergeRemoteConfig(fileWithTaskHours, { business: { openingHours: { week: { sat: ['10:00-16:00'] }, holidays: ['2026-12-25'] } } });
    expect(c.business.openingHours).toEqual({
      week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: ['10:00-16:00'], sun: [] },
      holidays: [{ date: '2026-12-25', hours: [] }],
    });
  });

  it('an old console’s push of the business profile’s hours: read into the schedule, its week winning over the task hours under it', () => {
    const c = mergeRemoteConfig(fileWithTaskHours, { business: { greeting: 'Hello!', hours: { sunday: null, saturday: { open: '10:00', close: '14:00' } } } });
    expect(c.business.greeting).toBe('Hello!');
    expect(c.business.openingHours).toMatchObject({
      timezone: 'Europe/Paris',
      week: { mon: [], sat: ['10:00-14:00'], sun: [] },
      holidays: [{ date: '2027-01-01' }],
      merged: { from: 'both' },
    });
    // Over a schedule in the new shape it simply replaces the week.
    const d = mergeRemoteConfig(fileWithNewHours, { business: { hours: { saturday: { open: '10:00', close: '14:00' } } } });
    expect(d.business.openingHours).toMatchObject({ week: { mon: [], sat: ['10:00-14:00'] }, merged: { from: 'business' } });
  });

  it('an old console’s push of the handoff’s hours (with other handoff settings): the task hours become the schedule', () => {
    const c = mergeRemoteConfig(fileWithNewHours, { handoff: { businessHours: { week: { fri: ['12:00-20:00'] } }, escalation: { ackMinutes: 5 } } });
    expect(c.business.openingHours).toMatchObject({ week: { mon: [], fri: ['12:00-20:00'] }, merged: { from: 'tasks' } });
    expect(c.handoff.escalation.ackMinutes).toBe(5);
    expect(c.handoff).not.toHaveProperty('businessHours');
  });

  it('an old push with both places disagreeing: the business week wins, as in a file', () => {
    const c = mergeRemoteConfig(fileWithNewHours, {
      business: { hours: { monday: { open: '09:00', close: '17:00' } } },
      handoff: { businessHours: { week: { mon: ['09:00-20:00'] }, holidays: ['2026-12-31'] } },
    });
    expect(c.business.openingHours).toMatchObject({ week: { mon: ['09:00-17:00'] }, holidays: [{ date: '2026-12-31' }], merged: { from: 'both' } });
  });

  it('bad pushes are refused as a whole, naming the place', () => {
    const check = remoteConfigValidator(() => fileWithNewHours);
    const old = check({ handoff: { businessHours: { week: { mon: ['9 to 5'] } } } });
    expect(old.ok ? '' : old.reason).toMatch(/^handoff\.businessHours\.week\.mon\[0\]: write a span as "HH:MM-HH:MM"/);
    const both = check({ business: { openingHours: { week: { mon: ['09:00-17:00'] } }, hours: { monday: { open: '09:00', close: '17:00' } } } });
    expect(both.ok ? '' : both.reason).toMatch(/^business\.openingHours: this push also has the opening hours in their older shape \(business\.hours\)/);
    const bad = check({ business: { openingHours: { holidays: [{ date: 'Christmas' }] } } });
    expect(bad.ok ? '' : bad.reason).toMatch(/^business\.openingHours\.holidays\[0\]\.date: write the date as YYYY-MM-DD/);
    expect(() => mergeRemoteConfig(fileWithNewHours, { business: { openingHours: { week: { mon: ['09:00'] } } } })).toThrow(ConfigError);
  });
});

describe('task hours staff saved with the handoff settings before the schedule', () => {
  const saved = openingHoursSchema.parse({ week: { mon: ['07:00-15:00'] }, holidays: ['2026-12-24'] });

  it('become the schedule when there was none, or when it came from the file’s task hours (they are newer)', () => {
    const none = parseConfig({}).business.openingHours;
    expect(withSavedTaskHours(none, saved)).toMatchObject({ week: { mon: ['07:00-15:00'] }, merged: { from: 'tasks' } });
    expect(withSavedTaskHours(fileWithTaskHours.business.openingHours, saved)).toMatchObject({ week: { mon: ['07:00-15:00'] }, merged: { from: 'tasks' } });
  });

  it('lose to the business profile’s week (closed days merged), and to a schedule in the new shape', () => {
    const fromProfile = parseConfig({ business: { hours: { monday: { open: '09:00', close: '17:00' } } } }).business.openingHours;
    const merged = withSavedTaskHours(fromProfile, saved);
    expect(merged).toMatchObject({ week: { mon: ['09:00-17:00'] }, holidays: [{ date: '2026-12-24' }], merged: { from: 'both' } });
    expect(merged.merged!.note).toMatch(/Monday: 09:00-17:00 kept, the task hours said 07:00-15:00/);
    expect(withSavedTaskHours(fileWithNewHours.business.openingHours, saved)).toBe(fileWithNewHours.business.openingHours);
  });

  it('change nothing when they say nothing', () => {
    const s = fileWithNewHours.business.openingHours;
    expect(withSavedTaskHours(s, openingHoursSchema.parse({}))).toBe(s);
    expect(withSavedTaskHours(s, null)).toBe(s);
  });
});
