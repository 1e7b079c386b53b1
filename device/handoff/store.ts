/**
 * The handoff's rows in the device database: round-robin turns (migration 6), and the task and notification
 * activities of every contact, read from the CRM's story table to be folded. SQL only.
 */
import type { Activity } from '../../sync/schemas/activity.js';
import { activityOf, type ActivityRow } from '../store/crm-store.js';
import type { Db } from '../store/database.js';
import type { Turns } from './round-robin.js';

export class HandoffStore {
  constructor(private readonly db: Db) {}

  turns(): Turns {
    const rows = this.db.prepare(`SELECT pool, member FROM handoff_turns`).all() as { pool: string; member: string }[];
    return Object.fromEntries(rows.map((r) => [r.pool, r.member]));
  }

  saveTurns(turns: Turns, at: string): void {
    const up = this.db.prepare(
      `INSERT INTO handoff_turns (pool, member, at) VALUES (?, ?, ?) ON CONFLICT(pool) DO UPDATE SET member = excluded.member, at = excluded.at`,
    );
    this.db.transaction(() => {
      for (const [pool, member] of Object.entries(turns)) up.run(pool, member, at);
    })();
  }

  /** The latest settings staff saved, as JSON, or null. */
  savedSettings(): unknown {
    const row = this.db.prepare(`SELECT body FROM handoff_settings ORDER BY version DESC LIMIT 1`).get() as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as unknown) : null;
  }

  /** Who saved the latest settings, or null. */
  savedBy(): string | null {
    const row = this.db.prepare(`SELECT by_name FROM handoff_settings ORDER BY version DESC LIMIT 1`).get() as { by_name: string } | undefined;
    return row?.by_name ?? null;
  }

  saveSettings(body: unknown, by: string, at: string): void {
    this.db.prepare(`INSERT INTO handoff_settings (body, by_name, at) VALUES (?, ?, ?)`).run(JSON.stringify(body), by, at);
  }

  /** Task and notification activities, of one contact or of all, in story order. */
  workActivities(contactId?: string): Activity[] {
    const rows = (
      contactId
        ? this.db.prepare(`SELECT * FROM activities WHERE contact_id = ? AND type IN ('task', 'notification') ORDER BY at, id`).all(contactId)
        : this.db.prepare(`SELECT * FROM activities WHERE type IN ('task', 'notification') ORDER BY at, id`).all()
    ) as ActivityRow[];
    return rows.map(activityOf);
  }
}
