/** The runtime's wiring of the downlink config: applied to runtime.config, announced, and kept across a restart. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../device/config/load.js';
import { createLogger } from '../../device/log.js';
import { startRuntime } from '../../device/runtime.js';
import { pushConfig } from '../../sync/bridge/fleet.js';
import type { RemoteConfig, ReportedConfig } from '../../sync/schemas/config.js';
import { deviceTopics } from '../../sync/topics.js';
import { simulateVisit } from '../../device/simulate/run.js';
import { visitFileSchema } from '../../device/simulate/visit-file.js';
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

  it('opening hours pushed in an older console’s shape and in the new one both reach the one schedule the robot and the tasks read', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fd-rt-config-'));
    const rt = await startRuntime({ config: parseConfig({ device: { id: 'rt-hours' } }), dataDir, log: createLogger({ level: 'error' }), http: false });
    const pushed = new SqliteBridgeStore(':memory:');
    try {
      await until(() => rt.sync.state().connected);
      // What the device reports to the cloud, as the cloud side (the bridge's client, subscribed to it) hears it.
      const reported: ReportedConfig[] = [];
      const cloudSide = rt.bridge!.mqtt()!;
      cloudSide.on('message', (topic, payload) => {
        if (topic === deviceTopics('frontdesk/v1', 'rt-hours').configReported) reported.push(JSON.parse(payload.toString()) as ReportedConfig);
      });
      const push = (config: RemoteConfig) => pushConfig(rt.bridge!.mqtt()!, pushed, 'frontdesk/v1', { deviceId: 'rt-hours', config });
      const sunday = async () => {
        const r = await simulateVisit(rt, visitFileSchema.parse({ turns: [{ say: 'are you open on sunday?' }] }), { waitSyncMs: 0 });
        return r.transcript.find((l) => l.who === 'robot' && /sunday/i.test(l.text))?.text ?? null;
      };
      expect(await sunday()).toBeNull(); // unset: the robot does not talk about hours

      // The old shape: the profile's hours and the handoff's, disagreeing on Sunday: the profile's win.
      await push({
        business: { hours: { saturday: { open: '10:00', close: '16:00' }, sunday: null } },
        handoff: { businessHours: { timezone: 'Europe/Paris', week: { sat: ['09:00-17:00'], sun: ['10:00-14:00'] } } },
      });
      await until(() => rt.health().parts.sync['configVersion'] === 1);
      expect(rt.handoff.hours()).toMatchObject({ timezone: 'Europe/Paris', week: { sat: ['10:00-16:00'], sun: [] }, merged: { from: 'both' } });
      expect(rt.handoff.zone()).toBe('Europe/Paris');
      expect(await sunday()).toMatch(/^Sorry, we're closed on Sunday\./);

      // The new shape replaces it whole (and the note on how it was merged goes).
      await push({ business: { openingHours: { week: { sun: ['11:00-15:00'] } } } });
      await until(() => rt.health().parts.sync['configVersion'] === 2);
      expect(rt.handoff.hours()).toEqual({ week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: ['11:00-15:00'] }, holidays: [] });
      expect(await sunday()).toMatch(/^Yes, on Sunday we're open from 11 AM to 3 PM\./);

      // Both shapes in one push: refused as a whole, the reason reported to the cloud.
      await push({ business: { openingHours: { week: { sun: [] } }, hours: { sunday: null } } });
      await until(() => reported.some((r) => /business\.openingHours: this push also has the opening hours in their older shape/.test(r.last.reason ?? '')));
      expect(reported.at(-1)).toMatchObject({ version: 2, last: { version: 3, status: 'refused' } });
      expect(rt.handoff.hours().week.sun).toEqual(['11:00-15:00']);
    } finally {
      await rt.stop();
      await pushed.close();
    }
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
        // A pushed form must keep a required consent field (local policy the cloud cannot override).
        { id: 'consent', kind: 'consent', label: 'Consent', prompt: 'May we keep your details?' },
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
          ['consent', 'Consent'],
        ]);
      }
    } finally {
      ws.close();
      await rt.stop();
      await pushed.close();
    }
  });
});
