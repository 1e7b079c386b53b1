/**
 * Staff members with their own PINs, end to end on the real runtime (in process: SQLite, the CRM, the HTTP server)
 * in Chromium on a portrait touchscreen: the owner adds a member with a PIN on the People tab (a weak PIN refused
 * next to its input first), logs out; the new member taps their name, enters their PIN, moves a lead's stage, and the
 * contact's story names them as who did it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUiBuilt } from '../support/build-ui.js';
import { openStaffScreen, textMatches, type StaffScreen, openStaffTab } from '../support/staff-screen.js';
import { callApi } from '../support/api-client.js';
import { bearer } from '../support/login.js';
import { loginAsStaff, staffToken, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';

const NADIA_PIN = '583920';
const TOM_PIN = '691357';

let rt: StaffRuntime;
let page: Page;
let errors: string[];
let screen: StaffScreen;

beforeAll(async () => {
  ensureUiBuilt();
  rt = await startStaffRuntime();
  screen = await openStaffScreen(rt.url, { width: 1080, height: 1920 });
  ({ page, errors } = screen);
});

afterAll(async () => {
  await screen?.close();
  await rt?.stop();
});

const textIs = (selector: string, re: RegExp) => textMatches(page, selector, re);

describe('staff members with their own PINs', () => {
  it('the owner adds a member with a PIN; the member logs in by name and PIN, moves a stage, and the story names them', async () => {
    const visit = rt.runtime.visits.open('touch');
    const contactId = rt.runtime.visits.submit(
      visit.id,
      { name: 'Priya Raman', phone: '4155550177', email: 'priya@example.com', reason: 'hair-coloring', consent: true },
      'touch',
    ).id;

    // The owner: the only member with a PIN, so the pad alone.
    await loginAsStaff(page, rt);
    expect(await page.textContent('#staff-who')).toBe('Staff');
    await openStaffTab(page, 'people');
    await page.waitForSelector('#people-list [data-person="staff"]');
    // The device's one staff PIN still opens the owner "Staff": the owner is asked to hand out PINs.
    await textIs('#people-shared-pin:visible', /^The old shared staff PIN still logs in as Staff, an owner\. Give each person their own PIN/);
    await page.fill('#person-name', 'Nadia Okafor');
    await page.selectOption('#person-role', 'sales');
    await page.fill('#person-email', 'nadia@example.com');
    // A PIN anyone would guess: refused, the reason under the PIN input, nobody added.
    await page.fill('#person-pin', '123456');
    await page.fill('#person-pin-confirm', '123456');
    await page.click('#person-add-save');
    await textIs('[data-path="new.pin"] + .field-error', /run in order/);
    expect(rt.runtime.handoff.settings().people).toHaveLength(1);
    // A name already taken: refused under the name.
    await page.fill('#person-name', 'staff');
    await page.fill('#person-pin', NADIA_PIN);
    await page.fill('#person-pin-confirm', NADIA_PIN);
    await page.click('#person-add-save');
    await textIs('[data-path="new.name"] + .field-error', /already the name of member 1/);
    await page.fill('#person-name', 'Nadia Okafor');
    await page.fill('#person-pin', NADIA_PIN);
    await page.fill('#person-pin-confirm', NADIA_PIN);
    await page.click('#person-add-save');
    await textIs('#people-status', /Nadia Okafor was added/);
    await page.waitForSelector('#people-list .person:has-text("Nadia Okafor") .person-pin-state:text-is("Has a PIN")');
    await page.click('#staff-logout');

    // Two members have PINs now: tap your name, then your PIN.
    await page.goto(`${rt.url}/#/staff`);
    await page.waitForSelector('#staff-names');
    expect(await page.$$eval('#staff-names .pin-name', (b) => b.map((x) => x.textContent))).toEqual(['Staff', 'Nadia Okafor']);
    await page.click('#staff-names .pin-name:text-is("Nadia Okafor")');
    await textIs('.pin-pad h1', /^Nadia Okafor$/);
    for (const d of NADIA_PIN) await page.click(`[data-pin="${d}"]`);
    await page.click('[data-pin="enter"]');
    await page.waitForSelector('.staff-tabs');
    expect(await page.textContent('#staff-who')).toBe('Nadia Okafor');
    // A sales member sees the people but cannot change them.
    await openStaffTab(page, 'people');
    await textIs('#people-status', /Only an owner or a manager can change people/);
    expect(await page.isVisible('#person-add')).toBe(false);
    expect(await page.isVisible('#people-shared-pin')).toBe(false); // the owner's to act on
    // Nor the rules, scoring, escalation or opening hours: those tabs are not offered to her.
    const tabIds = () => page.$$eval('.staff-tab', (b) => b.map((x) => x.getAttribute('data-tab')));
    expect(await tabIds()).toEqual(expect.arrayContaining(['leads', 'tasks', 'inbox', 'people', 'shifts']));
    for (const hidden of ['rules', 'hours', 'scoring', 'escalation']) expect(await tabIds()).not.toContain(hidden);

    await page.click('[data-tab="leads"]');
    await page.fill('#leads-search', 'Priya');
    await page.press('#leads-search', 'Enter');
    await page.click(`#leads tbody tr[data-contact-id="${contactId}"] .c-when`);
    await page.waitForSelector(`#contact[data-contact-id="${contactId}"] #contact-profile`);
    await page.click('#act-stage');
    await page.selectOption('#move-stage-select', 'sales-qualified');
    await page.fill('#move-stage-note', 'Called her; wants a colour on Friday');
    await page.click('#move-stage-confirm');
    await page.waitForSelector('#move-stage', { state: 'detached' });
    const top = page.locator('#timeline li').first();
    await expect(top.getAttribute('data-type')).resolves.toBe('stage-changed');
    await expect(top.textContent()).resolves.toMatch(/Nadia Okafor/);
    const change = rt.runtime.crm.store.activitiesOf(contactId).find((a) => a.type === 'stage-changed' && a.by.kind === 'staff');
    expect(change?.by).toEqual({ kind: 'staff', id: 'nadia-okafor', name: 'Nadia Okafor' });
    expect(errors).toEqual([]);
  });

  it('a manager sees the owner read-only and cannot make anyone an owner; the shared-PIN notice goes once Staff has a PIN of its own', async () => {
    const owner = await staffToken(rt, { member: 'staff', pin: rt.staffPin });
    const added = await callApi(rt.url, 'POST', '/api/staff/people', { name: 'Tom', role: 'manager', pin: TOM_PIN, confirm: TOM_PIN }, bearer(owner));
    expect(added.status).toBe(200);
    if (await page.isVisible('#staff-logout')) await page.click('#staff-logout');
    await loginAsStaff(page, rt, { member: 'tom', pin: TOM_PIN });
    expect(await page.$$eval('.staff-tab', (b) => b.map((x) => x.getAttribute('data-tab')))).toEqual(
      expect.arrayContaining(['rules', 'hours', 'scoring', 'escalation', 'people']),
    );
    await openStaffTab(page, 'people');
    await page.waitForSelector('#people-list [data-person="staff"]');
    const ownerCard = '#people-list [data-person="staff"]';
    expect(await page.$$(`${ownerCard} .person-set-pin, ${ownerCard} .person-remove`)).toHaveLength(0);
    await textIs(`${ownerCard} .person-owner-note`, /^Only an owner can change an owner or their PIN\.$/);
    expect(await page.isDisabled(`${ownerCard} [data-path$=".role"]`)).toBe(true);
    // Nadia's card is Tom's to manage, but "Owner" is not among the roles offered, nor when adding someone.
    const nadia = '#people-list [data-person="nadia-okafor"]';
    expect(await page.isVisible(`${nadia} .person-set-pin`)).toBe(true);
    expect(await page.$$eval(`${nadia} [data-path$=".role"] option`, (o) => o.map((x) => x.getAttribute('value')))).not.toContain('owner');
    expect(await page.$$eval('#person-role option', (o) => o.map((x) => x.getAttribute('value')))).not.toContain('owner');
    expect(await page.isVisible('#people-shared-pin')).toBe(false);
    await page.click('#staff-logout');

    // The owner gives Staff a PIN of its own: the notice goes.
    await loginAsStaff(page, rt, { member: 'staff', pin: rt.staffPin });
    await openStaffTab(page, 'people');
    await textIs('#people-shared-pin:visible', /old shared staff PIN/);
    await page.click('#people-list [data-person="staff"] .person-set-pin');
    await page.fill('[data-path="pin.staff.pin"]', '730418');
    await page.fill('[data-path="pin.staff.confirm"]', '730418');
    await page.click('#people-list [data-person="staff"] .person-pin-save');
    // A new PIN ends the member's sessions, this one too: back to the PIN, then in with the new one.
    await page.waitForSelector('[data-screen="staff"] .pin-pad');
    await loginAsStaff(page, rt, { member: 'staff', pin: '730418' });
    await openStaffTab(page, 'people');
    await page.waitForSelector('#people-list [data-person="staff"]');
    await textIs('#people-status', /people/);
    expect(await page.isVisible('#people-shared-pin')).toBe(false);
    expect(errors).toEqual([]);
  });

  it('over remote access no names are listed: staff type their name, then their PIN', async () => {
    if (await page.isVisible('#staff-logout')) await page.click('#staff-logout');
    // What the runtime answers a client that is not the kiosk (device/http/routes/staff-sessions.test.ts checks that
    // side); this browser reaches the runtime over loopback, so the answer is put in place here.
    await page.route('**/api/staff/members', (route) => route.fulfill({ json: { members: [], typeName: true } }));
    await page.goto(`${rt.url}/#/staff`);
    await page.waitForSelector('#staff-name-typed');
    expect(await page.$$('#staff-names')).toHaveLength(0);
    await page.fill('#staff-name-typed', 'Mario');
    await page.click('#staff-name-next');
    await textIs('.pin-pad h1', /^Mario$/);
    for (const d of TOM_PIN) await page.click(`[data-pin="${d}"]`);
    await page.click('[data-pin="enter"]');
    await textIs('.pin-message', /no member "Mario"/i);
    await page.click('#pin-not-me');
    await page.fill('#staff-name-typed', 'tom');
    await page.click('#staff-name-next');
    for (const d of TOM_PIN) await page.click(`[data-pin="${d}"]`);
    await page.click('[data-pin="enter"]');
    await page.waitForSelector('.staff-tabs');
    expect(await page.textContent('#staff-who')).toBe('Tom');
    await page.unroute('**/api/staff/members');
    expect(errors).toEqual([]);
  });
});
