/**
 * The way around the staff screen in Chromium, on the real runtime and PINs: one row of the day's work and "Set up";
 * the set-up page's cards and the set-up menu; each screen's own address (a saved link opens it after the PIN; Back
 * and the contact page's Back agree); screens not offered to a sales member, also by link; the keyboard; and on a
 * 1366x768 laptop and the 1080x1920 kiosk: one row, nothing sideways, every target at least 48 px.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt, REPO_ROOT } from '../support/build-ui.js';
import { FakeCrm } from '../support/fake-crm.js';
import { openStaffTab, textMatches } from '../support/staff-screen.js';
import { loginAsStaff, setMemberPin, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';

const SHOTS = join(REPO_ROOT, 'test', '.tmp', 'ui');
const LAPTOP = { width: 1366, height: 768 };
const PORTRAIT = { width: 1080, height: 1920 };
const NADIA = { member: 'nadia', pin: '583920' };

let browser: Browser;
let rt: StaffRuntime;
let page: Page;
let errors: string[];
let closeContext: (() => Promise<void>) | undefined;
let adaId: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ensureUiBuilt();
  const crm = new FakeCrm();
  adaId = crm.addLead({ name: 'Ada Lovelace', phone: '+15550102030', email: 'ada@example.com' });
  crm.addLead({ name: 'Bo Jensen', email: 'bo@example.com' });
  rt = await startStaffRuntime({
    crm,
    config: {
      business: { openingHours: { week: { mon: ['09:00-12:00', '13:00-19:00'] } } },
      handoff: {
        people: [
          { id: 'staff', name: 'Staff', role: 'owner' },
          { id: 'nadia', name: 'Nadia', role: 'sales' },
        ],
      },
    },
  });
  expect(await setMemberPin(rt, NADIA.member, NADIA.pin)).toBe(200);
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

async function open(viewport: { width: number; height: number }): Promise<void> {
  const kiosk = await openKiosk(browser, `${rt.url}/`, { viewport });
  page = kiosk.page;
  errors = kiosk.errors;
  closeContext = () => kiosk.context.close();
}

const hash = () => new URL(page.url()).hash;
const current = () => page.$$eval('[aria-current="page"]', (els) => els.map((e) => e.getAttribute('data-tab')));
const shown = (selector: string) => page.waitForSelector(selector, { state: 'visible' });
/**
 * The visible touch targets under 48 px, each named (tag#id.class "text"): a box or a radio counts by its label, the
 * whole of which takes the touch.
 */
const smallTargets = () =>
  page.$$eval('button, input, select, textarea, a[href]', (els) =>
    els
      .map((e) => {
        const target = e.tagName === 'INPUT' && ['checkbox', 'radio'].includes(e.getAttribute('type') ?? '') ? (e.closest('label') ?? e) : e;
        const r = target.getBoundingClientRect();
        const name = `${e.tagName.toLowerCase()}#${e.id}.${e.className} "${(e.textContent ?? '').trim().slice(0, 30)}"`;
        return { name, size: Math.round(Math.min(r.width, r.height)), shown: r.width > 0 && r.height > 0 };
      })
      .filter((t) => t.shown && t.size < 48)
      .map((t) => `${t.name} ${t.size}px`),
  );

