import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema.js';
import { checkHandoffConfig } from './for-config.js';

describe('handoff config at start', () => {
  it('the default config passes; a rule naming a stage the CRM does not have is refused with its path', () => {
    expect(() => checkHandoffConfig(configSchema.parse({}), null)).not.toThrow();
    const bad = configSchema.parse({
      handoff: { rules: [{ id: 'x', name: 'X', when: { on: 'stage-entered', stage: 'hot' }, then: [{ do: 'notify', to: { kind: 'on-shift' } }] }] },
    });
    expect(() => checkHandoffConfig(bad, 'frontdesk.json')).toThrow(/handoff\.rules\.0\.when\.stage: unknown stage "hot": use one of "new-inquiry"/);
  });
});
