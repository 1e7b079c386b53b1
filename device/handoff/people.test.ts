import { describe, expect, it } from 'vitest';
import { membersOnShift, memberSchema, onShift, peopleSchema } from './people.js';

const maria = memberSchema.parse({ id: 'maria', name: 'Maria', role: 'sales', shifts: { mon: ['09:00-13:00', '14:00-18:00'], sat: ['10:00-24:00'] } });
const tom = memberSchema.parse({ id: 'tom', name: 'Tom', role: 'manager', shifts: { mon: ['12:00-20:00'] } });

describe('people', () => {
  it('is on shift inside a span, off at the lunch break and after the end (Paris local time)', () => {
    // Monday 2026-03-02, Paris is UTC+1 in winter.
    expect(onShift(maria, new Date('2026-03-02T08:00:00Z'), 'Europe/Paris')).toBe(true); // 09:00 local
    expect(onShift(maria, new Date('2026-03-02T07:59:00Z'), 'Europe/Paris')).toBe(false); // 08:59
    expect(onShift(maria, new Date('2026-03-02T12:30:00Z'), 'Europe/Paris')).toBe(false); // 13:30 break
    expect(onShift(maria, new Date('2026-03-02T17:00:00Z'), 'Europe/Paris')).toBe(false); // 18:00, span end is exclusive
    expect(onShift(maria, new Date('2026-03-07T22:59:00Z'), 'Europe/Paris')).toBe(true); // Saturday 23:59 (24:00 end)
  });

  it('follows local time across the DST change: 09:00 in New York is 14:00 UTC in winter and 13:00 UTC in summer', () => {
    const ny = memberSchema.parse({ id: 'ann', name: 'Ann', role: 'front-desk', shifts: { mon: ['09:00-10:00'] } });
    expect(onShift(ny, new Date('2026-03-02T14:30:00Z'), 'America/New_York')).toBe(true); // before DST (8 March)
    expect(onShift(ny, new Date('2026-03-09T13:30:00Z'), 'America/New_York')).toBe(true); // after
    expect(onShift(ny, new Date('2026-03-09T14:30:00Z'), 'America/New_York')).toBe(false);
  });

  it('lists members on shift in configured order and skips inactive ones', () => {
    const away = { ...tom, id: 'tim', active: false };
    const at = new Date('2026-03-02T11:30:00Z'); // Monday 12:30 Paris
    expect(membersOnShift([maria, tom, away], at, 'Europe/Paris').map((m) => m.id)).toEqual(['maria', 'tom']);
  });

  it('refuses bad members with the path and what to do', () => {
    const r = peopleSchema.safeParse([
      { id: 'Maria!', name: '', role: 'boss', email: 'nope', webhook: 'ftp://x', shifts: { mon: ['18:00-09:00'], funday: [] } },
    ]);
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^0\.id: use lower-case letters/),
        expect.stringMatching(/^0\.name: give the member a name/),
        expect.stringMatching(/^0\.role: role must be one of owner, manager, sales, front-desk/),
        expect.stringMatching(/^0\.email: not an email address/),
        expect.stringMatching(/^0\.webhook: a webhook must be an http/),
        expect.stringMatching(/^0\.shifts\.mon\.0: write a span as "HH:MM-HH:MM"/),
        expect.stringMatching(/^0\.shifts: .*funday/i),
      ]),
    );
  });

  it('refuses two members with one id', () => {
    const r = peopleSchema.safeParse([
      { id: 'tom', name: 'Tom', role: 'manager' },
      { id: 'tom', name: 'Tom 2', role: 'sales' },
    ]);
    expect(r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['1.id: member id "tom" is already used by member 1']);
  });

  it('refuses overlapping spans on one day', () => {
    const r = memberSchema.safeParse({ id: 'x', name: 'X', role: 'sales', shifts: { tue: ['09:00-12:00', '11:00-13:00'] } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['shifts', 'tue']);
    expect(r.error!.issues[0]!.message).toMatch(/overlap/);
  });
});
