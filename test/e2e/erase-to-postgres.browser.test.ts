/**
 * Erasure from the staff's erase button to the cloud's database, in one test on real services: the runtime (real
 * SQLite, CRM, HTTP server and staff PIN) syncs over a real Mosquitto to the reference bridge on a real PostgreSQL.
 * A visit is stored and reaches PostgreSQL; staff log in in Chromium, open the contact and erase it through the
 * screen, confirming; then the contact is gone from the Leads screen and its API URL answers 404 saying so, its name,
 * phone and email are in none of the SQLite files' bytes, and in no row of any table in PostgreSQL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { PostgresBridgeStore } from '../../sync/bridge/pg-store.js';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt } from '../support/build-ui.js';
import { startMosquitto, type Mosquitto } from '../support/mosquitto.js';
import { startPostgres, type Postgres } from '../support/postgres.js';
import { loginAsStaff, staffToken, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';
import { until } from '../support/sync-device.js';

/** Details that appear nowhere else, so their bytes can be looked for in files and rows. */
const PERSON = { name: 'Quillon Vexmoor', phone: '4155550187', e164: '+14155550187', email: 'quillon.vexmoor@example.com' };
const DEVICE = 'erase-kiosk';

let broker: Mosquitto;
let postgres: Postgres;
let store: PostgresBridgeStore;
let bridge: CloudBridge;
let rt: StaffRuntime;
let browser: Browser;

beforeAll(async () => {
  ensureUiBuilt();
  [postgres, broker, browser] = await Promise.all([startPostgres(), startMosquitto(), launchBrowser()]);
  store = await PostgresBridgeStore.open(await postgres.createDatabase('erase_e2e'));
  bridge = new CloudBridge({ url: broker.url, topicPrefix: 'frontdesk/v1', store, clientId: 'bridge-erase' });
  await bridge.start();
  rt = await startStaffRuntime({ config: { device: { id: DEVICE }, sync: { broker: broker.url, reconnectMinMs: 100, reconnectMaxMs: 1000 } } });
});

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
  await bridge?.stop();
  await store?.close();
  await broker?.stop();
  await postgres?.stop();
});

