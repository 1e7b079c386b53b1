/**
 * Later changes made through the CRM service on a generated story, for the dashboard's property tests (the daily
 * rollups, the answered panels, the daily summary of stays): stage moves, tags, outcomes, merges, erasures, and a
 * test's own kinds (e.g. a late activity). A refused change (criteria unmet, a contact already gone) changes nothing.
 */
import type { CrmService } from '../../device/crm/service.js';
import { CrmError } from '../../device/crm/errors.js';

/** One generated change: which live contact (`i`), which stage/tag/other contact (`n`). */
export interface CrmChange {
  kind: string;
  i: number;
  n: number;
}

export const STAFF_ACTOR = { kind: 'staff' as const, id: null, name: 'Maya' };

/**
 * Applies `changes` in turn to the contacts of `ids` still there; `other` handles the kinds this helper does not
 * know (e.g. 'late'), receiving the contact picked.
 */
export function applyCrmChanges<C extends CrmChange>(
  crm: CrmService,
  ids: readonly string[],
  changes: readonly C[],
  opts: { stages: readonly string[]; tags?: readonly string[]; other?: (id: string, change: C) => void },
): void {
  const tags = opts.tags ?? [];
  for (const ch of changes) {
    const xs = ids.filter((x) => crm.get(x) !== null);
    if (!xs.length) break;
    const id = xs[ch.i % xs.length]!;
    try {
      if (ch.kind === 'move') crm.moveStage(id, opts.stages[ch.n % opts.stages.length]!, 'moved', STAFF_ACTOR);
      else if (ch.kind === 'tag') crm.addTag(id, tags[ch.n % tags.length]!, STAFF_ACTOR);
      else if (ch.kind === 'untag') crm.removeTag(id, tags[ch.n % tags.length]!, STAFF_ACTOR);
      else if (ch.kind === 'outcome') crm.recordOutcome(id, { result: ch.n % 2 ? 'won' : 'lost', reason: ch.n % 2 ? null : 'price' }, STAFF_ACTOR);
      else if (ch.kind === 'merge') {
        if (xs.length > 1) crm.merge(id, xs[(ch.i + 1 + ch.n) % xs.length]!, STAFF_ACTOR);
      } else if (ch.kind === 'erase') crm.erase(id, STAFF_ACTOR);
      else opts.other?.(id, ch);
    } catch (err) {
      if (!(err instanceof CrmError)) throw err;
    }
  }
}