describe('the staff screen’s way around', () => {
  it('a link to a set-up screen opens it after the PIN; Back goes through the screens and out of a contact', async () => {
    await open(LAPTOP);
    await loginAsStaff(page, rt, { member: 'staff', pin: rt.staffPin }, '#/staff/hours');
    await shown('.staff-hours');
    expect(await hash()).toBe('#/staff/hours');
    expect(await current()).toEqual(['hours']);
    expect(await page.getAttribute('#tab-setup', 'aria-current')).toBe('true'); // "Set up" stays marked
    expect(await page.isVisible('#setup-menu')).toBe(true);

    // A time typed and not saved yet is still there after a look at the leads (and Back).
    await page.fill('#hours-mon-1-close', '18:30');
    await page.click('#tab-leads');
    await shown('#leads tbody tr');
    expect(await hash()).toBe('#/staff/leads');
    await page.goBack();
    await shown('.staff-hours');
    expect(await page.inputValue('#hours-mon-1-close')).toBe('18:30');
    await page.goForward();
    await shown('#leads tbody tr');
    await page.click(`#leads tbody tr[data-contact-id="${adaId}"] .c-when`);
    await shown('#contact-profile');
    expect(await hash()).toBe(`#/staff/contact/${adaId}`);
    await page.goBack();
    await shown('#leads tbody tr');
    expect(await hash()).toBe('#/staff/leads');
    await page.goBack();
    await shown('.staff-hours');
    expect(await current()).toEqual(['hours']);
    await page.goForward();
    await shown('#leads tbody tr');
    expect(await current()).toEqual(['leads']);

    // The contact page's own Back goes back in history too: the browser's Back then does not reopen it.
    await page.click(`#leads tbody tr[data-contact-id="${adaId}"] .c-when`);
    await shown('#contact-profile');
    await page.click('#contact-back');
    await shown('#leads tbody tr');
    expect(await hash()).toBe('#/staff/leads');
    await page.goBack();
    await shown('.staff-hours');

    // A reload is a new session: the PIN again, then the same screen.
    await page.reload();
    await shown('[data-screen="staff"] .pin-pad');
    expect(await hash()).toBe('#/staff/hours');
  });

  it('"Set up" lists each screen in its group with what it is for; a card opens it, the menu then reaches every other', async () => {
    await open(LAPTOP);
    await loginAsStaff(page, rt, { member: 'staff', pin: rt.staffPin });
    expect(await page.$$eval('#staff-tabs > .staff-tab', (els) => els.map((e) => e.textContent))).toEqual([
      'Leads',
      'Today',
      'Tasks',
      'Inbox',
      'Dashboard',
      'Set up',
    ]);
    expect(await page.isVisible('#setup-menu')).toBe(false); // daily work: no set-up menu

    await page.click('#tab-setup');
    await shown('#setup-page');
    expect(await hash()).toBe('#/staff/setup');
    expect(await page.getAttribute('#tab-setup', 'aria-current')).toBe('page');
    const cards = await page.$$eval('#setup-page .setup-group', (groups) =>
      groups.map((g) => [g.querySelector('h3')?.textContent, [...g.querySelectorAll('.setup-card-title')].map((t) => t.textContent)]),
    );
    expect(cards).toEqual([
      ['Your business', ['Business', 'Opening hours']],
      ['Talking to visitors', ['Intake', 'Robot’s words']],
      ['Follow-up', ['Rules', 'Scoring', 'Escalation']],
      ['Team', ['People', 'Shifts']],
      ['Settings', ['Settings']],
    ]);
    // Every card says what its screen is for.
    expect(await page.$$eval('.setup-card-hint', (els) => els.every((e) => (e.textContent ?? '').length > 20))).toBe(true);
    await page.screenshot({ path: join(SHOTS, '30-staff-setup-laptop.png') });

    await page.click('[data-setup-card="rules"]');
    await shown('#setup-menu');
    expect(await current()).toEqual(['rules']);
    // The keyboard's place moved to the screen's own link in the menu (the card went away with the page).
    expect(await page.$eval(':focus', (e) => e.id)).toBe('tab-rules');
    await page.click('#setup-menu [data-tab="shifts"]');
    await shown('.staff-shifts');
    expect(await hash()).toBe('#/staff/shifts');
    await page.screenshot({ path: join(SHOTS, '31-staff-setup-menu-laptop.png') });

    // By keyboard: a link is reached by Tab and followed with Enter.
    await page.focus('#tab-today');
    await page.keyboard.press('Enter');
    await textMatches(page, '#tab-today', /Today/);
    await expect.poll(current).toEqual(['today']);
    expect(await page.isVisible('#setup-menu')).toBe(false);
  });

  it('a sales member is not offered the screens only owners and managers may use, nor by link', async () => {
    await open(LAPTOP);
    await loginAsStaff(page, rt, NADIA, '#/staff/rules');
    await textMatches(page, '#staff-notice', /^Rules is not open to you \(logged in as Nadia\)\. Ask an owner or a manager\.$/);
    expect(await current()).toEqual(['leads']);
    expect(await hash()).toBe('#/staff/leads');
    await openStaffTab(page, 'people');
    const menu = await page.$$eval('#setup-menu .setup-menu-group', (groups) =>
      groups.map((g) => [
        g.querySelector('.setup-menu-label')?.textContent ?? g.querySelector('ul')?.getAttribute('aria-label'),
        [...g.querySelectorAll('.staff-tab')].map((t) => t.textContent),
      ]),
    );
    expect(menu).toEqual([
      ['Your business', ['Business']],
      ['Talking to visitors', ['Intake', 'Robot’s words']],
      ['Team', ['People', 'Shifts']],
      ['Settings', ['Settings']],
    ]);
    await page.click('#tab-setup');
    expect(await page.$$eval('.setup-card', (els) => els.map((e) => e.getAttribute('data-setup-card')))).toEqual([
      'business',
      'intake',
      'words',
      'people',
      'shifts',
      'settings',
    ]);
  });

  for (const [name, viewport] of [
    ['laptop', LAPTOP],
    ['portrait', PORTRAIT],
  ] as const) {
    it(`on the ${name} screen (${viewport.width}x${viewport.height}): one row of tabs, nothing sideways, targets at least 48 px`, async () => {
      await open(viewport);
      await loginAsStaff(page, rt, { member: 'staff', pin: rt.staffPin });
      const sizes = async () => {
        const tops = await page.$$eval('#staff-tabs > .staff-tab', (els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
        const wide = await page.$$eval('html, .stage, #staff-tabs', (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.tagName));
        return { rows: new Set(tops).size, wide, small: await smallTargets() };
      };
      for (const tab of ['leads', 'setup', 'business', 'hours', 'intake', 'words', 'rules', 'scoring', 'escalation', 'people', 'shifts', 'settings']) {
        if (tab === 'setup') await page.click('#tab-setup');
        else await openStaffTab(page, tab);
        await page.waitForTimeout(150); // the screen's first load
        expect({ tab, ...(await sizes()) }).toEqual({ tab, rows: 1, wide: [], small: [] });
      }
      // Every set-up screen's link is in view beside (or above) the screen, the last one too.
      const menuBottom = await page.$eval('#setup-menu li:last-child a', (e) => e.getBoundingClientRect().bottom);
      expect(menuBottom).toBeLessThanOrEqual(viewport.height);
      const header = await page.$eval('.staff-top', (e) => e.getBoundingClientRect().height);
      // The two rows of tabs took ~205 px of the laptop; the portrait screen keeps who is logged in on a line above.
      expect(header).toBeLessThan(name === 'laptop' ? 100 : 180);
      await page.screenshot({ path: join(SHOTS, `32-staff-nav-${name}.png`) });
    });
  }
});
