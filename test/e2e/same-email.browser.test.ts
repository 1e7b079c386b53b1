/**
 * Two contacts sharing an email, on the staff screens of the real runtime in Chromium: a visit with one contact's
 * phone and another's email joins the first; each contact's page says so, naming the other; staff open the other
 * from the notice, then merge them through the merge dialog the notice opens (searching the shared email).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt } from '../support/build-ui.js';
import { loginAsStaff, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';

let browser: Browser;
let rt: StaffRuntime;

beforeAll(async () => {
  ensureUiBuilt();
  [rt, browser] = await Promise.all([startStaffRuntime(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
});

/** One touch visit through the visit manager the kiosk's routes call; returns the contact id. */
function kioskVisit(name: string, phone: string, email: string): string {
  const visit = rt.runtime.visits.open('touch');
  return rt.runtime.visits.submit(visit.id, { consent: true, name, phone, email, reason: 'haircut' }, 'touch').id;
}

async function openContact(page: Page, search: string, id: string): Promise<void> {
  await page.fill('#leads-search', search);
  await page.press('#leads-search', 'Enter');
  await page.click(`#leads tbody tr[data-contact-id="${id}"] .c-when`);
  await page.waitForSelector(`#contact[data-contact-id="${id}"] #contact-profile`);
}

describe('two contacts with one email on the staff screen', () => {
  it('each names the other; staff open it, then merge them; nothing merged before', async () => {
    const rosa = kioskVisit('Rosa Marquez', '4155550131', 'rosa@example.com');
    const rose = kioskVisit('Rose Marquez', '4155550132', 'rmarquez@example.com');
    expect(kioskVisit('Rosa Marquez', '4155550131', 'rmarquez@example.com')).toBe(rosa);

    const { page, errors, context } = await openKiosk(browser, `${rt.url}/`, { viewport: { width: 1080, height: 1920 } });
    await loginAsStaff(page, rt);
    await page.waitForSelector('#leads-status');
    await openContact(page, 'Rosa', rosa);
    await expect(page.textContent('#contact-same-email')).resolves.toBe(
      'Same email (rmarquez@example.com) as Rose Marquez — the same person? Check, then merge.Merge…',
    );
    expect(rt.runtime.crm.get(rose)).not.toBeNull();

    // The other's name opens the other, which names Rosa in turn.
    await page.click(`#contact-same-email .same-email-open[data-contact-id="${rose}"]`);
    await page.waitForSelector(`#contact[data-contact-id="${rose}"] #contact-same-email`);
    await expect(page.textContent(`#contact-same-email .same-email-open[data-contact-id="${rosa}"]`)).resolves.toBe('Rosa Marquez');

    // Merge from the notice: the dialog has already searched the shared email; Rosa is picked and merged in.
    await page.click('#same-email-merge');
    await page.click(`.merge-pick[data-contact-id="${rosa}"]`);
    await page.click('#merge-confirm');
    await page.waitForSelector('#merge', { state: 'detached' });
    await expect(page.textContent('#contact-status')).resolves.toBe('Contacts merged.');
    await expect(page.$$('#contact-same-email')).resolves.toHaveLength(0);
    expect(rt.runtime.crm.get(rosa)).toBeNull();
    expect(rt.runtime.crm.get(rose)!.visits).toBe(3);
    expect(errors).toEqual([]);
    await context.close();
  });
});
