/**
 * The staff CRM screens in Chromium, through the runtime's real HTTP server, staff PIN and CRM routes, with FakeCrm
 * (test/support/fake-crm.ts) as the CRM: tabs, leads search and filters, a contact's page and each of its actions,
 * the dashboard, settings with the server's messages next to their inputs, the CSV download, names that are markup
 * or non-Latin shown as text, and touch targets on a portrait and a landscape screen. Screenshots go to test/.tmp/ui/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openKiosk, smallestTarget } from '../support/browser.js';
import { ensureUiBuilt, REPO_ROOT } from '../support/build-ui.js';
import { FakeCrm } from '../support/fake-crm.js';
import { loginAsStaff, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';
import { openStaffTab } from '../support/staff-screen.js';

const SHOTS = join(REPO_ROOT, 'test', '.tmp', 'ui');
const SCRIPT_NAME = '<img src=x onerror=alert(1)>';
const PORTRAIT = { width: 1080, height: 1920 };

let browser: Browser;
let rt: StaffRuntime;
let crm: FakeCrm;
let page: Page;
let errors: string[];
let dialogs: string[];
let closeContext: (() => Promise<void>) | undefined;
const ids: Record<string, string> = {};

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ensureUiBuilt();
  crm = new FakeCrm();
  ids.ada = crm.addLead({ name: 'Ada Lovelace', phone: '+15550102030', email: 'ada@example.com', tags: ['hair-coloring'], campaign: 'instagram' });
  ids.bo = crm.addLead({ name: 'Bo Jensen', email: 'bo@example.com', transcript: ['What brings you in?', 'Just looking around'] });
  ids.script = crm.addLead({ name: SCRIPT_NAME, email: 'x@example.com' });
  ids.ivan = crm.addLead({ name: 'Иван Петров 山田太郎', phone: '+15550107070', tags: ['haircut'] });
  for (let i = 0; i < 30; i++)
    crm.addLead({
      name: `Walk-in ${String(i).padStart(2, '0')}`,
      email: `walkin${i}@example.com`,
      createdAt: `2026-02-${String((i % 27) + 1).padStart(2, '0')}T10:00:00.000Z`,
    });
  rt = await startStaffRuntime({ crm });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
});

afterEach(async () => {
  expect(errors).toEqual([]);
  expect(dialogs).toEqual([]); // no alert() ever ran
  await closeContext?.();
  closeContext = undefined;
});

async function open(viewport = { width: 1920, height: 1080 }): Promise<void> {
  const kiosk = await openKiosk(browser, `${rt.url}/`, { viewport });
  page = kiosk.page;
  errors = kiosk.errors;
  dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  closeContext = () => kiosk.context.close();
  await loginAsStaff(page, rt);
  await page.waitForSelector('#leads tbody tr');
}

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
const names = () => page.$$eval('#leads tbody tr .c-name', (tds) => tds.map((td) => td.textContent));
/** Waits until the element's text matches (polled from the test: the kiosk's CSP refuses code sent as a string). */
const statusIs = (selector: string, re: RegExp) => expect.poll(async () => (await page.textContent(selector)) ?? '', { timeout: 15_000 }).toMatch(re);

async function openContact(name: string): Promise<void> {
  await page.fill('#leads-search', name);
  await page.press('#leads-search', 'Enter');
  const rowId = async (): Promise<string | null> =>
    (
      await page.$$eval('#leads tbody tr', (trs) =>
        trs.map((tr) => [tr.querySelector('.c-name')?.textContent ?? '', tr.getAttribute('data-contact-id')] as const),
      )
    ).find(([n]) => n === name)?.[1] ?? null;
  await expect.poll(rowId, { timeout: 15_000 }).not.toBeNull();
  await page.click(`#leads tbody tr[data-contact-id="${String(await rowId())}"] .c-when`);
  await page.waitForSelector('#contact-profile');
}

