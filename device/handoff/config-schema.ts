/**
 * The `handoff` section of the config: people, scoring, rules and escalation (the opening hours are the business's
 * one schedule, `business.openingHours`), with the out-of-the-box
 * handoff: every stored lead with consent is told to everyone on shift and gets a call-back task due 15 minutes later
 * (or at the next opening); a visitor who asks for a person is told to everyone on shift. Staff change or remove that rule on the rules screen.
 */
import { z } from 'zod';
import type { HandoffSettingsInput } from './settings.js';
import { handoffSettingsSchema } from './validate.js';

/**
 * The first member: today's single staff PIN belongs to them (the PIN migration moves it into the database under
 * this id). An owner, so escalations and off-shift notifications reach someone on a first start.
 */
export const FIRST_MEMBER_ID = 'staff';

export const DEFAULT_HANDOFF: HandoffSettingsInput = {
  people: [{ id: FIRST_MEMBER_ID, name: 'Staff', role: 'owner' }],
  scoring: [
    { id: 'phone', label: 'Gave a phone number', points: 10, when: { kind: 'field-present', field: 'phone' } },
    { id: 'email', label: 'Gave an email', points: 5, when: { kind: 'field-present', field: 'email' } },
    { id: 'returning', label: 'Came back', points: 10, when: { kind: 'returning' } },
  ],
  rules: [
    {
      id: 'every-lead',
      name: 'Tell the team about every lead',
      when: { on: 'lead-stored' },
      if: [{ kind: 'consent' }],
      then: [
        { do: 'notify', to: { kind: 'on-shift' } },
        { do: 'create-task', title: 'Call back', due: { minutes: 15 } },
      ],
    },
    {
      // A visitor who asks for a person, at any point of a visit: everyone on shift is told at once (before consent
      // the notification names nobody). Without any rule for it, the same built-in rule still answers.
      id: 'person-asked',
      name: 'A visitor asks for a person',
      when: { on: 'person-requested' },
      then: [{ do: 'notify', to: { kind: 'on-shift' } }],
    },
  ],
  escalation: {},
};

/** Each part left out of the section takes its default (a section with only `people` keeps the default rule). */
export const handoffConfigSchema = z.preprocess(
  (v) => (v === undefined ? DEFAULT_HANDOFF : v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...DEFAULT_HANDOFF, ...v } : v),
  handoffSettingsSchema,
);
export type HandoffConfig = z.output<typeof handoffConfigSchema>;
