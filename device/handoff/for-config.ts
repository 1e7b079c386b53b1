/** The handoff section checked against the CRM it refers to (fields, stages, tags): refused at start with each path. */
import { ConfigError } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { handoffConfigSchema } from './config-schema.js';
import { handoffSchemaFor, type CrmVocabulary } from './validate.js';

export function vocabularyOf(config: Pick<Config, 'crm' | 'intake'>): CrmVocabulary {
  return {
    fields: config.intake.fields.map((f) => ({ id: f.id, ...(f.choices ? { choices: f.choices.map((c) => c.value) } : {}) })),
    stages: config.crm.stages.map((s) => s.id),
    tags: config.crm.taxonomy.flatMap((c) => c.tags.map((t) => t.id)),
  };
}

/**
 * The built-in scoring rules that name a field this form does not have (a form without an email field) are not
 * held against the config: defaults fit whatever form staff built, and such a rule never gives points. Rules staff
 * wrote or changed are checked as written.
 */
function withoutIdleDefaults(config: Config): Config['handoff'] {
  const ids = new Set(config.intake.fields.map((f) => f.id));
  const builtIn = new Map(handoffConfigSchema.parse(undefined).scoring.map((r) => [r.id, JSON.stringify(r)]));
  const scoring = config.handoff.scoring.filter((r) => !(r.when.kind === 'field-present' && !ids.has(r.when.field) && builtIn.get(r.id) === JSON.stringify(r)));
  return { ...config.handoff, scoring };
}

export function checkHandoffConfig(config: Config, file: string | null): void {
  const r = handoffSchemaFor(vocabularyOf(config)).safeParse(withoutIdleDefaults(config));
  if (!r.success)
    throw new ConfigError(
      file,
      r.error.issues.map((i) => ({ path: ['handoff', ...i.path].join('.'), reason: i.message })),
    );
}
