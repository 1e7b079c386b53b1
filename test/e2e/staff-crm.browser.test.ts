/**
 * The staff flows of the CRM, end to end: the real runtime (in process: real SQLite, the real CRM and visit write
 * path, the real HTTP server and staff PIN), leads made by kiosk visits through the kiosk API, and the staff screens
 * in Chromium. Find a lead; move its stage without a note, with its criteria unmet, then properly; record a loss and
 * see it among the dashboard's loss reasons; add a synonym on the settings screen and see the next visit that says it
 * tagged; erase a contact and find its name nowhere in the SQLite files' bytes.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIELDS } from '../../device/config/schema.js';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt, REPO_ROOT } from '../support/build-ui.js';
import { loginAsStaff, staffToken, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';
import { openStaffTab } from '../support/staff-screen.js';

/** A name that appears nowhere else, so its bytes can be looked for in the database files. */
const ERASED_NAME = 'Zebulon Quixhaven';
/** Markup a person-name field accepts (letters, spaces and a tag): it must show as text, never become an element. */
const MARKUP_NAME = 'Zoë <b>Ångström</b>';
const SHOTS = join(REPO_ROOT, 'test', '.tmp', 'ui');

let browser: Browser;
let rt: StaffRuntime;
let page: Page;
let errors: string[];
let closeContext: (() => Promise<void>) | undefined;

/** One touch visit through the kiosk API, as the kiosk screen makes it; returns the contact id. */
async function kioskVisit(values: Record<string, string | boolean>): Promise<string> {
  // The visit manager the kiosk's routes call, in process: the HTTP route would rate-limit a test that opens many.
  const visits = rt.runtime.visits;
  const visit = visits.open('touch');
  return visits.submit(visit.id, { consent: true, ...values }, 'touch').id;
}

