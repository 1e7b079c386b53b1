import { describe, expect, it } from 'vitest';
import { isStaffHash, parseStaffHash, staffHash, type StaffRoute } from './route.js';

describe('the staff screen address', () => {
  it('reads each kind of address and writes it back the same', () => {
    const routes: [string, StaffRoute][] = [
      ['#/staff', { kind: 'home' }],
      ['#/staff/setup', { kind: 'setup' }],
      ['#/staff/hours', { kind: 'tab', id: 'hours' }],
      ['#/staff/contact/c-1%2F2', { kind: 'contact', id: 'c-1/2' }],
    ];
    for (const [hash, route] of routes) {
      expect(parseStaffHash(hash)).toEqual(route);
      expect(staffHash(route)).toBe(hash);
    }
  });

  it('takes a trailing slash as the same address', () => {
    expect(parseStaffHash('#/staff/')).toEqual({ kind: 'home' });
    expect(parseStaffHash('#/staff/leads/')).toEqual({ kind: 'tab', id: 'leads' });
  });

  it('is not the staff screen for the kiosk addresses or a look-alike', () => {
    for (const hash of ['', '#/', '#/visit', '#/diagnostics', '#/staffroom', '#/staff-x']) {
      expect(isStaffHash(hash)).toBe(false);
      expect(parseStaffHash(hash)).toBeNull();
    }
  });

  it('falls back to the first tab on an address it cannot read', () => {
    expect(parseStaffHash('#/staff/contact')).toEqual({ kind: 'tab', id: 'contact' });
    expect(parseStaffHash('#/staff/a/b/c')).toEqual({ kind: 'home' });
    expect(parseStaffHash('#/staff/%E0%A4%A')).toEqual({ kind: 'home' });
    expect(parseStaffHash('#/staff/setup/more')).toEqual({ kind: 'home' });
  });
});
