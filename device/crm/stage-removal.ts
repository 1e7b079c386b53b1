/**
 * A stage removed on the Settings screen while contacts are in it would leave them in a stage that no longer exists:
 * shown by its raw id, out of the stage filter and the funnel, with nothing in their story saying why. The removal
 * is refused instead, saying how many contacts are in it and what to do: a receptionist moves them (each move with its
 * note, so the story stays true), then removes the stage. Renaming keeps the id and is always allowed.
 */
import type { Db } from '../store/database.js';
import type { SettingsIssue } from './errors.js';
import type { StageDef } from './types.js';

/** One issue per stage in `before` but not in `after` that contacts are still in. */
export function removedStageIssues(db: Db, before: readonly StageDef[], after: readonly StageDef[]): SettingsIssue[] {
  const kept = new Set(after.map((s) => s.id));
  const removed = before.filter((s) => !kept.has(s.id));
  if (!removed.length) return [];
  const counts = new Map(
    (
      db
        .prepare(`SELECT stage, COUNT(*) AS n FROM contacts WHERE stage IN (${removed.map(() => '?').join(', ')}) GROUP BY stage`)
        .all(...removed.map((s) => s.id)) as { stage: string; n: number }[]
    ).map((r) => [r.stage, r.n]),
  );
  return removed
    .filter((s) => counts.get(s.id))
    .map((s) => {
      const n = counts.get(s.id)!;
      const them = n === 1 ? `${n} contact. Move it` : `${n.toLocaleString('en')} contacts. Move them`;
      return { path: 'stages', message: `The stage '${s.name}' still has ${them} to another stage first (on each contact's page), then remove the stage.` };
    });
}
