/**
 * Sessions behind a PIN, one instance per role (staff, technician), each with its own PIN, sessions and lockout.
 *
 * - No default PIN: until one is chosen (first start on the kiosk, or the config), logins answer `not_set`.
 * - The PIN is stored as an scrypt hash (pin-hash.ts); the PIN itself is never logged, stored or returned.
 * - Wrong PINs are counted per client address and role, in the database (a restart forgets nothing). After n wrong
 *   PINs in a row the next try waits delayMs(n): 1 s, 2 s, 4 s, ... capped at MAX_DELAY_MS. A try made while waiting
 *   is refused unchecked. The cap means nobody, the owner at the kiosk included, is locked out for good; a right PIN
 *   resets the count. A try is counted as wrong before the hash is checked, so parallel guesses all meet the delay.
 * - Sessions end on logout or after `idleMs` without use.
 */
import { randomBytes } from 'node:crypto';
import { pinProblem, type PinRole } from '../config/pins.js';
import type { Logger } from '../log.js';
import { hashPin, verifyPin } from './pin-hash.js';
import type { PinStore } from './pin-store.js';

export const FIRST_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 15 * 60_000;

/** How long a client waits after `failures` wrong PINs in a row before its next try. */
export function delayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(failures - 1, 30));
}

/** A wait in words, for refusals: "1 second", "8 seconds", "4 minutes". */
export function waitText(s: number): string {
  return s < 90 ? `${s} second${s === 1 ? '' : 's'}` : `${Math.ceil(s / 60)} minutes`;
}

export type LoginResult =
  { ok: true; token: string; expiresAt: string } | { ok: false; reason: 'not_set' } | { ok: false; reason: 'wrong_pin' | 'locked'; retryAfterS: number };

export type ChooseResult = { ok: true } | { ok: false; reason: 'already_set' | 'mismatch' | 'weak' | 'same_as_staff'; message: string };

/** Whether another role's new PIN may be the one asked about (it is not this role's PIN). */
export type DistinctResult = { ok: true } | { ok: false; reason: 'same' | 'locked'; retryAfterS: number };

export interface PinAuthOptions {
  role: PinRole;
  store: PinStore;
  /** A session ends after this long without use, ms. */
  idleMs: number;
  log: Logger;
  /** Clock, injectable for tests (epoch ms). */
  now?: () => number;
  /** Another role's auth whose PIN this one must not equal (the technician's against the staff members'). */
  distinctFrom?: { readonly role: string; matches(pin: string): Promise<boolean> };
}

export class PinAuth {
  readonly role: PinRole;
  private readonly now: () => number;

  constructor(private readonly o: PinAuthOptions) {
    this.role = o.role;
    this.now = o.now ?? Date.now;
  }

  /** A PIN from the config file (already judged by the config schema) replaces the stored one. */
  async provision(pin: string): Promise<void> {
    this.o.store.setPinHash(this.role, await hashPin(pin), 'config', new Date(this.now()));
  }

  isSet(): boolean {
    return this.o.store.pinHash(this.role) !== null;
  }

  /** Whether `pin` is this role's PIN (no lockout counted: for comparing roles at setup). */
  async matches(pin: string): Promise<boolean> {
    const hash = this.o.store.pinHash(this.role);
    return hash !== null && verifyPin(pin, hash);
  }

  /**
   * Whether `pin`, wanted as a PIN of `asker` (a member), is not this role's PIN, asked for `client`. Refusing it
   * tells the asker this role's PIN, so it is a wrong try of it like a login's: counted for the client (before the
   * hash check, so parallel asks meet the delay; put back when the PIN proves different), and a client waiting after
   * wrong PINs is refused unchecked.
   */
  async checkDistinct(pin: string, client: string, asker: string): Promise<DistinctResult> {
    const hash = this.o.store.pinHash(this.role);
    if (hash === null) return { ok: true };
    const now = this.now();
    const before = this.o.store.attempts(this.role, client);
    const readyAt = before.lastFailureAt + delayMs(before.failures);
    if (now < readyAt) {
      this.o.log.warn({ role: this.role, client, failures: before.failures, asker }, 'new PIN not compared while waiting after wrong PINs');
      return { ok: false, reason: 'locked', retryAfterS: Math.ceil((readyAt - now) / 1000) };
    }
    const after = this.o.store.recordFailure(this.role, client, now);
    if (!(await verifyPin(pin, hash))) {
      this.o.store.restoreAttempts(this.role, client, before);
      return { ok: true };
    }
    const retryAfterS = Math.ceil(delayMs(after.failures) / 1000);
    this.o.log.warn(
      { role: this.role, client, failures: after.failures, retryAfterS, asker },
      `a new ${asker} PIN was the ${this.role} PIN: refused, counted as a wrong ${this.role} PIN`,
    );
    return { ok: false, reason: 'same', retryAfterS };
  }

