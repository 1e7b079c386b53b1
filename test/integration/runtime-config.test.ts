/** The runtime's wiring of the downlink config: applied to runtime.config, announced, and kept across a restart. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../device/config/load.js';
import { createLogger } from '../../device/log.js';
import { startRuntime } from '../../device/runtime.js';
import { pushConfig } from '../../sync/bridge/fleet.js';
import { SqliteBridgeStore } from '../../sync/bridge/sqlite-store.js';
import { until } from '../support/sync-device.js';

describe('runtime downlink config', () => {
  it('replaces the running config, tells listeners, and starts with it again after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fd-rt-config-'));
    const config = parseConfig({ device: { id: 'rt-cfg' } });
    const log = createLogger({ level: 'error' });
    let rt = await startRuntime({ config, dataDir, log, http: false });
    const seen: { greeting: string; version: number }[] = [];
    rt.onConfigReplaced((c, version) => seen.push({ greeting: c.business.greeting, version }));
    await until(() => rt.sync.state().connected);
    const pushed = new SqliteBridgeStore(':memory:');
    await pushConfig(rt.bridge!.mqtt()!, pushed, 'frontdesk/v1', { deviceId: 'rt-cfg', config: { business: { greeting: 'Welcome back!' } } });
    await until(() => seen.length === 1);
    expect(seen[0]).toEqual({ greeting: 'Welcome back!', version: 1 });
    expect(rt.config.business.greeting).toBe('Welcome back!');
    expect(rt.health().parts.sync['configVersion']).toBe(1);

    // Refused (no name field): nothing changes.
    await pushConfig(rt.bridge!.mqtt()!, pushed, 'frontdesk/v1', { deviceId: 'rt-cfg', config: { intake: { fields: [{ id: 'email', kind: 'email', label: 'Email', prompt: 'Email?' }] } } });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toHaveLength(1);
    expect(rt.config.intake.fields.some((f) => f.kind === 'name')).toBe(true);
    await rt.stop();

    rt = await startRuntime({ config, dataDir, log, http: false });
    expect(rt.config.business.greeting).toBe('Welcome back!');
    await rt.stop();
    await pushed.close();
  });
});
