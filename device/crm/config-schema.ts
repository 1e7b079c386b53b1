/**
 * The `crm` section of the config file: stages, tag taxonomy, outcome reasons, retention. Each part has the defaults
 * of ./defaults.ts; the rules between the parts are the one validator's (./settings.ts). Criteria fields are checked
 * against the intake when the runtime starts (the config schema cannot see the intake from here).
 */
import { z } from 'zod';
import { DEFAULT_OUTCOME_REASONS, DEFAULT_STAGES, DEFAULT_TAXONOMY } from './defaults.js';
import { outcomeReasonSchema, retentionSchema, refineSettings, stageDefSchema, tagCategorySchema } from './settings.js';

export const crmConfigSchema = z
  .object({
    stages: z
      .array(stageDefSchema)
      .min(1, 'add at least one stage')
      .max(30)
      .default(() => structuredClone(DEFAULT_STAGES)),
    taxonomy: z
      .array(tagCategorySchema)
      .max(30)
      .default(() => structuredClone(DEFAULT_TAXONOMY)),
    outcomeReasons: z
      .array(outcomeReasonSchema)
      .max(50)
      .default(() => structuredClone(DEFAULT_OUTCOME_REASONS)),
    retention: retentionSchema.default({ noConsentDays: 30 }),
  })
  .strict()
  .superRefine(refineSettings());

export type CrmConfig = z.output<typeof crmConfigSchema>;