  /** The first PIN of the role, chosen on the kiosk: refused once one is set. */
  async choose(pin: string, confirm: string): Promise<ChooseResult> {
    if (this.isSet()) return { ok: false, reason: 'already_set', message: `The ${this.role} PIN is already set.` };
    if (pin !== confirm) return { ok: false, reason: 'mismatch', message: 'The two PINs differ. Enter the same PIN twice.' };
    const problem = pinProblem(this.role, pin);
    if (problem) return { ok: false, reason: 'weak', message: `Choose another PIN: ${problem}.` };
    if (this.o.distinctFrom && (await this.o.distinctFrom.matches(pin)))
      return { ok: false, reason: 'same_as_staff', message: `Choose a PIN different from the ${this.o.distinctFrom.role} PIN.` };
    if (!this.o.store.setFirstPinHash(this.role, await hashPin(pin), new Date(this.now())))
      return { ok: false, reason: 'already_set', message: `The ${this.role} PIN is already set.` };
    this.o.log.info({ role: this.role }, 'PIN chosen on the kiosk');
    return { ok: true };
  }

  async login(pin: string, client: string): Promise<LoginResult> {
    const hash = this.o.store.pinHash(this.role);
    if (hash === null) return { ok: false, reason: 'not_set' };
    const now = this.now();
    const before = this.o.store.attempts(this.role, client);
    const readyAt = before.lastFailureAt + delayMs(before.failures);
    if (now < readyAt) {
      this.o.log.warn({ role: this.role, client, failures: before.failures }, 'PIN try refused while waiting after wrong PINs');
      return { ok: false, reason: 'locked', retryAfterS: Math.ceil((readyAt - now) / 1000) };
    }
    // Counted as wrong until proven right, so tries sent in parallel meet the delay too.
    const after = this.o.store.recordFailure(this.role, client, now);
    if (!(await verifyPin(pin, hash))) {
      const retryAfterS = Math.ceil(delayMs(after.failures) / 1000);
      this.o.log.warn({ role: this.role, client, failures: after.failures, retryAfterS }, 'wrong PIN');
      return { ok: false, reason: 'wrong_pin', retryAfterS };
    }
    this.o.store.clearFailures(this.role, client);
    const token = randomBytes(32).toString('base64url');
    this.o.store.addSession(this.role, token, client, now);
    this.o.log.info({ role: this.role, client }, 'logged in');
    return { ok: true, token, expiresAt: new Date(now + this.o.idleMs).toISOString() };
  }

  /** An `Authorization: Bearer <token>` header holding a live session. */
  check(header: string | undefined): boolean {
    return this.checkToken(bearer(header));
  }

  /**
   * A bare token (e.g. sent in a WebSocket's first message) of a live session. A check counts as use unless `touch`
   * is false (a socket re-checking its session on a timer is not a person using it).
   */
  checkToken(token: string | undefined, touch = true): boolean {
    if (!token || token.length > 200) return false;
    const now = this.now();
    const last = this.o.store.sessionLastSeen(this.role, token);
    if (last === null) return false;
    if (now - last > this.o.idleMs) {
      this.o.store.endIdleSessions(this.role, now - this.o.idleMs);
      return false;
    }
    if (touch) this.o.store.touchSession(token, now);
    return true;
  }

  /** Ends the session of the header's token; false when there was none. */
  logout(header: string | undefined): boolean {
    const token = bearer(header);
    return token ? this.o.store.endSession(this.role, token) : false;
  }
}

function bearer(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}
