import { describe, expect, it } from 'vitest';
import { LOCKOUT_MS, MAX_FAILURES, PinAuth } from './pin-auth.js';

function auth(pin = '24680', sessionMs = 30 * 60_000): { a: PinAuth; clock: { t: number } } {
  const clock = { t: 1_700_000_000_000 };
  return { a: new PinAuth(pin, sessionMs, () => clock.t), clock };
}

describe('PinAuth (staff and technician sessions)', () => {
  it('refuses a wrong PIN and anything that is not a string', () => {
    const { a } = auth();
    expect(a.login('13579')).toEqual({ ok: false, reason: 'wrong_pin' });
    expect(a.login(24680)).toEqual({ ok: false, reason: 'wrong_pin' });
    expect(a.login('')).toEqual({ ok: false, reason: 'wrong_pin' });
  });

  it(`locks for a minute after ${MAX_FAILURES} wrong PINs in a row, even against the right PIN`, () => {
    const { a, clock } = auth();
    for (let i = 0; i < MAX_FAILURES; i++) expect(a.login('00000').ok).toBe(false);
    expect(a.login('24680')).toEqual({ ok: false, reason: 'locked', retryAfterS: 60 });
    clock.t += LOCKOUT_MS - 1_000;
    expect(a.login('24680')).toEqual({ ok: false, reason: 'locked', retryAfterS: 1 });
    clock.t += 1_000;
    expect(a.login('24680').ok).toBe(true);
  });

  it('a right PIN resets the count of wrong ones', () => {
    const { a } = auth();
    for (let i = 0; i < MAX_FAILURES - 1; i++) a.login('00000');
    expect(a.login('24680').ok).toBe(true);
    for (let i = 0; i < MAX_FAILURES - 1; i++) expect(a.login('00000')).toEqual({ ok: false, reason: 'wrong_pin' });
  });

  it('issues tokens that expire, checked from a header or bare', () => {
    const { a, clock } = auth('24680', 60_000);
    const r = a.login('24680');
    if (!r.ok) throw new Error('login failed');
    expect(a.check(`Bearer ${r.token}`)).toBe(true);
    expect(a.checkToken(r.token)).toBe(true);
    expect(a.check(r.token)).toBe(false); // no scheme
    expect(a.check(undefined)).toBe(false);
    expect(a.checkToken('forged')).toBe(false);
    clock.t += 60_001;
    expect(a.checkToken(r.token)).toBe(false);
  });

  it("keeps roles apart: one role's token means nothing to another", () => {
    const staff = new PinAuth('1357', 60_000);
    const tech = new PinAuth('8642', 60_000);
    const s = staff.login('1357');
    if (!s.ok) throw new Error('login failed');
    expect(tech.checkToken(s.token)).toBe(false);
    expect(tech.login('1357').ok).toBe(false);
  });
});
