/** The handoff section checked against the CRM it refers to (fields, stages, tags): refused at start with each path. */
import { ConfigError } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { handoffSchemaFor, type CrmVocabulary } from './validate.js';

export function vocabularyOf(config: Pick<Config, 'crm' | 'intake'>): CrmVocabulary {
  return {
    fields: config.intake.fields.map((f) => ({ id: f.id, ...(f.choices ? { choices: f.choices.map((c) => c.value) } : {}) })),
    stages: config.crm.stages.map((s) => s.id),
    tags: config.crm.taxonomy.flatMap((c) => c.tags.map((t) => t.id)),
  };
}

export function checkHandoffConfig(config: Config, file: string | null): void {
  const r = handoffSchemaFor(vocabularyOf(config)).safeParse(config.handoff);
  if (!r.success)
    throw new ConfigError(
      file,
      r.error.issues.map((i) => ({ path: ['handoff', ...i.path].join('.'), reason: i.message })),
    );
}
