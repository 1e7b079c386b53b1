/**
 * A stage removed through the config file (not on Settings, which refuses while contacts are in it), on the staff
 * screen of the real runtime in Chromium: the runtime restarts on the same data with a config that no longer has the
 * stage its contact is in. The contact page shows "Removed stage (id)" with what to do, never the bare id, in its
 * stage and its history; staff move the contact on to a current stage.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../device/config/load.js';
import { DEFAULT_STAGES } from '../../device/crm/defaults.js';
import { silentLogger } from '../../device/log.js';
import { startRuntime, type Runtime } from '../../device/runtime.js';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt } from '../support/build-ui.js';
import { loginAsStaff, STAFF_PIN } from '../support/staff-runtime.js';

const dataDir = mkdtempSync(join(tmpdir(), 'fd-removed-stage-'));
let browser: Browser;
let runtime: Runtime | undefined;

const start = (crm: Record<string, unknown> = {}) =>
  startRuntime({
    config: parseConfig({ http: { port: 0 }, device: { id: 'stage-kiosk' }, staff: { pin: STAFF_PIN }, crm }),
    dataDir,
    log: silentLogger(),
  });

beforeAll(async () => {
  ensureUiBuilt();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('a stage removed through the config file', () => {
  it('shows as a removed stage on the contact page, and staff move the contact on', async () => {
    runtime = await start();
    const visit = runtime.visits.open('touch');
    const id = runtime.visits.submit(
      visit.id,
      { consent: true, name: 'Lior Ben-David', phone: '4155550151', email: 'lior@example.com', reason: 'haircut' },
      'touch',
    ).id;
    runtime.crm.moveStage(id, 'marketing-qualified', 'Agreed to hear from us', { kind: 'staff', id: null, name: 'Maya' });
    await runtime.stop();

    // The business edits its config file: no more "Marketing qualified".
    runtime = await start({ stages: DEFAULT_STAGES.filter((s) => s.id !== 'marketing-qualified') });
    const { page, errors, context } = await openKiosk(browser, `${runtime.http!.url}/`, { viewport: { width: 1366, height: 768 } });
    await loginAsStaff(page, { url: runtime.http!.url, staffPin: STAFF_PIN });
    await page.fill('#leads-search', 'Lior');
    await page.press('#leads-search', 'Enter');
    await page.click(`#leads tbody tr[data-contact-id="${id}"] .c-when`);
    await page.waitForSelector(`#contact[data-contact-id="${id}"] #contact-profile`);

    await expect(page.textContent('#contact .contact-stage .stage-chip')).resolves.toBe('Removed stage (marketing-qualified)');
    await expect(page.textContent('#contact-stage-definition')).resolves.toMatch(
      /no longer in the settings .* Move the contact to one of the current stages\./,
    );
    const move = page.locator('#timeline li[data-type="stage-changed"]').first();
    await expect(move.textContent()).resolves.toContain('New inquiry → Removed stage (marketing-qualified)');

    await page.click('#act-stage');
    await expect(page.$$eval('#move-stage-select option', (o) => o.map((x) => x.textContent))).resolves.not.toContain('Removed stage (marketing-qualified)');
    await page.selectOption('#move-stage-select', 'new-inquiry');
    await page.fill('#move-stage-note', 'Stage removed from our config; starting over');
    await page.click('#move-stage-confirm');
    await page.waitForSelector('#move-stage', { state: 'detached' });
    await expect(page.textContent('#contact .contact-stage .stage-chip')).resolves.toBe('New inquiry');
    await expect(page.locator('#timeline li[data-type="stage-changed"]').first().textContent()).resolves.toContain(
      'Removed stage (marketing-qualified) → New inquiry',
    );
    await expect(page.textContent('#contact')).resolves.not.toMatch(/(^|[^(])marketing-qualified(?!\))/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
