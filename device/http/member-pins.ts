/**
 * Staff members' PINs (migration 8): one scrypt hash per member id, never the PIN itself. Who the members are lives
 * in the handoff settings (device/handoff/people.ts); this table only answers "which hash, if any, for this id".
 */
import type { Db } from '../store/database.js';

export class MemberPinStore {
  constructor(private readonly db: Db) {}

  hash(member: string): string | null {
    const row = this.db.prepare(`SELECT hash FROM member_pins WHERE member_id = ?`).get(member) as { hash: string } | undefined;
    return row?.hash ?? null;
  }

  /** Who set the member's PIN ('kiosk', 'config', 'migration' or a member's name), or null without one. */
  setBy(member: string): string | null {
    const row = this.db.prepare(`SELECT set_by FROM member_pins WHERE member_id = ?`).get(member) as { set_by: string } | undefined;
    return row?.set_by ?? null;
  }

  /** Member ids that have a PIN. */
  members(): string[] {
    return (this.db.prepare(`SELECT member_id FROM member_pins ORDER BY member_id`).all() as { member_id: string }[]).map((r) => r.member_id);
  }

  set(member: string, hash: string, by: string, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO member_pins (member_id, hash, set_at, set_by) VALUES (?, ?, ?, ?)
         ON CONFLICT(member_id) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at, set_by = excluded.set_by`,
      )
      .run(member, hash, at.toISOString(), by.slice(0, 120));
  }

  /**
   * Sets the member's PIN only while none of `inForce` (the members who could log in) has one: the first PIN, chosen
   * on the kiosk. A PIN kept for an id no longer among them does not count (nobody can log in with it). False otherwise.
   */
  setFirst(member: string, hash: string, at: Date, inForce: readonly string[]): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO member_pins (member_id, hash, set_at, set_by) SELECT ?, ?, ?, 'kiosk'
           WHERE NOT EXISTS (SELECT 1 FROM member_pins WHERE member_id IN (SELECT value FROM json_each(?)))`,
        )
        .run(member, hash, at.toISOString(), JSON.stringify(inForce)).changes === 1
    );
  }

  remove(member: string): void {
    this.db.prepare(`DELETE FROM member_pins WHERE member_id = ?`).run(member);
  }

  /** Gives `from`'s PIN to `to` (who has none): the migrated PIN of a default member the config no longer has. */
  move(from: string, to: string): boolean {
    return (
      this.db
        .prepare(`UPDATE member_pins SET member_id = ? WHERE member_id = ? AND NOT EXISTS (SELECT 1 FROM member_pins WHERE member_id = ?)`)
        .run(to, from, to).changes === 1
    );
  }
}
