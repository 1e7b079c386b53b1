/**
 * The staff flows of the CRM, end to end: the real runtime (in process: real SQLite, the real CRM and visit write
 * path, the real HTTP server and staff PIN), leads made by kiosk visits through the kiosk API, and the staff screens
 * in Chromium. Find a lead; move its stage without a note, with its criteria unmet, then properly; record a loss and
 * see it among the dashboard's loss reasons; add a synonym on the settings screen and see the next visit that says it
 * tagged; erase a contact and find its name nowhere in the SQLite files' bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIELDS } from '../../device/config/schema.js';
import type { SubmitResult, VisitView } from '../../device/http/contract.js';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt } from '../support/build-ui.js';
import { loginAsStaff, staffToken, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';

/** A name that appears nowhere else, so its bytes can be looked for in the database files. */
const ERASED_NAME = 'Zebulon Quixhaven';

let browser: Browser;
let rt: StaffRuntime;
let page: Page;
let errors: string[];
let closeContext: (() => Promise<void>) | undefined;

/** One touch visit through the kiosk API, as the kiosk screen makes it; returns the contact id. */
async function kioskVisit(values: Record<string, string | boolean>): Promise<string> {
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${rt.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as T;
  };
  const visit = await post<VisitView>('/api/visits', { trigger: 'touch' });
  const done = await post<SubmitResult>(`/api/visits/${visit.id}/submit`, { values: { consent: true, ...values } });
  return done.contact.id;
}

const tagsOf = (id: string) => rt.runtime.crm.get(id)!.tags.map((t) => t.id);

