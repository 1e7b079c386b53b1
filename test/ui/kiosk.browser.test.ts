/**
 * The kiosk UI in Chromium against FakeFrontdeskApi (a test double of the runtime's API). Screenshots of each
 * screen go to test/.tmp/ui/ for a human to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, openKiosk, smallestTarget as smallestTargetOn, type OpenKioskOptions } from '../support/browser.js';
import { ensureUiBuilt, REPO_ROOT } from '../support/build-ui.js';
import { FakeFrontdeskApi } from '../support/fake-api.js';
import { FAKE_PIN, fakeContact } from '../support/fake-api-data.js';
import { openStaffTab } from '../support/staff-screen.js';

const SHOTS = join(REPO_ROOT, 'test', '.tmp', 'ui');

let browser: Browser;
let api: FakeFrontdeskApi;
let page: Page;
let errors: string[];
let closeContext: () => Promise<void>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const staticDir = ensureUiBuilt();
  browser = await launchBrowser();
  api = await FakeFrontdeskApi.start({
    staticDir,
    contacts: [
      {
        ...fakeContact('c1', { name: 'Ada Lovelace', phone: '+15550102030', email: 'ada@example.com', reason: 'haircut', consent: true }),
        sync: { state: 'delivered', deliveredAt: new Date().toISOString() },
      },
      fakeContact('c2', { name: 'Grace Hopper', phone: '+15550104050', email: 'grace@example.com', reason: 'manicure', consent: true }),
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function open(options?: OpenKioskOptions): Promise<void> {
  const kiosk = await openKiosk(browser, api.url, options);
  page = kiosk.page;
  errors = kiosk.errors;
  closeContext = () => kiosk.context.close();
  await page.waitForSelector('[data-screen="attract"]');
}

async function openForm(options?: OpenKioskOptions): Promise<string> {
  await open(options);
  await page.click('#start');
  await page.waitForSelector('[data-screen="form"]');
  const visits = [...api.visits.values()];
  return visits[visits.length - 1]!.id;
}

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
const tapKeys = async (...keys: string[]) => {
  for (const key of keys) await page.click(`.osk [data-key="${key}"]`);
};
/** Waits until the input shows `value` (live events arrive when they arrive; no fixed sleep). */
const waitForValue = (selector: string, value: string) => expect.poll(() => page.inputValue(selector), { timeout: 15_000 }).toBe(value);
const focusedId = () => page.evaluate('document.activeElement && document.activeElement.id');
const smallestTarget = () => smallestTargetOn(page);
const letters = (word: string) => [...word].map((c) => (c === ' ' ? 'space' : c));

beforeEach(() => {
  errors = [];
});

afterEach(async () => {
  expect(errors).toEqual([]);
  await closeContext?.();
});

