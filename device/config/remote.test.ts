import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { mergeRemoteConfig, remoteConfigValidator } from './remote.js';

describe('remote config merge', () => {
  const base = parseConfig({ business: { name: 'Luna Salon' }, sync: { broker: 'mqtt://broker:1883' } });

  it('replaces the settings a section carries and keeps the rest, including what never travels', () => {
    const merged = mergeRemoteConfig(base, { business: { greeting: 'Hi from the cloud' }, kiosk: { idleTimeoutMs: 60_000 } });
    expect(merged.business).toMatchObject({ name: 'Luna Salon', greeting: 'Hi from the cloud' });
    expect(merged.kiosk.idleTimeoutMs).toBe(60_000);
    expect(merged.sync.broker).toBe('mqtt://broker:1883');
  });

  it('refuses, as a whole, a config that fails the full schema or the cross-field checks', () => {
    const check = remoteConfigValidator(() => base);
    const noName = check({ intake: { fields: [{ id: 'email', kind: 'email', label: 'Email', prompt: 'Email?' }] } });
    expect(noName).toMatchObject({ ok: false });
    expect(noName.ok ? '' : noName.reason).toMatch(/kind "name"/);
    const handoff = check({
      handoff: { rules: [{ id: 'r', name: 'To Mario', when: { on: 'lead-stored' }, then: [{ do: 'assign', to: { kind: 'member', member: 'mario' } }] }] },
    });
    expect(handoff.ok ? '' : handoff.reason).toMatch(/unknown member "mario"/);
    expect(check({ business: { farewell: 'Bye!' } })).toEqual({ ok: true });
  });
});