const tagsOf = (id: string) => rt.runtime.crm.get(id)!.tags.map((t) => t.id);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
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

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
/** Waits until the element's text matches (polled from the test: the kiosk's CSP refuses code sent as a string). */
const statusIs = (selector: string, re: RegExp) => expect.poll(async () => (await page.textContent(selector)) ?? '', { timeout: 15_000 }).toMatch(re);

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
    // The source and stage filters reach the real CRM: both came by touch, nobody by voice, both are new inquiries.
    await page.click('#leads-clear');
    await page.selectOption('#leads-source', 'kiosk-voice');
    await statusIs('#leads-status', /^No leads match\.$/);
    await page.selectOption('#leads-source', 'kiosk-touch');
    await page.waitForSelector(`#leads tbody tr[data-contact-id="${omar}"]`);
    await expect(page.$$(`#leads tbody tr[data-contact-id="${maya}"]`)).resolves.toHaveLength(1);
    await page.selectOption('#leads-stage', 'sales-qualified');
    await statusIs('#leads-status', /^No leads match\.$/);
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
    await shot('30-staff-contact-real');
    // The leads list filtered by her new stage holds her alone.
    await page.click('#contact-back');
    await page.click('#leads-clear');
    await page.selectOption('#leads-stage', 'sales-qualified');
    await page.waitForSelector(`#leads tbody tr[data-contact-id="${maya}"]`);
    await expect(page.$$eval('#leads tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-contact-id')))).resolves.toEqual([maya]);
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
    await shot('31-staff-dashboard-real');
  });

  it('adds a synonym on the settings screen; the next visit that says it gets the canonical tag', async () => {
    const before = await kioskVisit({ name: 'Lena Berg', phone: '4155550103', email: 'lena@example.com', reason: 'other', notes: 'I would love an ombre' });
    expect(tagsOf(before)).not.toContain('hair-coloring');

    await open();
    await openStaffTab(page, 'settings');
    const tag = '[data-tag-id="hair-coloring"]';
    await page.waitForSelector(tag);
    await page.fill(`${tag} .synonym-input`, 'ombre');
    await page.click(`${tag} .add-synonym`);
    // A criterion naming a tag that does not exist: refused, and the reason sits under that stage's input.
    const criteria = '[data-path="stages.2.criteria.tags"]';
    await page.fill(criteria, 'category:service, unicorns');
    await page.click('#settings-save');
    await page.waitForSelector(`${criteria} + .field-error`);
    await expect(page.textContent(`${criteria} + .field-error`)).resolves.toMatch(/no tag "unicorns" exists/);
    await expect(page.getAttribute(criteria, 'aria-invalid')).resolves.toBe('true');
    expect(rt.runtime.crm.settings().stages[2]!.criteria.tags).toEqual(['category:service']); // nothing was saved

    await page.fill(criteria, 'category:service');
    await page.click('#settings-save');
    await statusIs('#settings-result', /Saved\. The changes take effect now\./);
    expect(
      rt.runtime.crm
        .settings()
        .taxonomy.find((c) => c.id === 'service')!
        .tags.find((t) => t.id === 'hair-coloring')!.synonyms,
    ).toContain('ombre');

    const after = await kioskVisit({ name: 'Ines Duarte', phone: '4155550104', email: 'ines@example.com', reason: 'other', notes: 'An ombre, please' });
    expect(tagsOf(after)).toContain('hair-coloring');
    await page.click('#tab-leads');
    await find('Ines', after);
    await expect(page.textContent(`#leads tbody tr[data-contact-id="${after}"] .c-tags`)).resolves.toContain('Hair coloring');
  });

  it('shows a name that is markup, and names in other scripts, as text', async () => {
    const ivan = await kioskVisit({ name: 'Иван Петров', phone: '4155550107', email: 'ivan@example.com', reason: 'haircut' });
    const dialogs: string[] = [];
    await open();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openContact('Иван', ivan);
    await expect(page.textContent('#contact-name')).resolves.toBe('Иван Петров');
    // Staff rename him (a prank at the kiosk, say) to markup: it stays text on every screen.
    await page.click('[data-edit-field="name"]');
    await page.fill('#edit-field-value', MARKUP_NAME);
    await page.click('#edit-field-confirm');
    await page.waitForSelector('#edit-field', { state: 'detached' });
    await expect(page.textContent('#contact-name')).resolves.toBe(MARKUP_NAME);
    await expect(page.$$('#contact-name b')).resolves.toHaveLength(0);
    await page.click('#act-note');
    await page.fill('#add-note-text', '<script>alert(2)</script> 山田さんの紹介');
    await page.click('#add-note-confirm');
    await page.waitForSelector('#timeline li[data-type="note"]');
    await expect(page.textContent('#timeline li[data-type="note"] .tl-note')).resolves.toBe('<script>alert(2)</script> 山田さんの紹介');
    await page.click('#contact-back');
    await find('4155550107', ivan); // by phone: the name changed
    await expect(page.textContent(`#leads tbody tr[data-contact-id="${ivan}"] .c-name`)).resolves.toBe(MARKUP_NAME);
    await expect(page.$$('img, #staff-content script, #leads .c-name b')).resolves.toHaveLength(0);
    expect(dialogs).toEqual([]);
  });

  it('merges a contact found by search into another: one contact, both visits', async () => {
    const priya = await kioskVisit({ name: 'Priya Shah', phone: '4155550105', email: 'priya@example.com', reason: 'styling' });
    const other = await kioskVisit({ name: 'P. Shah', phone: '4155550106', email: 'pshah@example.com', reason: 'haircut' });
    await open();
    await openContact('Priya', priya);
    await page.click('#act-merge');
    await page.fill('#merge-search', 'Shah');
    await page.click(`.merge-pick[data-contact-id="${other}"]`);
    await page.click('#merge-confirm');
    await page.waitForSelector('#merge', { state: 'detached' });
    await expect(page.textContent('#contact-status')).resolves.toBe('Contacts merged.');
    expect(rt.runtime.crm.get(other)).toBeNull();
    expect(rt.runtime.crm.get(priya)!.visits).toBe(2);
    await expect(page.$$eval('#timeline li[data-type="visit"]', (li) => li.length)).resolves.toBe(2);
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
