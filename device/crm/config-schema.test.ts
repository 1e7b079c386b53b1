import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config/load.js';
import { DEFAULT_CRM_SETTINGS } from './defaults.js';
import { criteriaWarnings } from './for-config.js';

describe('crm section of the config', () => {
  it('defaults to the built-in stages, taxonomy, reasons and retention', () => {
    expect(parseConfig({}).crm).toEqual(DEFAULT_CRM_SETTINGS);
  });

  it('refuses duplicates and unknown tags with the path', () => {
    const stages = [...DEFAULT_CRM_SETTINGS.stages, { ...DEFAULT_CRM_SETTINGS.stages[0]!, criteria: { fields: [], tags: ['vip'] } }];
    let err: unknown;
    try {
      parseConfig({ crm: { stages } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.path)).toEqual(['crm.stages[6].id', 'crm.stages[6].name', 'crm.stages[6].criteria.tags[0]']);
  });

  it('warns, never refuses, about criteria naming a field the intake does not have', () => {
    const config = parseConfig({ intake: { fields: [{ id: 'name', kind: 'name', label: 'Name', prompt: 'Name?' }] } });
    expect(criteriaWarnings(config.crm, config)).toEqual([
      "The stage 'Marketing qualified' needs the field 'consent', which is not on the intake form; that criterion is not applied until the field is back or it is removed from the entry criteria in Settings.",
      "The stages 'Sales qualified' and 'Opportunity' need the field 'phone', which is not on the intake form; that criterion is not applied until the field is back or it is removed from the entry criteria in Settings.",
    ]);
    expect(criteriaWarnings(parseConfig({}).crm, parseConfig({}))).toEqual([]);
  });
});

describe('crm settings pushed by the cloud', () => {
  it('replace the file config section and are checked by the same rules', async () => {
    const { mergeRemoteConfig, remoteConfigValidator } = await import('../config/remote.js');
    const base = parseConfig({});
    const reasons = [...DEFAULT_CRM_SETTINGS.outcomeReasons.map((r) => ({ ...r })), { id: 'moved-away', name: 'Moved away' }];
    expect(mergeRemoteConfig(base, { crm: { outcomeReasons: reasons } }).crm.outcomeReasons.map((r) => r.id)).toContain('moved-away');
    const dup = remoteConfigValidator(() => base)({ crm: { outcomeReasons: [...reasons, { id: 'price', name: 'Cost' }] } });
    expect(dup.ok ? '' : dup.reason).toMatch(/crm\.outcomeReasons\[6\]\.id: the outcome reason id "price" is used twice/);
  });
});
