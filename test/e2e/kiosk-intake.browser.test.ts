/**
 * The whole product, end to end: the runtime as its own process, the kiosk UI in Chromium, a real Mosquitto, and the
 * reference bridge. A customer fills the form by touch; the lead lands in SQLite and is delivered and acknowledged.
 */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { SqliteBridgeStore } from '../../sync/bridge/sqlite-store.js';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { startMosquitto, type Mosquitto } from '../support/mosquitto.js';
import { bearer, loginAsTechnician } from '../support/login.js';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.js';

let broker: Mosquitto;
let browser: Browser;
let runtime: RuntimeProcess;
let bridge: CloudBridge;
let cloud: SqliteBridgeStore;
const dir = mkdtempSync(join(tmpdir(), 'fd-e2e-'));
const dataDir = join(dir, 'device');

beforeAll(async () => {
  broker = await startMosquitto();
  cloud = new SqliteBridgeStore(join(dir, 'cloud.sqlite'));
  bridge = new CloudBridge({ url: broker.url, topicPrefix: 'frontdesk/v1', store: cloud, clientId: 'e2e-bridge' });
  await bridge.start();
  runtime = await startRuntimeProcess(['--data-dir', dataDir, '--broker', broker.url, '--device-id', 'e2e-kiosk']);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  expect(await runtime?.stop()).toBe(0);
  await bridge?.stop();
  await cloud?.close();
  await broker?.stop();
});

describe('kiosk intake, end to end', () => {
  it('stores a touch lead in SQLite and delivers it through Mosquitto to the bridge', async () => {
    const { page, errors } = await openKiosk(browser, `${runtime.url}/`);
    await page.click('#start');
    await page.waitForSelector('#name');

    // Typed on the on-screen keyboard, as on a kiosk with no physical keyboard.
    await page.click('#name');
    for (const key of ['m', 'i', 'a', 'space', 'r', 'o', 's', 's']) await page.click(`.osk button[data-key="${key}"]`);
    await page.fill('#phone', '4155550177');
    await page.fill('#email', 'mia@example.com');
    await page.click('.choice[data-value="styling"]');

    // Without consent the runtime refuses, and says why next to the box.
    await page.click('#submit');
    // Polled through Playwright, not page.waitForFunction: the kiosk's CSP forbids the eval that one uses.
    await expect.poll(async () => (await page.textContent('#consent-error')) ?? '').toMatch(/\S/);

    await page.check('#consent');
    await page.click('#submit');
    await page.waitForSelector('[data-screen="thanks"]');
    expect(await page.textContent('body')).toContain('Mia');

    const db = new Database(join(dataDir, 'frontdesk.sqlite'), { readonly: true });
    const row = db.prepare(`SELECT id, name, phone, email, reason, source FROM contacts WHERE email = ?`).get('mia@example.com') as Record<string, string>;
    expect(row).toMatchObject({ name: 'Mia Ross', phone: '+14155550177', reason: 'styling', source: 'kiosk-touch' });

    const delivered = (): string | null =>
      (db.prepare(`SELECT delivered_at FROM outbox WHERE record_id = ?`).get(row.id) as { delivered_at: string | null }).delivered_at;
    const end = Date.now() + 20_000;
    while (!delivered() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(delivered()).toBeTruthy();
    db.close();
    expect(cloud.contacts().filter((c) => c.contactId === row.id)).toHaveLength(1);

    // The details of /healthz are for technicians; on this new device the helper chooses the PIN first.
    const technician = bearer(await loginAsTechnician(runtime.url));
    type Health = { parts: { body: { lastGesture?: { name: string } }; sync: { ok: boolean } } };
    const health = async (): Promise<Health> => (await (await fetch(`${runtime.url}/healthz`, { headers: technician })).json()) as Health;
    expect((await health()).parts.sync.ok).toBe(true);
    // A gesture counts as the last one once it has ended, as on the real body; the farewell takes about 2.5 s.
    const farewellBy = Date.now() + 10_000;
    while ((await health()).parts.body.lastGesture?.name !== 'farewell' && Date.now() < farewellBy) await new Promise((r) => setTimeout(r, 100));
    expect((await health()).parts.body.lastGesture?.name).toBe('farewell');
    expect(errors).toEqual([]);
  });
});