beforeAll(async () => {
  ensureUiBuilt();
  // The default salon form and one free-text answer, as a business would add ("Anything we should know?").
  const fields = [...DEFAULT_FIELDS, { id: 'notes', kind: 'text', label: 'Anything we should know?', prompt: 'Anything we should know?', required: false }];
  rt = await startStaffRuntime({ config: { intake: { fields } } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
});

afterEach(async () => {
  expect(errors).toEqual([]);
  await closeContext?.();
  closeContext = undefined;
});

async function open(): Promise<void> {
  const kiosk = await openKiosk(browser, `${rt.url}/`, { viewport: { width: 1080, height: 1920 } });
  page = kiosk.page;
  errors = kiosk.errors;
  closeContext = () => kiosk.context.close();
  await loginAsStaff(page, rt);
  await page.waitForSelector('#leads-status');
}

const statusIs = (selector: string, re: RegExp) =>
  page.waitForFunction(`new RegExp(${JSON.stringify(re.source)}).test(document.querySelector(${JSON.stringify(selector)})?.textContent ?? '')`);

async function find(search: string, id: string): Promise<void> {
  await page.fill('#leads-search', search);
  await page.press('#leads-search', 'Enter');
  await page.waitForSelector(`#leads tbody tr[data-contact-id="${id}"]`);
}

async function openContact(search: string, id: string): Promise<void> {
  await find(search, id);
  await page.click(`#leads tbody tr[data-contact-id="${id}"] .c-when`);
  await page.waitForSelector(`#contact[data-contact-id="${id}"] #contact-profile`);
}

describe('staff CRM flows on the real runtime', () => {
  let maya: string;
  let omar: string;

  beforeAll(async () => {
    maya = await kioskVisit({ name: 'Maya Lindqvist', phone: '4155550101', email: 'maya@example.com', reason: 'hair-coloring' });
    omar = await kioskVisit({ name: 'Omar Haddad', phone: '4155550102', email: 'omar@example.com', reason: 'other' });
  });

  it('finds a lead by part of the name, by phone as people type it, and by a tag', async () => {
    await open();
    await find('lindq', maya);
    await expect(page.$$eval('#leads tbody tr', (trs) => trs.length)).resolves.toBe(1);
    await find('(415) 555-0102', omar);
    await expect(page.textContent(`#leads tbody tr[data-contact-id="${omar}"] .c-name`)).resolves.toBe('Omar Haddad');
    await find('Hair coloring', maya);
    await expect(page.$$(`#leads tbody tr[data-contact-id="${omar}"]`)).resolves.toHaveLength(0);
  });

  it('refuses a stage move without a note, then one whose criteria are unmet (naming what is missing), then takes one', async () => {
    await open();
    await openContact('Omar', omar);
    await page.click('#act-stage');
    await page.selectOption('#move-stage-select', 'sales-qualified');
    await page.click('#move-stage-confirm');
    await page.waitForSelector('#move-stage-error:not([hidden])');
    await expect(page.textContent('#move-stage-error')).resolves.toMatch(/needs a note/);

    await page.fill('#move-stage-note', 'Called him back; wants a quote');
    await page.click('#move-stage-confirm');
    await statusIs('#move-stage-error', /Cannot move to Sales qualified/);
    await expect(page.$$eval('#move-stage-error li', (li) => li.map((l) => l.textContent))).resolves.toEqual(['a tag of Service interest']);
    await page.click('#move-stage-cancel');
    expect(rt.runtime.crm.get(omar)!.stage.id).toBe('new-inquiry');

    await page.click('#contact-back');
    await openContact('Maya', maya);
    await page.click('#act-stage');
    await page.selectOption('#move-stage-select', 'sales-qualified');
    await page.fill('#move-stage-note', 'Wants a full colour before her wedding on 14 June');
    await page.click('#move-stage-confirm');
    await page.waitForSelector('#move-stage', { state: 'detached' });
    await expect(page.textContent('#contact .contact-stage .stage-chip')).resolves.toBe('Sales qualified');
    const top = page.locator('#timeline li').first();
    await expect(top.getAttribute('data-type')).resolves.toBe('stage-changed');
    await expect(top.textContent()).resolves.toContain('Wants a full colour before her wedding on 14 June');
    expect(rt.runtime.crm.get(maya)!.stage.id).toBe('sales-qualified');
  });

  it("records a loss with a reason, and the dashboard's loss reasons show it", async () => {
    await open();
    await openContact('Maya', maya);
    await page.click('#act-outcome');
    await page.click('#outcome-lost');
    await page.selectOption('#outcome-reason', 'price');
    await page.fill('#outcome-objection', 'Found it too dear');
    await page.click('#outcome-confirm');
    await page.waitForSelector('#contact-outcome');
    await expect(page.textContent('#contact-outcome')).resolves.toMatch(/^Lost — Price/);

    await page.click('#tab-dashboard');
    await page.waitForSelector('#panel-loss-reasons table');
    const reasons = await page.$$eval('#panel-loss-reasons tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(reasons).toEqual([['Price', '1']]);
  });

  it('adds a synonym on the settings screen; the next visit that says it gets the canonical tag', async () => {
    const before = await kioskVisit({ name: 'Lena Berg', phone: '4155550103', email: 'lena@example.com', reason: 'other', notes: 'I would love an ombre' });
    expect(tagsOf(before)).not.toContain('hair-coloring');

    await open();
    await page.click('#tab-settings');
    const tag = '[data-tag-id="hair-coloring"]';
    await page.waitForSelector(tag);
    await page.fill(`${tag} .synonym-input`, 'ombre');
    await page.click(`${tag} .add-synonym`);
    await page.click('#settings-save');
    await statusIs('#settings-result', /Saved\. The changes take effect now\./);

    const after = await kioskVisit({ name: 'Ines Duarte', phone: '4155550104', email: 'ines@example.com', reason: 'other', notes: 'An ombre, please' });
    expect(tagsOf(after)).toContain('hair-coloring');
    await page.click('#tab-leads');
    await find('Ines', after);
    await expect(page.textContent(`#leads tbody tr[data-contact-id="${after}"] .c-tags`)).resolves.toContain('Hair coloring');
  });

  it('erases a contact: gone from the screen, and its name is in none of the SQLite files', async () => {
    const id = await kioskVisit({ name: ERASED_NAME, phone: '4155550199', email: 'zq@example.com', reason: 'styling', notes: `${ERASED_NAME} likes mornings` });
    const files = ['frontdesk.sqlite', 'frontdesk.sqlite-wal', 'frontdesk.sqlite-shm'].map((f) => join(rt.dataDir, f)).filter((f) => existsSync(f));
    const holding = () => files.filter((f) => readFileSync(f).includes(Buffer.from('Quixhaven')));
    expect(holding().length).toBeGreaterThan(0); // the name is there to begin with

    await open();
    await openContact('Quixhaven', id);
    await page.click('#act-erase');
    await expect(page.textContent('#erase')).resolves.toMatch(/This cannot be undone\./);
    await page.click('#erase-confirm');
    await page.waitForSelector('#staff-notice:not([hidden])');
    await expect(page.textContent('#staff-notice')).resolves.toBe(`${ERASED_NAME} was erased.`);
    await statusIs('#leads-status', /^No leads match\.$/);

    const res = await fetch(`${rt.url}/api/staff/contacts/${id}`, { headers: { authorization: `Bearer ${await staffToken(rt)}` } });
    expect(res.status).toBe(404);
    rt.runtime.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(holding()).toEqual([]);
  });
});
