/**
 * The handoff settings as one object (people, scoring, rules, escalation), before the cross-checks of
 * ./validate.ts. ./config-schema.ts gives the config section with its defaults.
 */
import { z } from 'zod';
import { openingHoursSchema } from '../hours/schedule.js';
import { peopleSchema, ROLES } from './people.js';
import { ruleSchema } from './rules.js';
import { scoringRuleSchema } from './scoring.js';

export const escalationSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** A notification nobody acknowledged within this time goes to the next person. */
    ackMinutes: z
      .number({ message: 'write a whole number of minutes, e.g. 10' })
      .int('write a whole number of minutes, e.g. 10')
      .min(1, 'give at least 1 minute')
      .max(7 * 24 * 60, 'at most 10080 minutes (a week)')
      .default(10),
    /** An open task this long past its due time goes to the next person. */
    overdueTaskMinutes: z
      .number({ message: 'write a whole number of minutes, e.g. 0' })
      .int('write a whole number of minutes, e.g. 0')
      .min(0, 'write 0 or more minutes')
      .max(7 * 24 * 60, 'at most 10080 minutes (a week)')
      .default(0),
    /** Who is next, by role: someone in a role not listed goes to the first; the last role is the end of the line. */
    chain: z
      .array(z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }))
      .min(1, 'name at least one role to pass it on to')
      .max(4, 'at most 4 in line')
      .default(['manager', 'owner']),
    /** Escalations of one notification or task at most. */
    maxSteps: z
      .number({ message: 'write a number from 1 to 5' })
      .int('write a number from 1 to 5')
      .min(1, 'pass it on at least once')
      .max(5, 'at most 5 times')
      .default(2),
  })
  .strict()
  .prefault({});
export type EscalationSettings = z.output<typeof escalationSchema>;

export const handoffObjectSchema = z
  .object({
    people: peopleSchema,
    /**
     * Older settings: the hours follow-up tasks counted. Opening hours are one schedule now (config
     * `business.openingHours`, device/hours/); this is read into it (device/hours/legacy.ts) and never used here.
     */
    businessHours: openingHoursSchema.optional(),
    scoring: z.array(scoringRuleSchema).max(200).default([]),
    rules: z.array(ruleSchema).max(500).default([]),
    escalation: escalationSchema,
  })
  .strict();
export type HandoffSettings = z.output<typeof handoffObjectSchema>;
export type HandoffSettingsInput = z.input<typeof handoffObjectSchema>;