describe('staff CRM screens', () => {
  it('list leads newest first, a page at a time, and find one by phone, email, tag or name', async () => {
    await open();
    await expect(page.getAttribute('#tab-leads', 'aria-current')).resolves.toBe('page');
    // One row: the day's work, then "Set up", whose menu groups the set-up screens in plain words.
    const visibleTabs = () => page.$$eval('#staff-tabs .staff-tab', (b) => b.map((x) => x.textContent));
    await expect(visibleTabs()).resolves.toEqual(['Leads', 'Today', 'Tasks', 'Inbox', 'Dashboard', 'Set up']);
    const setupMenu = () =>
      page.$$eval('#setup-menu .setup-menu-group', (groups) =>
        groups.map((g) => [
          g.querySelector('.setup-menu-label')?.textContent ?? g.querySelector('ul')?.getAttribute('aria-label'),
          [...g.querySelectorAll('.staff-tab')].map((a) => a.textContent),
        ]),
      );
    await expect(setupMenu()).resolves.toEqual([
      ['Your business', ['Business', 'Opening hours']],
      ['Talking to visitors', ['Intake', 'Robot’s words']],
      ['Follow-up', ['Rules', 'Scoring', 'Escalation']],
      ['Team', ['People', 'Shifts']],
      ['Settings', ['Settings']],
    ]);
    await statusIs('#leads-status', /^1–25 of 34 leads, newest first$/);
    expect((await names()).slice(0, 2)).toEqual(['Иван Петров 山田太郎', SCRIPT_NAME]);
    await page.click('#leads-next');
    await statusIs('#leads-status', /^26–34 of 34/);
    await expect(page.isDisabled('#leads-next')).resolves.toBe(true);
    await shot('20-staff-leads');

    await page.fill('#leads-search', '(555) 010-2030');
    await statusIs('#leads-status', /^1–1 of 1 lead/);
    expect(await names()).toEqual(['Ada Lovelace']);
    const row = await page.$$eval('#leads tbody tr td', (tds) => tds.map((td) => td.textContent));
    expect(row).toEqual([
      'Ada Lovelace',
      '+15550102030ada@example.com',
      expect.stringMatching(/^New inquiry/),
      'Hair coloring',
      'Kiosk, by touch · Instagram',
      expect.stringMatching(/2026/),
    ]);

    await page.fill('#leads-search', 'hair coloring');
    await statusIs('#leads-status', /^1–1 of 1 lead/);
    await page.click('#leads-clear');
    await statusIs('#leads-status', /of 34 leads/);
    await page.selectOption('#leads-tag', 'haircut');
    await statusIs('#leads-status', /^1–1 of 1 lead/);
    expect(await names()).toEqual(['Иван Петров 山田太郎']);
    await page.click('#leads-clear');
    await page.fill('#leads-from', '2026-02-01');
    await page.fill('#leads-to', '2026-02-10');
    await page.dispatchEvent('#leads-to', 'change');
    await statusIs('#leads-status', /of 13 leads/); // Walk-ins on 1–10 Feb (days 1–3 twice)

    // The stage's definition on tap, without opening the row.
    await page.click('#leads-clear');
    await statusIs('#leads-status', /of 34 leads/);
    await page.click('#leads tbody tr:first-child .stage-chip');
    await expect(page.textContent('#leads tbody tr:first-child .stage-definition:not([hidden])')).resolves.toMatch(/nobody has talked to them yet/);
    await expect(page.isVisible('#contact')).resolves.toBe(false);
    await expect(page.getAttribute('#leads tbody tr:first-child .stage-chip', 'title')).resolves.toMatch(/nobody has talked/);
  });

  it('show names that are markup or non-Latin as text, never as markup', async () => {
    await open();
    await openContact(SCRIPT_NAME);
    await expect(page.textContent('#contact-name')).resolves.toBe(SCRIPT_NAME);
    await expect(page.$$('img')).resolves.toHaveLength(0);
    await page.click('#act-note');
    // On a kiosk the note is typed on the on-screen keyboard, which stays above the dialog.
    await page.click('#add-note-text');
    await page.waitForSelector('.osk:not([hidden])');
    for (const key of ['o', 'k']) await page.click(`.osk button[data-key="${key}"]`);
    await expect(page.inputValue('#add-note-text')).resolves.toBe('ok');
    await page.fill('#add-note-text', '<script>alert(2)</script> 注意 — ملاحظة');
    await page.click('#add-note-confirm');
    await page.waitForSelector('.tl-note');
    await expect(page.textContent('.tl-note')).resolves.toBe('<script>alert(2)</script> 注意 — ملاحظة');
    await expect(page.$$('#contact script, #contact img')).resolves.toHaveLength(0);
    await page.click('#contact-back');
    await openContact('Иван Петров 山田太郎');
    await expect(page.textContent('#contact-name')).resolves.toBe('Иван Петров 山田太郎');
  });

  it('move a stage: refused without a note, refused naming what is missing, then taken and shown in the history', async () => {
    await open(PORTRAIT);
    await expect(smallestTarget(page)).resolves.toBeGreaterThanOrEqual(48);
    await shot('20b-staff-leads-portrait');
    await openContact('Bo Jensen');
    await expect(page.textContent('#contact-profile')).resolves.toMatch(/^Bo Jensen wants/);
    await page.click('.transcript summary');
    await expect(page.textContent('.transcript-lines')).resolves.toContain('Visitor: Just looking around');

    await page.click('#act-stage');
    await page.selectOption('#move-stage-select', 'sales-qualified');
    await expect(page.textContent('#move-stage-definition')).resolves.toMatch(/A rep can call them/);
    await expect(page.textContent('#move-stage-criteria')).resolves.toBe('To enter it, a contact needs phone number, a Service interest tag.');
    await page.click('#move-stage-confirm');
    await statusIs('#move-stage-error', /needs one/);
    await expect(page.textContent('#move-stage-error')).resolves.toMatch(/Write a note/);

    await page.fill('#move-stage-note', 'Called back, wants a quote');
    await page.click('#move-stage-confirm');
    await statusIs('#move-stage-error', /Sales qualified needs/);
    await expect(page.$$eval('#move-stage-error li', (li) => li.map((l) => l.textContent))).resolves.toEqual(['a phone number', 'a Service interest tag']);
    await expect(smallestTarget(page)).resolves.toBeGreaterThanOrEqual(48);
    await shot('21-staff-move-stage-refused');
    await expect(page.inputValue('#move-stage-note')).resolves.toBe('Called back, wants a quote'); // nothing typed is lost

    await page.selectOption('#move-stage-select', 'marketing-qualified');
    await page.click('#move-stage-cancel');
    // Give Bo what the stage needs: a phone (edit a field) and a service tag.
    await page.click('[data-edit-field="phone"]');
    await page.fill('#edit-field-value', '+15550108080');
    await page.click('#edit-field-confirm');
    await page.waitForSelector('[data-field="phone"] .field-value:text-is("+15550108080")');
    await page.selectOption('#tag-add-select', 'manicure');
    await page.click('#tag-add');
    await page.waitForSelector('#contact-tags [data-tag="manicure"]');

    await page.click('#act-stage');
    await page.selectOption('#move-stage-select', 'sales-qualified');
    await page.fill('#move-stage-note', 'Has a phone now; wants a manicure on Friday');
    await page.click('#move-stage-confirm');
    await page.waitForSelector('#move-stage', { state: 'detached' });
    await expect(page.textContent('#contact .contact-stage .stage-chip')).resolves.toBe('Sales qualified');
    const top = page.locator('#timeline li').first();
    await expect(top.getAttribute('data-type')).resolves.toBe('stage-changed');
    await expect(top.textContent()).resolves.toMatch(/Stage changed from New inquiry to Sales qualified.*Has a phone now; wants a manicure on Friday/);
    await expect(page.textContent('#contact-status')).resolves.toBe('Stage changed.');
    await expect(smallestTarget(page)).resolves.toBeGreaterThanOrEqual(48);
    await shot('22-staff-contact-portrait');

    // Remove the tag again: the page redraws from the server's answer.
    await page.click('#contact-tags [data-tag="manicure"] .tag-remove');
    await page.waitForSelector('#contact-tags [data-tag="manicure"]', { state: 'detached' });
  });

  it('record a loss with a reason, and the dashboard counts it among the loss reasons', async () => {
    await open();
    await openContact('Ada Lovelace');
    await page.click('#act-outcome');
    await page.click('#outcome-confirm');
    await statusIs('#outcome-error', /Choose Won or Lost/);
    await page.click('#outcome-lost');
    await page.selectOption('#outcome-reason', 'went-elsewhere');
    await page.selectOption('#outcome-qualified', 'yes');
    await page.fill('#outcome-objection', 'Found a salon nearer home');
    await page.click('#outcome-confirm');
    await page.waitForSelector('#contact-outcome');
    await expect(page.textContent('#contact-outcome')).resolves.toMatch(/^Lost — Went elsewhere/);
    await expect(page.textContent('#contact .contact-stage .stage-chip')).resolves.toBe('Lost');

    await page.click('#tab-dashboard');
    await page.waitForSelector('#panel-loss-reasons table');
    const reasons = await page.$$eval('#panel-loss-reasons tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(reasons).toEqual([['Went elsewhere', '1']]);
    const funnel = await page.$$eval('#panel-funnel tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(funnel[0]).toEqual(['New inquiry', '34', expect.any(String), expect.stringMatching(/%$/)]);
    // Every panel has a chart (a canvas Chart.js drew on) beside its table.
    const drawn = await page.$$eval('.dash-panel canvas', (cs) => cs.map((c) => (c as unknown as { width: number }).width > 0));
    expect(drawn.length).toBeGreaterThanOrEqual(8);
    expect(drawn.every(Boolean)).toBe(true);
    await page.selectOption('#dash-granularity', 'week');
    await page.waitForSelector('#panel-volume-period-title:text-is("New leads by week")');
    await shot('23-staff-dashboard');
  });

  it('settings: a synonym is added and takes effect at once; a wrong setting is named next to its input', async () => {
    await open(PORTRAIT);
    await openStaffTab(page, 'settings');
    await page.waitForSelector('#settings-stages');
    const tag = '[data-tag-id="hair-coloring"]';
    await page.fill(`${tag} .synonym-input`, 'balayage');
    await page.click(`${tag} .add-synonym`);
    await page.waitForSelector(`${tag} .synonym:has-text("balayage")`);
    await page.click('#settings-save');
    await statusIs('#settings-result', /Saved\. The changes take effect now\./);
    expect(crm.settings().taxonomy[0]!.tags[0]!.synonyms).toContain('balayage');

    // A tag in two categories: the server's message appears under that tag's name.
    await page.click('[data-category-id="campaign"] .add-tag');
    await page.fill('[data-path="taxonomy.1.tags.2.name"]', 'Haircut');
    await page.click('#settings-save');
    await page.waitForSelector('[data-error-for="taxonomy.1.tags.2.id"]');
    const placed = await page.$eval('[data-error-for="taxonomy.1.tags.2.id"]', (e) => ({
      text: e.textContent,
      after: e.previousElementSibling?.getAttribute('data-path'),
    }));
    expect(placed).toEqual({ text: 'Tag "Haircut" is already in the category Service interest', after: 'taxonomy.1.tags.2.name' });
    await expect(page.textContent('#settings-result')).resolves.toMatch(/^Not saved: one setting needs fixing/);
    await shot('24-staff-settings-error');
    await page.fill('[data-path="taxonomy.1.tags.2.name"]', 'Radio');
    // Reorder and rename a stage, then save it all.
    await page.click('[aria-label="Move Opportunity up"]');
    await page.fill('[data-path="stages.2.name"]', 'Deal in progress');
    await page.click('#settings-save');
    await statusIs('#settings-result', /take effect now/);
    expect(crm.settings().stages.map((s) => s.name)).toEqual(['New inquiry', 'Marketing qualified', 'Deal in progress', 'Sales qualified', 'Customer', 'Lost']);
    expect(crm.settings().taxonomy[1]!.tags.map((t) => t.id)).toEqual(['instagram', 'flyer', 'radio']);
    await expect(smallestTarget(page)).resolves.toBeGreaterThanOrEqual(48);
  });

  it('merge a contact found by search, then erase one with a warning that it cannot be undone', async () => {
    const dup = crm.addLead({ name: 'Grace Hopper', email: 'grace@example.com' });
    const other = crm.addLead({ name: 'G. Hopper', phone: '+15550109191' });
    await open();
    await openContact('Grace Hopper');
    await page.click('#act-merge');
    await page.fill('#merge-search', 'Hopper');
    await page.click(`.merge-pick[data-contact-id="${other}"]`);
    await expect(page.textContent('#merge-choice')).resolves.toMatch(/G\. Hopper's visits, notes and history will be added to Grace Hopper/);
    await page.click('#merge-confirm');
    await page.waitForSelector('#merge', { state: 'detached' });
    await expect(page.textContent('[data-field="phone"] .field-value')).resolves.toBe('+15550109191');
    expect(crm.get(other)).toBeNull();

    await page.click('#act-erase');
    await expect(page.textContent('#erase')).resolves.toMatch(/This cannot be undone\./);
    await shot('25-staff-erase');
    await page.click('#erase-confirm');
    await page.waitForSelector('#staff-notice:not([hidden])');
    await expect(page.textContent('#staff-notice')).resolves.toBe('Grace Hopper was erased.');
    expect(crm.get(dup)).toBeNull();
    await page.fill('#leads-search', 'Hopper');
    await statusIs('#leads-status', /^No leads match\.$/);
  });

  it('download the contacts as CSV, and keep the old Today list', async () => {
    await open();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#leads-export')]);
    expect(download.suggestedFilename()).toMatch(/^frontdesk-contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^id,name,phone,email,stage,stage_id,tags,/);
    expect(csv).toContain('Иван Петров 山田太郎');
    await statusIs('#export-status', /^Saved as frontdesk-contacts-/);

    await page.click('#tab-today');
    await page.waitForSelector('.staff-today .staff-status:not(:text-is("Loading…"))');
    await page.click('#staff-logout');
    await page.waitForSelector('[data-screen="attract"]');
  });

  it('send staff back to the PIN when the session is gone', async () => {
    await open();
    // The runtime restarted or the session expired: the next call answers 401.
    await page.evaluate(`{
      const real = window.fetch;
      window.fetch = (input, init) => real(input, { ...init, headers: { ...(init?.headers ?? {}), authorization: 'Bearer gone' } });
    }`);
    await page.click('#tab-dashboard');
    await page.waitForSelector('.pin-message:text-is("Your session ended. Please enter the PIN again.")');
  });
});
