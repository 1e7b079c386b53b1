/**
 * The projection: a contact's current state as a fold of its activities in story order (by time, then id;
 * `compareActivities`). Activities are deduplicated by id first, so applying one twice, or receiving them out of
 * order, gives the same result. Pure: the store writes what this returns.
 *
 * `project` folds a whole story; `extend` applies a change's new activities to a stored projection when they come
 * after everything it holds, and is tested to give what `project` gives for the whole story.
 */
import { compareActivities, type Activity } from '../../sync/schemas/activity.js';
import type { ActivitySource, Actor, CrmFieldValue } from './types.js';

type VisitActivity = Extract<Activity, { type: 'visit' }>;
type OutcomeActivity = Extract<Activity, { type: 'outcome' }>;

export interface StagePeriod {
  stage: string;
  enteredAt: string;
  leftAt: string | null;
}

export interface Projection {
  fields: Record<string, CrmFieldValue>;
  /** Tag id -> category and when it was added, in the order they were added. */
  tags: { id: string; category: string; at: string }[];
  stage: string | null;
  stageSince: string | null;
  periods: StagePeriod[];
  owner: string | null;
  outcome: (OutcomeActivity['data'] & { at: string; by: Actor }) | null;
  consent: VisitActivity['data']['consent'];
  /** The source of the first visit; its campaign is filled by a later visit when the first had none. */
  source: ActivitySource | null;
  firstVisitAt: string | null;
  lastVisitAt: string | null;
  visits: number;
  lastVisit: VisitActivity | null;
  lastNote: { text: string; at: string; by: Actor } | null;
  mergedFrom: string[];
  erased: boolean;
  createdAt: string | null;
  updatedAt: string | null;
  /** Visit ids counted in `visits` (a visit told twice is one visit). */
  visitIds: string[];
  /**
   * Fields whose current value was heard by voice at a visit and never confirmed by the visitor (the visit's
   * `unconfirmed`), until a later visit gives it confirmed or someone (staff, a rule, the cloud) sets the field.
   */
  unconfirmed: string[];
}

const blank = (v: CrmFieldValue | undefined): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && !v.length);

export function emptyProjection(): Projection {
  return {
    fields: {},
    tags: [],
    stage: null,
    stageSince: null,
    periods: [],
    owner: null,
    outcome: null,
    consent: null,
    source: null,
    firstVisitAt: null,
    lastVisitAt: null,
    visits: 0,
    lastVisit: null,
    lastNote: null,
    mergedFrom: [],
    erased: false,
    createdAt: null,
    updatedAt: null,
    visitIds: [],
    unconfirmed: [],
  };
}

/** Folds a story (any order, duplicates allowed) into the contact's current state. */
export function project(activities: readonly Activity[]): Projection {
  return fold(emptyProjection(), activities);
}

/**
 * The projection with `fresh` applied, when each of them happened after the last activity `p` holds (a change made
 * now: the service stamps it just after the story's latest); null when one did not (a late activity from another
 * device, or one at the same millisecond): then fold the whole story. `fresh` must hold only activities `p` has not
 * seen (the store tells: they were new rows). `p` itself is left as it was.
 */
export function extend(p: Projection, fresh: readonly Activity[]): Projection | null {
  if (p.updatedAt !== null && fresh.some((a) => a.at <= p.updatedAt!)) return null;
  return fold(copyForFold(p), fresh);
}

/**
 * A copy of `p` that `fold` may change without changing `p`: what `apply` changes in place (the fields object, the
 * last stay's end, the merged list) is copied; the rest it only replaces. Not a deep copy: the last visit (its
 * transcript) and the tags are shared, never written through. A change to `apply` that writes into another nested
 * value must copy it here (projection.test.ts checks `p` is left as it was).
 */
function copyForFold(p: Projection): Projection {
  return { ...p, fields: { ...p.fields }, periods: p.periods.map((x) => ({ ...x })), mergedFrom: [...p.mergedFrom] };
}

