/**
 * Sessions behind a PIN, one instance per role (staff, technician), each with its own PIN, tokens and lockout.
 * Wrong PINs are throttled (a kiosk is in a public place): after MAX_FAILURES in a row the role is locked for
 * LOCKOUT_MS. Tokens are random, short-lived, and held only in memory. The PIN itself is never logged or returned.
 */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';

export const MAX_FAILURES = 5;
export const LOCKOUT_MS = 60_000;

export type LoginResult = { ok: true; token: string; expiresAt: string } | { ok: false; reason: 'wrong_pin' | 'locked'; retryAfterS?: number };

export class PinAuth {
  private readonly tokens = new Map<string, number>();
  private failures = 0;
  private lockedUntil = 0;

  constructor(
    private readonly pin: string,
    private readonly sessionMs: number,
    /** Clock, injectable for tests (epoch ms). */
    private readonly now: () => number = Date.now,
  ) {}

  login(pin: unknown): LoginResult {
    const now = this.now();
    if (now < this.lockedUntil) return { ok: false, reason: 'locked', retryAfterS: Math.ceil((this.lockedUntil - now) / 1000) };
    // Hash both sides so the comparison is constant-time whatever the lengths.
    const a = createHash('sha256')
      .update(typeof pin === 'string' ? pin : '')
      .digest();
    const b = createHash('sha256').update(this.pin).digest();
    if (!timingSafeEqual(a, b)) {
      this.failures++;
      if (this.failures >= MAX_FAILURES) {
        this.failures = 0;
        this.lockedUntil = now + LOCKOUT_MS;
      }
      return { ok: false, reason: 'wrong_pin' };
    }
    this.failures = 0;
    const token = randomBytes(24).toString('base64url');
    const expires = now + this.sessionMs;
    this.tokens.set(token, expires);
    return { ok: true, token, expiresAt: new Date(expires).toISOString() };
  }

  /** An `Authorization: Bearer <token>` header holding a live session. */
  check(header: string | undefined): boolean {
    return this.checkToken(header?.startsWith('Bearer ') ? header.slice(7) : undefined);
  }

  /** A bare token (e.g. sent in a WebSocket's first message) of a live session. */
  checkToken(token: string | undefined): boolean {
    if (!token) return false;
    const exp = this.tokens.get(token);
    if (!exp) return false;
    if (exp < this.now()) {
      this.tokens.delete(token);
      return false;
    }
    return true;
  }
}
