import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { remoteConfigSchema } from '../../sync/schemas/config.js';
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

  it("carries the robot's words: a pushed line replaces the device's, the others stay; one that drops a placeholder is refused, naming it", () => {
    const withWords = parseConfig({ messages: { goodbye: 'Take care!' } });
    const merged = mergeRemoteConfig(withWords, remoteConfigSchema.parse({ messages: { 'answer.price': '{service} costs {price}.' } }));
    expect(merged.messages).toEqual({ goodbye: 'Take care!', 'answer.price': '{service} costs {price}.' });
    const refused = remoteConfigValidator(() => withWords)({ messages: { 'answer.price': 'It is cheap.' } });
    expect(refused.ok ? '' : refused.reason).toMatch(/^messages\.answer\.price: "answer\.price" must keep \{service\} and \{price\}/);
    expect(remoteConfigSchema.safeParse({ messages: { farewell: '' } }).success).toBe(false);
  });
});