function fold(p: Projection, activities: readonly Activity[]): Projection {
  const byId = new Map<string, Activity>();
  for (const a of activities) if (!byId.has(a.id)) byId.set(a.id, a);
  const story = [...byId.values()].sort(compareActivities);
  const tags = new Map(p.tags.map((t) => [t.id, t] as const));
  const visitIds = new Set(p.visitIds);
  // A projection stored before this list existed has none (and no unconfirmed value: nothing marked one then).
  const unconfirmed = new Set((p as Partial<Projection>).unconfirmed ?? []);
  for (const a of story) {
    p.createdAt ??= a.at;
    p.updatedAt = a.at;
    apply(p, tags, visitIds, a);
    confirmation(unconfirmed, a);
  }
  p.tags = [...tags.values()];
  p.visitIds = [...visitIds];
  p.unconfirmed = [...unconfirmed].filter((k) => k in p.fields);
  return p;
}

/**
 * Which current values are unconfirmed after `a`: a visit's answers are as it says (listed in its `unconfirmed`, or
 * confirmed); a field set by anyone but the robot is confirmed (a staff edit: they checked it). The robot's own
 * field-changed only restates a visit's answer (recordVisit), so it leaves the visit's word standing. A value
 * cleared (by anyone) takes its mark with it: a stored projection keeps marks only of values it holds, so a fold from
 * one and a fold of the whole story must agree on a value set again after it was cleared.
 */
function confirmation(unconfirmed: Set<string>, a: Activity): void {
  if (a.type === 'visit') {
    const marked = new Set(a.data.unconfirmed ?? []);
    for (const [k, v] of Object.entries(a.data.answers)) {
      if (blank(v)) continue;
      if (marked.has(k)) unconfirmed.add(k);
      else unconfirmed.delete(k);
    }
  } else if (a.type === 'field-changed' && (a.by.kind !== 'robot' || a.data.to === null)) unconfirmed.delete(a.data.field);
}

function apply(p: Projection, tags: Map<string, { id: string; category: string; at: string }>, visitIds: Set<string>, a: Activity): void {
  switch (a.type) {
    case 'visit': {
      // A visit states what the visitor said now; a blank answer does not erase what an earlier visit said.
      for (const [k, v] of Object.entries(a.data.answers)) if (!blank(v)) p.fields[k] = v;
      if (a.data.consent) p.consent = a.data.consent;
      if (!p.source) p.source = { ...a.data.source };
      else if (!p.source.campaign && a.data.source.campaign) p.source = { ...p.source, campaign: a.data.source.campaign };
      p.firstVisitAt ??= a.at;
      p.lastVisitAt = a.at;
      if (!visitIds.has(a.data.visitId)) {
        visitIds.add(a.data.visitId);
        p.visits += 1;
      }
      p.lastVisit = a;
      return;
    }
    case 'field-changed':
      if (a.data.to === null) delete p.fields[a.data.field];
      else p.fields[a.data.field] = a.data.to;
      return;
    case 'tag-added':
      if (!tags.has(a.data.tag)) tags.set(a.data.tag, { id: a.data.tag, category: a.data.category, at: a.at });
      return;
    case 'tag-removed':
      tags.delete(a.data.tag);
      return;
    case 'stage-changed': {
      const open = p.periods.at(-1);
      if (open && open.leftAt === null) open.leftAt = a.at;
      p.periods.push({ stage: a.data.to, enteredAt: a.at, leftAt: null });
      p.stage = a.data.to;
      p.stageSince = a.at;
      // The robot's own entry into the first stage is not a note anyone wrote.
      if (a.by.kind !== 'robot' && a.by.kind !== 'system') p.lastNote = { text: a.data.note, at: a.at, by: a.by };
      return;
    }
    case 'note':
      p.lastNote = { text: a.data.text, at: a.at, by: a.by };
      return;
    case 'outcome':
      p.outcome = { ...a.data, at: a.at, by: a.by };
      if (a.data.note) p.lastNote = { text: a.data.note, at: a.at, by: a.by };
      return;
    case 'owner-changed':
      p.owner = a.data.to;
      return;
    case 'merge':
      if (!p.mergedFrom.includes(a.data.from)) p.mergedFrom.push(a.data.from);
      return;
    case 'erasure':
      p.erased = true;
      return;
  }
}
