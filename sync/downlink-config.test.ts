import { describe, expect, it } from 'vitest';
import { DownlinkConfig } from './downlink-config.js';
import { MemoryRemoteConfigStore } from './remote-config-store.js';
import type { RemoteConfig } from './payloads.js';

const desired = (version: number, config: unknown) =>
  JSON.stringify({ schema: 'frontdesk.config.desired/1', version, config, issuedAt: new Date().toISOString() });

function agent(opts: { validate?: (c: RemoteConfig) => { ok: true } | { ok: false; reason: string }; apply?: (c: RemoteConfig) => void } = {}) {
  const store = new MemoryRemoteConfigStore();
  const applied: RemoteConfig[] = [];
  const a = new DownlinkConfig('dev-1', store, opts.validate ?? (() => ({ ok: true })), (c) => {
    opts.apply?.(c);
    applied.push(c);
  });
  return { a, store, applied };
}

describe('downlink config', () => {
  it('applies and persists a valid newer version, then ignores the same one when it is redelivered', () => {
    const { a, store, applied } = agent();
    const r = a.handleDesired(desired(3, { business: { greeting: 'Hello!' } }));
    expect(r.changed).toBe(true);
    expect(r.report).toMatchObject({ version: 3, last: { version: 3, status: 'applied' }, config: { business: { greeting: 'Hello!' } } });
    expect(store.current()!.version).toBe(3);
    expect(a.handleDesired(desired(3, { business: { greeting: 'Hello!' } })).changed).toBe(false);
    expect(applied).toHaveLength(1);
  });

  it('refuses an out-of-date version and keeps the running config', () => {
    const { a, applied } = agent();
    a.handleDesired(desired(5, { business: { greeting: 'five' } }));
    const r = a.handleDesired(desired(4, { business: { greeting: 'four' } }));
    expect(r.report.last).toMatchObject({ version: 4, status: 'refused' });
    expect(r.report.last.reason).toMatch(/not newer than the applied version 5/);
    expect(r.report.version).toBe(5);
    expect(applied).toHaveLength(1);
  });

  it('refuses an invalid payload, a config the runtime rejects, and one whose apply throws, with nothing applied', () => {
    const { a, store } = agent({
      validate: (c) => (c.intake?.maxAttempts === 4 ? { ok: false, reason: 'intake.maxAttempts: no' } : { ok: true }),
      apply: (c) => {
        if (c.business?.name === 'boom') throw new Error('boom');
      },
    });
    expect(a.handleDesired(desired(1, { business: { greeting: 'x' }, broker: 'mqtt://evil' })).report.last.reason).toMatch(/invalid.*broker/);
    expect(a.handleDesired('not json').report.last).toMatchObject({ status: 'refused', version: null });
    expect(a.handleDesired(desired(2, { intake: { maxAttempts: 4 } })).report.last.reason).toMatch(/device refused.*maxAttempts/);
    expect(a.handleDesired(desired(3, { business: { name: 'boom' } })).report.last.reason).toMatch(/applying the config failed/);
    expect(store.current()).toBeNull();
    expect(a.report().version).toBe(0);
  });
});
