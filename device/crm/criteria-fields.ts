/**
 * The stages' entry criteria name intake fields by id, and the form is edited on its own screen: the two can drift
 * apart (a form saved without `phone` while "Sales qualified" needs it). This finds the criteria that name a field
 * not on the form, and words them for the three places that meet them:
 * - the form's save, which is refused (the receptionist is told at the moment she acts, and what to do);
 * - the start, which warns and runs: a robot that will not start over a CRM rule helps nobody;
 * - the doctor, which reports it until someone fixes it.
 * While the drift lasts, such a criterion is not applied (stages.ts `missingFor`): staff cannot add a field the form
 * does not have, so keeping it would make the stage impossible to enter.
 */
import { ConfigError } from '../config/load.js';
import { listOf } from './errors.js';
import type { StageDef } from './types.js';

export interface CriteriaFieldGap {
  /** The field the criteria name, by id. */
  field: string;
  /** The stages whose entry criteria name it, by the names staff know. */
  stages: string[];
}

/** The fields named by some stage's entry criteria that are not among `fieldIds`, each with its stages. */
export function criteriaFieldGaps(stages: readonly StageDef[], fieldIds: readonly string[]): CriteriaFieldGap[] {
  const on = new Set(fieldIds);
  const byField = new Map<string, string[]>();
  for (const stage of stages) for (const f of stage.criteria.fields) if (!on.has(f)) byField.set(f, [...(byField.get(f) ?? []), stage.name]);
  return [...byField].map(([field, names]) => ({ field, stages: names }));
}

const stagesPhrase = (gap: CriteriaFieldGap): string =>
  gap.stages.length === 1 ? `The stage '${gap.stages[0]}' needs` : `The stages ${listOf(gap.stages.map((s) => `'${s}'`))} need`;

const fieldPhrase = (gap: CriteriaFieldGap, label?: string): string => (label && label !== gap.field ? `'${label}' (${gap.field})` : `'${gap.field}'`);

/** Why a form without the field cannot be saved, and what to do: one sentence pair per field. */
export function removedFieldRefusal(gap: CriteriaFieldGap, label?: string): string {
  const those = gap.stages.length === 1 ? "that stage's" : "those stages'";
  return `${stagesPhrase(gap)} the field ${fieldPhrase(gap, label)}. Remove it from ${those} entry criteria in Settings first, or keep the field.`;
}

/** The start's and the doctor's warning for a field the form no longer has. */
export function missingFieldWarning(gap: CriteriaFieldGap): string {
  return `${stagesPhrase(gap)} the field ${fieldPhrase(gap)}, which is not on the intake form; that criterion is not applied until the field is back or it is removed from the entry criteria in Settings.`;
}

/**
 * Refuses a form save that drops a field the stages in effect need (ConfigError, as the form's other problems; the
 * path is the whole form, so the staff screen shows the sentence alone): only the fields this save removes, so a
 * drift that came from elsewhere (the config file) does not block other edits.
 */
export function refuseRemovedCriteriaFields(
  before: readonly { id: string; label: string }[],
  after: readonly { id: string }[],
  stages: readonly StageDef[],
): void {
  const removed = new Map(before.filter((f) => !after.some((a) => a.id === f.id)).map((f) => [f.id, f.label]));
  const gaps = criteriaFieldGaps(
    stages,
    after.map((f) => f.id),
  ).filter((g) => removed.has(g.field));
  if (gaps.length)
    throw new ConfigError(
      'staff settings',
      gaps.map((g) => ({ path: 'intake', reason: removedFieldRefusal(g, removed.get(g.field)) })),
    );
}
