/**
 * The `handoff` config section the runtime, CLI and browser tests start with: the salon team (Olga the owner, Tom the
 * manager, Maria and Sam in sales) and the rules several tests share. One builder, so a change to the section's
 * shape changes one file. (The handoff unit tests parse settings through ./handoff-fixtures.ts instead.)
 */
import type { MemberInput } from '../../device/handoff/people.js';
import type { RuleInput } from '../../device/handoff/rules.js';
import type { HandoffSettingsInput } from '../../device/handoff/settings.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Every day, all day: "on shift" is never empty, whatever the time the test runs. */
export const ALWAYS_ON_SHIFT: Record<string, string[]> = Object.fromEntries(DAYS.map((d) => [d, ['00:00-24:00']]));

const TEAM = {
  olga: { id: 'olga', name: 'Olga', role: 'owner' },
  tom: { id: 'tom', name: 'Tom', role: 'manager' },
  maria: { id: 'maria', name: 'Maria', role: 'sales' },
  sam: { id: 'sam', name: 'Sam', role: 'sales' },
} as const satisfies Record<string, MemberInput>;
export type TeamMember = keyof typeof TEAM;

/**
 * The named members in that order. The owner has no shifts (an owner is told off-shift anyway); the others are on
 * shift always, or have no shifts at all with `onShift: false` (for tests that set them on the Shifts screen).
 */
export function team(ids: readonly TeamMember[], onShift = true): MemberInput[] {
  return ids.map((id) => (onShift && TEAM[id].role !== 'owner' ? { ...TEAM[id], shifts: ALWAYS_ON_SHIFT } : { ...TEAM[id] }));
}

/** 10 points for a phone number, 30 for wanting coloring: a coloring visit with a phone crosses a score of 40. */
export const PHONE_AND_COLORING_SCORING: NonNullable<HandoffSettingsInput['scoring']> = [
  { id: 'phone', label: 'Gave a phone number', points: 10, when: { kind: 'field-present', field: 'phone' } },
  { id: 'coloring', label: 'Wants coloring', points: 30, when: { kind: 'choice', field: 'reason', value: 'hair-coloring' } },
];

/** A score crossing 40 moves the contact to marketing-qualified. */
export const HOT_LEAD_RULE: RuleInput = {
  id: 'hot',
  name: 'Hot lead',
  when: { on: 'score-crosses', score: 40 },
  then: [{ do: 'set-stage', stage: 'marketing-qualified' }],
};

/** A stored lead wanting coloring, with consent: assigned to Maria, a call-back task for her, the owner told. */
export function coloringToMaria(task: { title: string; due: { minutes: number; businessHours?: boolean } }): RuleInput {
  return {
    id: 'coloring',
    name: 'Hair coloring to Maria',
    when: { on: 'lead-stored' },
    if: [{ kind: 'field', field: 'reason', equals: 'hair-coloring' }, { kind: 'consent' }],
    then: [
      { do: 'assign', to: { kind: 'member', member: 'maria' } },
      { do: 'create-task', title: task.title, due: task.due },
      { do: 'notify', to: { kind: 'owner' } },
    ],
  };
}

/**
 * `{ handoff: … }` for a config: the team (`members`, by default all four, on shift always unless `onShift` is
 * false) and whatever else of the section the test sets (rules, scoring, escalation, opening hours).
 */
export function handoffConfig(section: Omit<HandoffSettingsInput, 'people'> & { members?: readonly TeamMember[]; onShift?: boolean } = {}): {
  handoff: HandoffSettingsInput;
} {
  const { members = ['olga', 'tom', 'maria', 'sam'], onShift = true, ...rest } = section;
  return { handoff: { people: team(members, onShift), ...rest } };
}
