/**
 * The intake editor's reorder and remove buttons in Chromium against the real runtime (text speech, no audio): staff
 * move a field up, remove one, save, and the very next kiosk visit gets the new order without a restart; removing
 * consent is refused with the reason and changes nothing. (The add, preview and voice path are in
 * intake-editor.browser.test.ts; these buttons were clicked by no test.)
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskConfig } from '../../device/http/contract.js';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt } from '../support/build-ui.js';
import { loginAsStaff, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';
import { openStaffTab } from '../support/staff-screen.js';

let browser: Browser;
let rt: StaffRuntime;

beforeAll(async () => {
  ensureUiBuilt();
  rt = await startStaffRuntime({ config: { speech: { mode: 'text' } } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
});

const ids = () => rt.runtime.config.intake.fields.map((f) => f.id);
const rows = (page: Page) => page.$$eval('.intake-field', (els) => els.map((e) => e.getAttribute('data-field-id')));
const kioskFields = async () => ((await (await fetch(`${rt.url}/api/kiosk`)).json()) as KioskConfig).fields.map((f) => f.id);

describe('intake editor: reorder and remove', () => {
  it('moves a field up and removes one; the next visit asks in the new order; consent cannot be removed', async () => {
    const { page, errors, context } = await openKiosk(browser, `${rt.url}/`);
    await loginAsStaff(page, rt);
    await openStaffTab(page, 'intake');
    await page.waitForSelector('.intake-field[data-field-id="consent"]');
    const before = ids();
    expect(before).toEqual(['name', 'phone', 'email', 'reason', 'heard_from', 'contact_method', 'consent']);

    await page.click('[aria-label="Move Email up"]');
    await page.click('[aria-label="Remove How did you hear about us?"]');
    // The first field's "up" and the last field's "down" do nothing.
    await page.click('[aria-label="Move Your name up"]');
    await page.click('[aria-label="Move Consent down"]');
    await expect(rows(page)).resolves.toEqual(['name', 'email', 'phone', 'reason', 'contact_method', 'consent']);
    expect(ids()).toEqual(before); // nothing is in effect before Save

    await page.click('#intake-save');
    await page.waitForSelector('#intake-status:has-text("Saved")');
    expect(ids()).toEqual(['name', 'email', 'phone', 'reason', 'contact_method', 'consent']);
    await expect(kioskFields()).resolves.toEqual(['name', 'email', 'phone', 'reason', 'contact_method', 'consent']);
    // The kiosk's next visit shows the form in the new order.
    await page.click('#staff-logout');
    await page.waitForSelector('[data-screen="attract"]');
    await page.click('#start');
    await page.waitForSelector('[data-screen="form"] #name');
    await expect(page.$$eval('[data-screen="form"] [data-field]', (els) => els.map((e) => e.getAttribute('data-field')))).resolves.toEqual([
      'name',
      'email',
      'phone',
      'reason',
      'contact_method',
      'consent',
    ]);
    await loginAsStaff(page, rt);
    await openStaffTab(page, 'intake');
    await page.waitForSelector('.intake-field[data-field-id="consent"]');

    // Consent stays: removing it is refused, named, and the saved form is unchanged.
    await page.click('[aria-label="Remove Consent"]');
    await page.click('#intake-save');
    await expect(page.waitForSelector('#intake-problems li').then((e) => e.textContent())).resolves.toMatch(/the form needs its consent field/);
    expect(ids()).toEqual(['name', 'email', 'phone', 'reason', 'contact_method', 'consent']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
