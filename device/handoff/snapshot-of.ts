/** The contact as rules and scoring see it, from the CRM's projection of its story. */
import type { Projection } from '../crm/projection.js';
import { scoreContact, type Score, type ScoringRule } from './scoring.js';
import type { ContactSnapshot } from './snapshot.js';

export function snapshotOf(id: string, p: Projection, scoring: readonly ScoringRule[]): ContactSnapshot {
  const base: ContactSnapshot = {
    id,
    fields: p.fields,
    tags: p.tags.map((t) => t.id),
    source: { channel: p.source?.channel ?? 'kiosk', campaign: p.source?.campaign ?? null },
    stage: p.stage ?? '',
    score: 0,
    owner: p.owner,
    consent: p.consent?.given ?? false,
    returning: p.visits > 1,
  };
  return { ...base, score: scoreContact(scoring, base).score };
}

/** The score of a projection, with its reasons. */
export function scoreOf(p: Projection, scoring: readonly ScoringRule[]): Score {
  return scoreContact(scoring, snapshotOf('', p, []));
}
