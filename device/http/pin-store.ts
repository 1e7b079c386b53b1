/**
 * Where PINs, wrong-PIN counts and sessions live: the device database (migration 5), so a restart forgets neither a
 * lockout nor a session. Parameterized SQL only; tokens are stored as their SHA-256.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../store/database.js';

export type Role = 'staff' | 'technician';
/** Whose wrong PINs are counted: a role, or one staff member (`staff:<member id>`). */
export type AttemptKey = Role | `staff:${string}`;

export interface Attempts {
  failures: number;
  lastFailureAt: number;
}

/**
 * How long wrong PINs are remembered after the last one, ms. Longer than the longest wait (pin-auth.ts MAX_DELAY_MS,
 * 15 min): a lockout always runs out before it is forgotten, and someone who waits a day between guesses gets fewer
 * than the capped wait allows. Without it, every name typed at a remote login that matches no member (`staff:?name`)
 * and every client address that once got a PIN wrong kept its row for good.
 */
export const ATTEMPT_MEMORY_MS = 24 * 3_600_000;

export class PinStore {
  constructor(private readonly db: Db) {}

  pinHash(role: Role): string | null {
    const row = this.db.prepare(`SELECT hash FROM pins WHERE role = ?`).get(role) as { hash: string } | undefined;
    return row?.hash ?? null;
  }

  setPinHash(role: Role, hash: string, by: 'kiosk' | 'config', at: Date): void {
    this.db
      .prepare(
        `INSERT INTO pins (role, hash, set_at, set_by) VALUES (?, ?, ?, ?) ON CONFLICT(role) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at, set_by = excluded.set_by`,
      )
      .run(role, hash, at.toISOString(), by);
  }

  /** Sets the PIN only if the role has none yet; false when one was set meanwhile. */
  setFirstPinHash(role: Role, hash: string, at: Date): boolean {
    return this.db.prepare(`INSERT OR IGNORE INTO pins (role, hash, set_at, set_by) VALUES (?, ?, ?, 'kiosk')`).run(role, hash, at.toISOString()).changes === 1;
  }

  attempts(role: AttemptKey, client: string): Attempts {
    const row = this.db.prepare(`SELECT failures, last_failure_at FROM login_attempts WHERE role = ? AND client = ?`).get(role, client) as
      { failures: number; last_failure_at: number } | undefined;
    return row ? { failures: row.failures, lastFailureAt: row.last_failure_at } : { failures: 0, lastFailureAt: 0 };
  }

  /** Counts a wrong PIN at `at` (epoch ms, the auth's clock); first forgets every count older than ATTEMPT_MEMORY_MS. */
  recordFailure(role: AttemptKey, client: string, at: number): Attempts {
    this.pruneAttempts(at - ATTEMPT_MEMORY_MS);
    this.db
      .prepare(
        `INSERT INTO login_attempts (role, client, failures, last_failure_at) VALUES (?, ?, 1, ?)
         ON CONFLICT(role, client) DO UPDATE SET failures = failures + 1, last_failure_at = excluded.last_failure_at`,
      )
      .run(role, client, at);
    return this.attempts(role, client);
  }

  /** Forgets the wrong PINs of every key and client whose last one was before `before` (epoch ms); returns how many rows went. */
  pruneAttempts(before: number): number {
    return this.db.prepare(`DELETE FROM login_attempts WHERE last_failure_at < ?`).run(before).changes;
  }

  /** Puts back the count read before a try that was counted as wrong until proven otherwise. */
  restoreAttempts(role: AttemptKey, client: string, before: Attempts): void {
    if (before.failures === 0) return this.clearFailures(role, client);
    this.db
      .prepare(`UPDATE login_attempts SET failures = ?, last_failure_at = ? WHERE role = ? AND client = ?`)
      .run(before.failures, before.lastFailureAt, role, client);
  }

  clearFailures(role: AttemptKey, client: string): void {
    this.db.prepare(`DELETE FROM login_attempts WHERE role = ? AND client = ?`).run(role, client);
  }

  /** Forgets the wrong PINs of `key` from every client (a new PIN was set: the old one's tries do not count). */
  clearAllFailures(key: AttemptKey): void {
    this.db.prepare(`DELETE FROM login_attempts WHERE role = ?`).run(key);
  }

  /** A new session; a staff session names its member (migration 8). */
  addSession(role: Role, token: string, client: string, at: number, member: string | null = null): void {
    this.db
      .prepare(`INSERT INTO sessions (token_hash, role, client, created_at, last_seen_at, member_id) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(tokenHash(token), role, client, at, at, member);
  }

  /** The member of a live session of `role`, or null. */
  sessionMember(role: Role, token: string): string | null {
    const row = this.db.prepare(`SELECT member_id FROM sessions WHERE token_hash = ? AND role = ?`).get(tokenHash(token), role) as
      { member_id: string | null } | undefined;
    return row?.member_id ?? null;
  }

  /** Ends every session of a member (their PIN was reset, or they were removed). */
  endMemberSessions(member: string): void {
    this.db.prepare(`DELETE FROM sessions WHERE role = 'staff' AND member_id = ?`).run(member);
  }

  /** The session's last use, or null when there is none for this role. */
  sessionLastSeen(role: Role, token: string): number | null {
    const row = this.db.prepare(`SELECT last_seen_at FROM sessions WHERE token_hash = ? AND role = ?`).get(tokenHash(token), role) as
      { last_seen_at: number } | undefined;
    return row?.last_seen_at ?? null;
  }

  touchSession(token: string, at: number): void {
    this.db.prepare(`UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`).run(at, tokenHash(token));
  }

  endSession(role: Role, token: string): boolean {
    return this.db.prepare(`DELETE FROM sessions WHERE token_hash = ? AND role = ?`).run(tokenHash(token), role).changes === 1;
  }

  endIdleSessions(role: Role, before: number): void {
    this.db.prepare(`DELETE FROM sessions WHERE role = ? AND last_seen_at < ?`).run(role, before);
  }
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
