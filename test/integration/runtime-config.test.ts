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
import { kioskSocket } from '../support/api-client.js';
import { ensureUiBuilt } from '../support/build-ui.js';
import type { KioskConfig, UiEvent } from '../../device/http/contract.js';
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
    await pushConfig(rt.bridge!.mqtt()!, pushed, 'frontdesk/v1', {
      deviceId: 'rt-cfg',
      config: { intake: { fields: [{ id: 'email', kind: 'email', label: 'Email', prompt: 'Email?' }] } },
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toHaveLength(1);
    expect(rt.config.intake.fields.some((f) => f.kind === 'name')).toBe(true);
    await rt.stop();

    rt = await startRuntime({ config, dataDir, log, http: false });
    expect(rt.config.business.greeting).toBe('Welcome back!');
    await rt.stop();
    await pushed.close();
  });

  it('shows a new attract text, business name and form on an open kiosk at once, without a reload', async () => {
    const config = parseConfig({ device: { id: 'rt-kiosk' }, http: { port: 0 } });
    const rt = await startRuntime({ config, dataDir: mkdtempSync(join(tmpdir(), 'fd-rt-config-')), log: createLogger({ level: 'error' }) });
    const pushed = new SqliteBridgeStore(':memory:');
    ensureUiBuilt(); // the kiosk socket needs the cookie the served page gets
    const ws = await kioskSocket(rt.http!.url);
    try {
      const kioskEvents: KioskConfig[] = [];
      ws.on('message', (d) => {
        const e = JSON.parse(d.toString()) as UiEvent;
        if (e.type === 'kiosk') kioskEvents.push(e.config);
      });
      await until(() => rt.sync.state().connected);
      const before = (await (await fetch(`${rt.http!.url}/api/kiosk`)).json()) as KioskConfig;
      expect(before.attractText).toBe('Touch the screen to start');

      const fields = [
        { id: 'name', kind: 'name', label: 'Your name', prompt: 'What is your name?' },
        { id: 'phone', kind: 'phone', label: 'Mobile', prompt: 'And your mobile number?' },
      ];
      await pushConfig(rt.bridge!.mqtt()!, pushed, 'frontdesk/v1', {
        deviceId: 'rt-kiosk',
        config: { business: { name: 'Bella Salon', attractText: 'Tap anywhere to check in' }, intake: { fields } },
      });
      await until(() => kioskEvents.length === 1);
      const now = (await (await fetch(`${rt.http!.url}/api/kiosk`)).json()) as KioskConfig;
      for (const k of [kioskEvents[0]!, now]) {
        expect(k).toMatchObject({ businessName: 'Bella Salon', attractText: 'Tap anywhere to check in' });
        expect(k.fields.map((f) => [f.id, f.label])).toEqual([
          ['name', 'Your name'],
          ['phone', 'Mobile'],
        ]);
      }
    } finally {
      ws.close();
      await rt.stop();
      await pushed.close();
    }
  });
});