describe('kiosk UI', () => {
  it('shows the attract screen and opens a touch visit with the configured fields in order', async () => {
    await open();
    await expect(page.textContent('.attract-business')).resolves.toBe('Luna Salon');
    await expect(page.textContent('.attract-text')).resolves.toBe('Touch the screen to start');
    await expect(page.textContent('.attract-wake')).resolves.toBe('Or just say “Hey Jarvis”');
    await shot('1-attract');
    await expect(smallestTarget()).resolves.toBeGreaterThanOrEqual(48);

    const before = api.requests.filter((r) => r.path === '/api/visits').length;
    await page.click('#start');
    await page.waitForSelector('[data-screen="form"]');
    const opens = api.requests.filter((r) => r.method === 'POST' && r.path === '/api/visits');
    expect(opens.length).toBe(before + 1);
    expect(opens.at(-1)?.body).toEqual({ trigger: 'touch' });

    const ids = await page.$$eval('[data-field]', (rows) => rows.map((r) => r.querySelector('input')?.id));
    expect(ids).toEqual(['name', 'phone', 'email', 'reason', 'consent']);
    await expect(page.getAttribute('#consent', 'type')).resolves.toBe('checkbox');
    await expect(page.getAttribute('#reason', 'type')).resolves.toBe('hidden'); // a choice: its buttons set it
    await expect(page.getAttribute('#email', 'inputmode')).resolves.toBe('none');
    await expect(page.textContent('.consent-text')).resolves.toContain('may contact me');
    await expect(smallestTarget()).resolves.toBeGreaterThanOrEqual(48);
    await shot('2-form');
  });

  it('names the wake phrase once: not again when the staff text says it, and not at all when nobody listens', async () => {
    const saved = { ...api.config };
    try {
      api.config.attractText = 'Say "hey Jarvis!" or touch the screen';
      await open();
      await expect(page.textContent('.attract-text')).resolves.toBe('Say "hey Jarvis!" or touch the screen');
      await expect(page.$('.attract-wake')).resolves.toBeNull();
      await closeContext?.();

      api.config.attractText = 'Touch the screen to start';
      api.config.wakePhrase = null;
      await open();
      await expect(page.$('.attract-wake')).resolves.toBeNull();
    } finally {
      Object.assign(api.config, saved);
    }
  });

  it('redraws the attract screen when the kiosk settings change (downlink config), without a reload', async () => {
    await open();
    await api.waitForSocket();
    api.push({ type: 'kiosk', config: { ...api.config, businessName: 'Bella Salon', attractText: 'Tap anywhere to check in', wakePhrase: null } });
    await expect.poll(() => page.textContent('.attract-text'), { timeout: 5000 }).toBe('Tap anywhere to check in');
    await expect(page.textContent('.attract-business')).resolves.toBe('Bella Salon');
    await expect(page.title()).resolves.toBe('Bella Salon');
    await expect(page.$('.attract-wake')).resolves.toBeNull();
    await page.click('#start'); // still a working attract screen
    await page.waitForSelector('[data-screen="form"]');
  });

  it('explains empty required fields and a bad email next to each field', async () => {
    await openForm();
    await page.click('#submit');
    await expect(page.textContent('#name-error')).resolves.toBe('Please tell us your name.');
    await expect(page.textContent('#phone-error')).resolves.toBe('Please enter your phone number.');
    await expect(page.textContent('#email-error')).resolves.toBe('Please enter your email address.');
    await expect(page.textContent('#reason-error')).resolves.toBe('Please choose one of the options.');
    await expect(page.textContent('#consent-error')).resolves.toBe('Please tick the box to agree.');
    await shot('3-form-errors');
    expect(api.requests.some((r) => r.path.endsWith('/submit'))).toBe(false);

    // A physical keyboard works too.
    await page.click('#email');
    await page.keyboard.type('jane.example.com');
    await page.click('#submit');
    await expect(page.textContent('#email-error')).resolves.toMatch(/does not look right/);
    await page.fill('#email', 'jane@example.com');
    await expect(page.isHidden('#email-error')).resolves.toBe(true);
  });

  it('fills the whole form by on-screen keys alone, sends edits, and thanks the customer by first name', async () => {
    const visitId = await openForm();
    expect(await page.isHidden('.osk')).toBe(true);

    await page.click('#name');
    await expect(page.getAttribute('.osk', 'data-layout')).resolves.toBe('text');
    await tapKeys(...letters('jane doe'));
    await expect(page.inputValue('#name')).resolves.toBe('Jane Doe'); // names capitalise each word
    await tapKeys('backspace', 'backspace', 'backspace', 'shift', ...letters('roe'));
    await expect(page.inputValue('#name')).resolves.toBe('Jane Roe');
    await shot('4-keyboard-text');

    await tapKeys('next');
    await expect(focusedId()).resolves.toBe('phone');
    await expect(page.getAttribute('.osk', 'data-layout')).resolves.toBe('phone');
    await tapKeys(...'5550102030');
    await shot('5-keyboard-phone');

    await tapKeys('next');
    await expect(page.getAttribute('.osk', 'data-layout')).resolves.toBe('email');
    await tapKeys(...'jane', '@', ...'example', '.com');
    await expect(page.inputValue('#email')).resolves.toBe('jane@example.com');
    await shot('6-keyboard-email');

    await page.click('.choice[data-value="hair coloring"]');
    await expect(page.inputValue('#reason')).resolves.toBe('hair coloring');
    await page.waitForSelector('.osk', { state: 'hidden' }); // focus left the text fields
    await page.click('.consent');
    await expect(page.isChecked('#consent')).resolves.toBe(true);

    const patch = await api.waitForRequest('PATCH', `/api/visits/${visitId}/fields`);
    expect(patch.body).toMatchObject({ values: expect.any(Object) });
    await page.click('#submit');
    await page.waitForSelector('[data-screen="thanks"]');
    await expect(page.textContent('.thanks-title')).resolves.toBe('Thank you, Jane!');
    await expect(page.textContent('.thanks-text')).resolves.toContain('Luna Salon');
    await shot('7-thanks');

    const submit = await api.waitForRequest('POST', `/api/visits/${visitId}/submit`);
    expect(submit.body).toEqual({
      values: { name: 'Jane Roe', phone: '5550102030', email: 'jane@example.com', reason: 'hair coloring', consent: true },
    });
    await page.click('#done');
    await page.waitForSelector('[data-screen="attract"]');
    expect(api.requests.some((r) => r.path === `/api/visits/${visitId}/cancel`)).toBe(false);
  });

  it("shows the server's 422 field errors the same way as its own; Start over cancels the visit", async () => {
    const visitId = await openForm();
    await page.fill('#name', 'Sam Lee');
    await page.fill('#phone', '555 010 9999');
    await page.fill('#email', 'sam@example.com');
    await page.click('.choice[data-value="haircut"]');
    await page.check('#consent');
    api.nextSubmitFieldErrors = { phone: 'We could not use that number. Please check the area code.' };
    await page.click('#submit');
    await page.waitForSelector('#phone-error:not([hidden])');
    await expect(page.textContent('#phone-error')).resolves.toBe('We could not use that number. Please check the area code.');
    await expect(page.getAttribute('#phone', 'aria-invalid')).resolves.toBe('true');
    await expect(focusedId()).resolves.toBe('phone');

    // The visit ended behind the form's back (e.g. a new visitor started one by voice): the runtime says so.
    api.visits.get(visitId)!.stage = 'abandoned';
    await page.click('#submit');
    await page.waitForSelector('.form-summary:has-text("This visit has already ended")');
    api.visits.get(visitId)!.stage = 'intake';

    await page.click('#cancel'); // "Start over"
    await page.waitForSelector('[data-screen="attract"]');
    await api.waitForRequest('POST', `/api/visits/${visitId}/cancel`);
  });

  it('fills fields and shows captions from live events, and catches up after the socket drops', async () => {
    const visitId = await openForm();
    await api.waitForSocket();
    api.push({ type: 'robot-says', visitId, text: 'What is your name?' });
    api.push({ type: 'caption', visitId, text: 'my name is maria', final: false });
    api.updateVisit(visitId, { values: { name: 'Maria Lopez' } });
    await waitForValue('#name', 'Maria Lopez');
    await expect(page.textContent('#caption')).resolves.toBe('my name is maria');
    await expect(page.textContent('#caption-robot')).resolves.toBe('What is your name?');
    await shot('8-form-live');

    // The voice flow heard something it could not use: its message shows at once.
    api.updateVisit(visitId, {
      values: { name: 'Maria Lopez', email: 'maria at' },
      fieldErrors: { email: 'That email address does not look right.' },
    });
    await waitForValue('#email', 'maria at');
    await expect(page.textContent('#email-error')).resolves.toBe('That email address does not look right.');

    // A half-typed phone number is judged by the runtime on PATCH, but not shown while the customer types.
    const since = api.requests.length;
    await page.click('#phone');
    await tapKeys('5', '5');
    await api.waitForRequest('PATCH', `/api/visits/${visitId}/fields`, since);
    expect(api.visits.get(visitId)!.fieldErrors.phone).toMatch(/too short/);
    api.updateVisit(visitId, { values: { ...api.visits.get(visitId)!.values, name: 'Maria L. Lopez' } });
    await waitForValue('#name', 'Maria L. Lopez'); // events arrive in order: the PATCH echo came before this
    await expect(page.isHidden('#phone-error')).resolves.toBe(true);

    api.dropSockets();
    // Changed while the socket is down: the UI must catch up by itself after reconnecting.
    Object.assign(api.visits.get(visitId)!, { values: { name: 'Maria L. Lopez', phone: '555 010 7777' }, fieldErrors: {} });
    await api.waitForSocket();
    await waitForValue('#phone', '555 010 7777');
    await expect(page.isHidden('#phone-error')).resolves.toBe(true);
    api.updateVisit(visitId, { values: { name: 'Maria L. Lopez', phone: '555 010 7777', email: 'maria@example.com' } });
    await waitForValue('#email', 'maria@example.com');
  });

  it('follows a visit the voice flow opens from the attract screen, and returns there after thanking', async () => {
    await open({ prepare: (ctx) => ctx.clock.install() });
    await api.waitForSocket();
    api.visits.set('voice-1', { id: 'voice-1', stage: 'greeting', values: {}, fieldErrors: {}, transcript: [] });
    api.updateVisit('voice-1', { stage: 'intake', values: { reason: 'manicure' } });
    await page.waitForSelector('[data-screen="form"]');
    await expect(page.inputValue('#reason')).resolves.toBe('manicure');
    await expect(page.getAttribute('.choice[data-value="manicure"]', 'aria-pressed')).resolves.toBe('true');
    api.updateVisit('voice-1', { stage: 'confirm', values: { name: 'Li Wei', reason: 'manicure' } });
    // As the runtime does, the finished visit arrives as its stage only: the kiosk thanks with the name it had.
    api.updateVisit('voice-1', { stage: 'done', values: {} });
    await page.waitForSelector('[data-screen="thanks"]');
    await expect(page.textContent('.thanks-title')).resolves.toBe('Thank you, Li!');
    await page.clock.runFor(10_000); // "a few seconds"
    await page.waitForSelector('[data-screen="attract"]');
  });

  it('thanks a returning visitor whose name was kept by its masked first name, the only name the kiosk got', async () => {
    await open();
    await api.waitForSocket();
    api.visits.set('voice-2', { id: 'voice-2', stage: 'greeting', values: {}, fieldErrors: {}, transcript: [] });
    api.updateVisit('voice-2', { stage: 'confirm', values: { reason: 'manicure' }, kept: { name: { kept: true, masked: 'Keiko' } } });
    await page.waitForSelector('[data-kept="name"]');
    api.updateVisit('voice-2', { stage: 'done', values: {}, kept: undefined });
    await page.waitForSelector('[data-screen="thanks"]');
    await expect(page.textContent('.thanks-title')).resolves.toBe('Thank you, Keiko!');
  });

  it("staff: a wrong PIN is refused, the right one lists today's contacts", async () => {
    await open();
    await page.click('.staff-corner');
    await page.waitForSelector('[data-screen="staff"]');
    for (const d of '1111') await page.click(`[data-pin="${d}"]`);
    await page.click('[data-pin="enter"]');
    await expect(page.waitForSelector('.pin-message:not([hidden])').then((e) => e.textContent())).resolves.toBe(
      'That PIN is not right. You can try again in 1 second.',
    );
    await shot('9-staff-pin');

    api.staffLockedMessage = 'Too many wrong PINs. Try again in 60 seconds.';
    for (const d of FAKE_PIN) await page.click(`[data-pin="${d}"]`);
    await page.click('[data-pin="enter"]');
    await page.waitForSelector('.pin-message:has-text("Too many wrong PINs")');
    api.staffLockedMessage = null;
    await expect(smallestTarget()).resolves.toBeGreaterThanOrEqual(48);

    for (const d of FAKE_PIN) await page.click(`[data-pin="${d}"]`);
    await page.click('[data-pin="enter"]');
    // The staff tabs open on Leads (the CRM, which this fake does not serve: it says so); Today is the day's list.
    await page.waitForSelector('#leads-status:has-text("No route GET /api/staff/leads")');
    await page.click('#tab-today');
    await page.waitForSelector('#contacts');
    const rows = await page.$$eval('#contacts tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)));
    expect(rows).toEqual(
      expect.arrayContaining([
        ['Ada Lovelace', '+15550102030', 'ada@example.com', 'haircut', 'Delivered'],
        ['Grace Hopper', '+15550104050', 'grace@example.com', 'manicure', 'Pending'],
      ]),
    );
    const login = await api.waitForRequest('POST', '/api/staff/login');
    expect(login.body).toEqual({ pin: '1111' }); // the first try
    // The voice settings, with the wake word models' non-commercial licence, on the Settings tab.
    await openStaffTab(page, 'settings');
    await page.waitForSelector('#voice-licence');
    await expect(page.textContent('#voice-wake')).resolves.toContain('hey jarvis');
    await expect(page.textContent('#voice-licence')).resolves.toMatch(/CC BY-NC-SA 4\.0.*commercial/);
    await shot('10-staff-list');

    const since = api.requests.length;
    await page.click('#tab-today');
    await api.waitForRequest('GET', '/api/staff/contacts', since); // shown again: reloaded
    const gets = () => api.requests.filter((r) => r.path === '/api/staff/contacts').length;
    const before = gets();
    const sinceRefresh = api.requests.length;
    await page.click('#staff-refresh');
    // #contacts is already on the page: wait for the refresh's own request, not for the table.
    await api.waitForRequest('GET', '/api/staff/contacts', sinceRefresh);
    await page.waitForSelector('#contacts');
    expect(gets()).toBe(before + 1);
    await page.click('#staff-logout');
    await page.waitForSelector('[data-screen="attract"]');
  });

  it('warns before the idle timeout, then returns to the attract screen and cancels the visit', async () => {
    // The page's timers run on Playwright's clock, so the test moves time on instead of waiting for it.
    const idleMs = api.config.idleTimeoutMs;
    const visitId = await openForm({ prepare: (ctx) => ctx.clock.install() });
    await page.clock.runFor(idleMs - 20_000);
    await expect(page.isHidden('.idle-warning')).resolves.toBe(true);
    await page.clock.runFor(6_000); // 14 s left
    await page.waitForSelector('.idle-warning', { state: 'visible' });
    await shot('13-idle-warning');
    await page.click('#still-here');
    await page.waitForSelector('.idle-warning', { state: 'hidden' });

    await page.clock.runFor(idleMs - 1_000);
    await expect(page.isVisible('[data-screen="form"]')).resolves.toBe(true);
    expect(api.requests.some((r) => r.path === `/api/visits/${visitId}/cancel`)).toBe(false);
    await page.clock.runFor(1_000);
    await page.waitForSelector('[data-screen="attract"]');
    await api.waitForRequest('POST', `/api/visits/${visitId}/cancel`);
  });

  it('renders whatever fields the kiosk is configured with: a free-text reason and an optional extra', async () => {
    const fields = api.config.fields;
    api.config.fields = [
      { id: 'name', kind: 'name', label: 'Your name', required: true },
      { id: 'reason', kind: 'text', label: 'What can we help with?', required: true },
      { id: 'stylist', kind: 'text', label: 'Preferred stylist', required: false },
    ];
    try {
      const visitId = await openForm();
      const ids = await page.$$eval('[data-field]', (rows) => rows.map((r) => r.querySelector('input')?.id));
      expect(ids).toEqual(['name', 'reason', 'stylist']);
      await expect(page.textContent('[data-field="stylist"] label')).resolves.toBe('Preferred stylist (optional)');
      await page.click('#reason');
      await expect(page.getAttribute('.osk', 'data-layout')).resolves.toBe('text');
      await page.keyboard.type('Color touch-up');
      await page.keyboard.press('Enter'); // a physical Enter moves on, it does not send
      await expect(focusedId()).resolves.toBe('stylist');
      await page.click('#submit');
      await expect(page.textContent('#name-error')).resolves.toBe('Please tell us your name.');
      await expect(page.isHidden('#stylist-error')).resolves.toBe(true);
      await page.fill('#name', 'Ola Nordmann');
      await page.waitForSelector('.osk', { state: 'visible' });
      await page.tap('#submit'); // a finger on Send while the keyboard is up: the hiding keyboard must not eat it
      await page.waitForSelector('[data-screen="thanks"]');
      const submit = await api.waitForRequest('POST', `/api/visits/${visitId}/submit`);
      expect(submit.body).toEqual({ values: { name: 'Ola Nordmann', reason: 'Color touch-up', stylist: '' } });
    } finally {
      api.config.fields = fields;
    }
  });

  it('lays out in portrait too', async () => {
    await open({ viewport: { width: 1080, height: 1920 } });
    await shot('11-attract-portrait');
    await page.click('#start');
    await page.click('#email');
    await shot('12-form-portrait-keyboard');
    await expect(smallestTarget()).resolves.toBeGreaterThanOrEqual(48); // keyboard keys included
  });
});