/** Every row of every table in the bridge's database, as text (the tables are read from the catalog, not listed by hand). */
async function everythingInPostgres(): Promise<string> {
  const tables = (await store.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`)).map((r) => r.t);
  expect(tables).toEqual(expect.arrayContaining(['crm_contacts', 'crm_activities', 'crm_events', 'crm_tombstones']));
  const rows: string[] = [];
  // Names come from the catalog and are checked: identifiers cannot be parameters.
  for (const t of tables.filter((x) => /^[a-z_]+$/.test(x)))
    rows.push(...(await store.query<{ r: string }>(`SELECT x::text AS r FROM ${t} x`)).map((r) => r.r));
  return rows.join('\n');
}

/** The person's details found in the SQLite database and its -wal and -shm files, by file and detail. */
function inSqliteFiles(): string[] {
  const files = ['frontdesk.sqlite', 'frontdesk.sqlite-wal', 'frontdesk.sqlite-shm'].map((f) => join(rt.dataDir, f)).filter((f) => existsSync(f));
  expect(files[0]).toMatch(/frontdesk\.sqlite$/);
  const details = [PERSON.name, 'Vexmoor', PERSON.e164, PERSON.phone, PERSON.email, 'quillon.vexmoor'];
  return files.flatMap((f) => {
    const bytes = readFileSync(f);
    return details.filter((d) => bytes.includes(Buffer.from(d))).map((d) => `${d} in ${f}`);
  });
}

describe('erasing a contact on the staff screen', () => {
  it('removes it from the screen, from the SQLite files and from PostgreSQL', { timeout: 60_000 }, async () => {
    // The visit as the kiosk's route stores it (the same visit manager and write path).
    const visit = rt.runtime.visits.open('touch');
    const id = rt.runtime.visits.submit(
      visit.id,
      { consent: true, name: PERSON.name, phone: PERSON.phone, email: PERSON.email, reason: 'styling' },
      'touch',
    ).id;
    expect(rt.runtime.crm.get(id)!.name).toBe(PERSON.name);

    // Synced: the contact and its visit are in PostgreSQL, with every detail.
    await until(
      async () => (await store.query(`SELECT 1 FROM crm_contacts WHERE device_id = $1 AND contact_id = $2`, [DEVICE, id])).length === 1,
      20_000,
      'the contact in PostgreSQL',
    );
    await until(
      async () => (await store.query(`SELECT 1 FROM crm_activities WHERE contact_id = $1 AND type = 'visit'`, [id])).length === 1,
      20_000,
      'its visit',
    );
    const before = await everythingInPostgres();
    for (const d of [PERSON.name, PERSON.e164, PERSON.email]) expect(before).toContain(d);
    expect(inSqliteFiles().length).toBeGreaterThan(0); // there to begin with

    // Staff erase it on the screen, through its confirmation.
    const { page, errors, context } = await openKiosk(browser, `${rt.url}/`, { viewport: { width: 1366, height: 768 } });
    await loginAsStaff(page, rt);
    await page.waitForSelector('#leads-status');
    await page.fill('#leads-search', 'Vexmoor');
    await page.press('#leads-search', 'Enter');
    await page.click(`#leads tbody tr[data-contact-id="${id}"] .c-when`);
    await page.waitForSelector(`#contact[data-contact-id="${id}"] #contact-profile`);
    await expect(page.textContent('#contact-name')).resolves.toBe(PERSON.name);
    await page.click('#act-erase');
    await expect(page.textContent('#erase')).resolves.toMatch(/This cannot be undone\./);
    expect(rt.runtime.crm.get(id)).not.toBeNull(); // nothing happens before the confirmation
    await page.click('#erase-confirm');
    await page.waitForSelector('#staff-notice:not([hidden])');
    await expect(page.textContent('#staff-notice')).resolves.toBe(`${PERSON.name} was erased.`);

    // Gone from the Leads screen: the same search finds nothing, and the unfiltered list does not hold it.
    await expect.poll(async () => (await page.textContent('#leads-status')) ?? '', { timeout: 10_000 }).toMatch(/^No leads match\.$/);
    await page.click('#leads-clear');
    await expect.poll(async () => page.$$eval('#leads tbody tr', (trs) => trs.length), { timeout: 10_000 }).toBe(0);
    await expect(page.textContent('#staff-content')).resolves.not.toContain('Vexmoor');
    // Its URL answers 404, saying so.
    const res = await fetch(`${rt.url}/api/staff/contacts/${id}`, { headers: { authorization: `Bearer ${await staffToken(rt)}` } });
    expect(res.status).toBe(404);
    await expect(res.json()).resolves.toEqual({ error: 'contact_not_found', message: expect.stringMatching(/does not exist \(it may have been erased/) });
    expect(errors).toEqual([]);
    await context.close();

    // In PostgreSQL: once the tombstone is applied, no table holds any detail, and only the tombstone (ids) remains.
    await until(async () => (await store.tombstones()).some((t) => t.contactId === id), 20_000, 'the tombstone in PostgreSQL');
    await until(() => rt.runtime.sync.state().outbox.pending === 0, 20_000, 'the outbox drained');
    await bridge.idle();
    const after = await everythingInPostgres();
    for (const d of [PERSON.name, 'Vexmoor', PERSON.e164, PERSON.phone, PERSON.email]) expect(after, `${d} is still in PostgreSQL`).not.toContain(d);
    expect(await store.query(`SELECT 1 FROM crm_contacts WHERE contact_id = $1`, [id])).toEqual([]);
    expect(await store.query(`SELECT 1 FROM crm_activities WHERE contact_id = $1`, [id])).toEqual([]);

    // In the SQLite files' bytes, after a checkpoint that moved every WAL frame into the file and emptied the WAL.
    // (Asked again while the runtime's own checkpointer happens to be reading: the bytes are read only from an empty WAL.)
    await until(() => isDeepStrictEqual(rt.runtime.db.pragma('wal_checkpoint(TRUNCATE)'), [{ busy: 0, log: 0, checkpointed: 0 }]), 10_000, 'an emptied WAL');
    expect(inSqliteFiles()).toEqual([]);
  });
});
