/**
 * The handoff settings as one object (people, opening hours, scoring, rules, escalation), before the cross-checks of
 * ./validate.ts. ./config-schema.ts gives the config section with its defaults.
 */
import { z } from 'zod';
import { businessHoursSchema } from './business-hours.js';
import { peopleSchema, ROLES } from './people.js';
import { ruleSchema } from './rules.js';
import { scoringRuleSchema } from './scoring.js';

export const escalationSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** A notification nobody acknowledged within this time goes to the next person. */
    ackMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(10),
    /** An open task this long past its due time goes to the next person. */
    overdueTaskMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(0),
    /** Who is next, by role: someone in a role not listed goes to the first; the last role is the end of the line. */
    chain: z
      .array(z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }))
      .min(1)
      .max(4)
      .default(['manager', 'owner']),
    /** Escalations of one notification or task at most. */
    maxSteps: z.number().int().min(1).max(5).default(2),
  })
  .strict()
  .prefault({});
export type EscalationSettings = z.output<typeof escalationSchema>;

export const handoffObjectSchema = z
  .object({
    people: peopleSchema,
    businessHours: businessHoursSchema,
    scoring: z.array(scoringRuleSchema).max(200).default([]),
    rules: z.array(ruleSchema).max(500).default([]),
    escalation: escalationSchema,
  })
  .strict();
export type HandoffSettings = z.output<typeof handoffObjectSchema>;
export type HandoffSettingsInput = z.input<typeof handoffObjectSchema>;
