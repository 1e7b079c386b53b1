/**
 * A value heard by voice and never confirmed, end to end on the real runtime (in process: SQLite, the CRM, the visit
 * write path, the HTTP server) in Chromium: a voice visit (simulate, text mode) walks away after saying the phone,
 * without the read-back; staff open the partial lead and see the phone marked "not confirmed"; they edit the phone
 * and the marker is gone, on the screen and in the CRM.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateVisit } from '../../device/simulate/run.js';
import { visitFileSchema } from '../../device/simulate/visit-file.js';
import { ensureUiBuilt, REPO_ROOT } from '../support/build-ui.js';
import { openStaffScreen, textMatches, type StaffScreen } from '../support/staff-screen.js';
import { loginAsStaff, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';

const SHOTS = join(REPO_ROOT, 'test', '.tmp', 'ui');

let rt: StaffRuntime;
let page: Page;
let errors: string[];
let screen: StaffScreen;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ensureUiBuilt();
  rt = await startStaffRuntime();
  screen = await openStaffScreen(rt.url, { width: 1080, height: 1920 });
  ({ page, errors } = screen);
});

afterAll(async () => {
  await screen?.close();
  await rt?.stop();
});

const say = (text: string) => ({ say: text });

describe('a partial lead whose phone was never read back', () => {
  it('shows the phone "not confirmed" until staff edit it', async () => {
    // Name, phone and consent by voice; then nothing more: the visitor walked away before the read-back.
    const walked = await simulateVisit(
      rt.runtime,
      visitFileSchema.parse({
        answers: { name: say('my name is Ana Lopez'), phone: say('four one five five five five zero one two three'), consent: say('yes') },
      }),
      { waitSyncMs: 0, lookup: false },
    );
    expect(walked.outcome).toBe('incomplete');
    const id = walked.contact!.id;
    expect(rt.runtime.crm.get(id)!.unconfirmed).toEqual(['phone']);

    await loginAsStaff(page, rt);
    await page.waitForSelector('#leads-status');
    await page.fill('#leads-search', '4155550123');
    await page.press('#leads-search', 'Enter');
    // The list marks it too, small, beside the number.
    await textMatches(page, `#leads tbody tr[data-contact-id="${id}"] .c-reach [data-unconfirmed="phone"]`, /^not confirmed$/);
    await page.screenshot({ path: join(SHOTS, 'leads-unconfirmed-phone.png') });
    await page.click(`#leads tbody tr[data-contact-id="${id}"] .c-when`);
    await page.waitForSelector(`#contact[data-contact-id="${id}"] #contact-profile`);
    await textMatches(page, '[data-field="phone"] [data-unconfirmed="phone"]', /^Not confirmed — heard by voice, never read back to the visitor/);
    // The email was not given; nothing else is marked.
    await expect(page.$$('[data-unconfirmed]')).resolves.toHaveLength(1);
    // The visit in the history says which answer was not confirmed too.
    await expect(page.textContent('#timeline li[data-type="visit"] .staff-facts')).resolves.toMatch(/not confirmed/);
    await page.screenshot({ path: join(SHOTS, 'contact-unconfirmed-phone.png') });

    // The rep called and the number was one digit off: they correct it.
    await page.click('[data-edit-field="phone"]');
    await textMatches(page, '#edit-field', /never confirmed by the visitor/);
    await page.fill('#edit-field-value', '415 555 0132');
    await page.click('#edit-field-confirm');
    await page.waitForSelector('#edit-field', { state: 'detached' });
    await page.waitForSelector('[data-field="phone"] .field-value:text-is("+14155550132")');
    await expect(page.$$('[data-unconfirmed]')).resolves.toHaveLength(0);
    expect(rt.runtime.crm.get(id)!.unconfirmed).toEqual([]);
    await page.click('#contact-back');
    await page.fill('#leads-search', '4155550132');
    await page.press('#leads-search', 'Enter');
    await page.waitForSelector(`#leads tbody tr[data-contact-id="${id}"]`);
    await expect(page.$$('#leads [data-unconfirmed]')).resolves.toHaveLength(0);
    expect(errors).toEqual([]);
  });
});
