/**
 * Staff design the intake in Chromium against the real runtime: they add a date field and a multiple-choice field
 * in the editor -> the kiosk form shows them -> a text-mode voice visit (simulate) fills them -> the contact holds
 * them typed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { parseConfig } from '../../device/config/load.js';
import { silentLogger } from '../../device/log.js';
import { startRuntime, type Runtime } from '../../device/runtime.js';
import { simulateVisit } from '../../device/simulate/run.js';
import { visitFileSchema } from '../../device/simulate/visit-file.js';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt } from '../support/build-ui.js';

let runtime: Runtime;
let browser: Browser;

beforeAll(async () => {
  ensureUiBuilt();
  runtime = await startRuntime({
    config: parseConfig({ device: { id: 'intake-editor', timezone: 'America/New_York' }, http: { port: 0 }, staff: { pin: '402719' } }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-intake-editor-')),
    log: silentLogger(),
    body: new SimulatedBody(0),
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

/** Fills the newest field row of the editor. */
async function fillNewField(page: Page, values: { id: string; kind: string; label: string; prompt: string }): Promise<string> {
  await page.click('#intake-add');
  // A new row is named field_<n> until saved; choosing its type redraws the list.
  await page.locator('.intake-field[data-field-id^="field_"] select[name="kind"]').selectOption(values.kind);
  const fresh = page.locator('.intake-field[data-field-id^="field_"]');
  await fresh.locator('input[name="id"]').fill(values.id);
  await fresh.locator('input[name="label"]').fill(values.label);
  await fresh.locator('input[name="prompt"]').fill(values.prompt);
  await fresh.locator('input[name="required"]').check();
  return values.id;
}

describe('intake editor', () => {
  it('staff add a date and a multiple-choice field; the kiosk shows them; a visit fills them; the contact holds them typed', async () => {
    const { page, errors, context } = await openKiosk(browser, runtime.http!.url);
    await page.waitForSelector('[data-screen="attract"]');
    await page.click('.staff-corner');
    for (const d of '402719') await page.click(`[data-pin="${d}"]`);
    await page.click('[data-pin="enter"]');
    await page.click('#tab-intake');
    await page.waitForSelector('.intake-field[data-field-id="consent"]');

    await fillNewField(page, { id: 'visit_at', kind: 'date', label: 'Appointment', prompt: 'When would you like to come?' });
    await page.locator('.intake-field').nth(-2).locator('input[name="time"]').check();
    await fillNewField(page, { id: 'services', kind: 'multichoice', label: 'Services', prompt: 'Which services would you like?' });
    const services = page.locator('.intake-field').nth(-2);
    // A choice without options is refused with a clear message; nothing is saved.
    await page.click('#intake-save');
    await expect(page.waitForSelector('#intake-problems li').then((e) => e.textContent())).resolves.toMatch(/fields\[7\]\.choices: a choice needs its options/);
    expect(runtime.config.intake.fields.map((f) => f.id)).not.toContain('services');

    await services.locator('textarea[name="choices"]').fill('color: Color | a color\ntrim: Trim | a trim');
    await page.click('#intake-preview-btn');
    await page.waitForSelector('#intake-preview input[type="datetime-local"]');
    await page.click('#intake-save');
    await page.waitForSelector('#intake-status:has-text("Saved")');
    expect(runtime.config.intake.fields.map((f) => f.id)).toEqual(expect.arrayContaining(['visit_at', 'services']));

    // The kiosk form shows them: a native date-and-time picker and one button per option.
    await page.click('#staff-logout');
    await page.waitForSelector('[data-screen="attract"]');
    await page.click('#start');
    await page.waitForSelector('[data-screen="form"]');
    await expect(page.getAttribute('#visit_at', 'type')).resolves.toBe('datetime-local');
    await expect(page.$$eval('[data-field="services"] .choice', (bs) => bs.map((b) => b.textContent))).resolves.toEqual(['Color', 'Trim']);
    await page.click('#cancel');
    await page.waitForSelector('[data-screen="attract"]');

    // A voice visit (text mode) fills them; the contact holds them typed.
    const persona = {
      name: 'Ana Lopez',
      phone: '+14155550123',
      email: 'ana@example.com',
      reason: 'a haircut',
      answers: { visit_at: 'the fifth of january at three', services: 'a color and a trim', heard_from: 'a friend', contact_method: 'text me' },
    };
    const r = await simulateVisit(runtime, visitFileSchema.parse({ persona }), { waitSyncMs: 0 });
    expect(r.outcome).toBe('stored');
    expect(r.contact!.fields).toMatchObject({ visit_at: '2027-01-05T15:00', services: ['color', 'trim'] });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('staff fill the business profile: a bad time is refused with its place, a good profile answers the next visit', async () => {
    const { page, errors, context } = await openKiosk(browser, runtime.http!.url);
    await page.waitForSelector('[data-screen="attract"]');
    await page.click('.staff-corner');
    for (const d of '402719') await page.click(`[data-pin="${d}"]`);
    await page.click('[data-pin="enter"]');
    await page.click('#tab-business');
    await page.waitForSelector('[name="sunday-open"]');
    // No hours yet: every day shows closed. Monday opens, at a time after its closing.
    await page.uncheck('[name="monday-closed"]');
    await page.fill('[name="monday-open"]', '19:00');
    await page.click('#business-save');
    await expect(page.waitForSelector('#business-problems li').then((e) => e.textContent())).resolves.toBe(
      'hours.monday: the opening time must be before the closing time',
    );
    await page.fill('[name="monday-open"]', '09:00');
    await page.check('[name="sunday-closed"]');
    await page.fill('[name="address"]', '12 Main Street');
    await page.fill('[name="services"]', 'A haircut: $40 | haircut, cut');
    await page.click('#business-save');
    await page.waitForSelector('#business-status:has-text("Saved")');
    expect(runtime.config.business).toMatchObject({ address: '12 Main Street', hours: { sunday: null } });

    const r = await simulateVisit(runtime, visitFileSchema.parse({ turns: [{ say: 'how much is a haircut?' }] }), { waitSyncMs: 0 });
    expect(r.transcript.some((l) => l.who === 'robot' && l.text.startsWith('A haircut is $40.'))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
