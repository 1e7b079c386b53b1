import { describe, expect, it } from 'vitest';
import { buildProfile, promiseIn, type ProfileInput } from './profile.js';

const input: ProfileInput = {
  name: 'Ana Lopez',
  phone: '+14155550123',
  email: 'ana@example.com',
  tagsByCategory: { 'Service interest': ['Hair coloring'], Preference: [] },
  said: { Notes: 'Allergic to ammonia' },
  firstVisitAt: '2026-01-01T09:00:00.000Z',
  lastVisitAt: '2026-01-08T09:00:00.000Z',
  visits: 2,
  channel: 'voice',
  campaign: 'Instagram',
  consent: true,
  promised: 'Someone from our team will be in touch soon.',
  stage: { name: 'Sales qualified', since: '2026-01-02T09:00:00.000Z' },
  outcome: null,
  lastNote: { text: 'Call after 5pm', at: '2026-01-02T09:00:00.000Z', by: { kind: 'staff', id: null, name: 'Maya' } },
  timeZone: 'UTC',
};

describe('profile', () => {
  it('reads who, what, when, how to reach, what was promised, stage and last note', () => {
    expect(buildProfile(input)).toBe(
      [
        'Who: Ana Lopez',
        'Wants: Hair coloring (service interest); Notes: "Allergic to ammonia"',
        'Came: 2 visits, first 1 Jan 2026, last 8 Jan 2026 by voice, heard of us via Instagram',
        'Reach: +14155550123, ana@example.com (consented)',
        'Promised: "Someone from our team will be in touch soon."',
        'Stage: Sales qualified since 2 Jan 2026',
        'Last note: "Call after 5pm" — Maya, 2 Jan 2026',
      ].join('\n'),
    );
  });

  it('says which way to reach them was never confirmed by the visitor', () => {
    const reach = (u: ProfileInput['unconfirmed']) => buildProfile({ ...input, unconfirmed: u }).split('\n')[3];
    expect(reach({ phone: true, email: false })).toBe('Reach: +14155550123 (not confirmed), ana@example.com (consented)');
    expect(reach({ phone: false, email: true })).toBe('Reach: +14155550123, ana@example.com (not confirmed) (consented)');
    expect(reach({ phone: false, email: false })).toBe('Reach: +14155550123, ana@example.com (consented)');
  });

  it('is deterministic and bounded, and says what is not known', () => {
    const bare: ProfileInput = {
      ...input,
      name: '',
      phone: null,
      email: null,
      tagsByCategory: {},
      said: {},
      firstVisitAt: null,
      lastVisitAt: null,
      visits: 0,
      promised: null,
      lastNote: null,
      consent: false,
    };
    expect(buildProfile(bare)).toBe(buildProfile(bare));
    expect(buildProfile(bare)).toContain('Who: Unknown visitor\nWants: not said\nCame: no visit recorded\nReach: no phone or email (no consent to contact)');
    expect(buildProfile({ ...input, name: 'x'.repeat(10_000), said: { a: 'y'.repeat(10_000) } }).length).toBeLessThan(1000);
  });

  it('finds the robot promise in a transcript', () => {
    expect(
      promiseIn([
        { who: 'robot', text: 'Hi' },
        { who: 'robot', text: 'We will call you back today.' },
        { who: 'visitor', text: 'I will wait' },
      ]),
    ).toBe('We will call you back today.');
    expect(promiseIn([{ who: 'visitor', text: 'I will come back' }])).toBeNull();
  });
});
