/**
 * The handoff on the staff screens in Chromium, through the real runtime (SQLite CRM, handoff rules, HTTP server,
 * staff socket): staff create a rule on the Rules screen; then a hair-coloring visit with consent fires the rule "assign Maria, task due in 15 minutes, notify
 * her"; Maria's inbox shows it live with its badge, the task is on her list, she acknowledges both and completes the
 * task with a note. Staff create that rule on the Rules screen first. (Escalation after the configured time runs on
 * an injectable clock in device/handoff/service.test.ts.)
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt } from '../support/build-ui.js';
import { loginAsStaff, staffToken, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';

let browser: Browser;
let rt: StaffRuntime;
let page: Page;
let errors: string[];
let close: () => Promise<void>;

const MARIA_PIN = '730418';
const always = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-24:00']]));

beforeAll(async () => {
  ensureUiBuilt();
  rt = await startStaffRuntime({
    config: {
      handoff: {
        people: [
          { id: 'olga', name: 'Olga', role: 'owner' },
          { id: 'tom', name: 'Tom', role: 'manager', shifts: always },
          { id: 'maria', name: 'Maria', role: 'sales', shifts: always },
        ],
        rules: [],
      },
    },
  });
  browser = await launchBrowser();
  const kiosk = await openKiosk(browser, `${rt.url}/`, { viewport: { width: 1920, height: 1080 } });
  page = kiosk.page;
  errors = kiosk.errors;
  close = () => kiosk.context.close();
  await loginAsStaff(page, rt);
});

afterAll(async () => {
  await close?.();
  await browser?.close();
  await rt?.stop();
});

/** Waits until the element's text matches (the page's CSP forbids evaluating strings, so poll from here). */
const textIs = (selector: string, re: RegExp) => expect.poll(async () => (await page.textContent(selector)) ?? '', { timeout: 15_000 }).toMatch(re);

/** A visitor at the kiosk, through the kiosk's own HTTP API. */
async function visit(values: Record<string, string | boolean>): Promise<void> {
  const opened = (await (
    await fetch(`${rt.url}/api/visits`, { method: 'POST', headers: { 'content-type': 'application/json', origin: rt.url }, body: '{}' })
  ).json()) as {
    id: string;
  };
  const res = await fetch(`${rt.url}/api/visits/${opened.id}/submit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: rt.url },
    body: JSON.stringify({ values }),
  });
  expect(res.status).toBe(200);
}

describe('handoff on the staff screens', () => {
  it("staff create Maria's rule on the screen; a visit fires it: her inbox shows it live, the task is on her list, she acknowledges and completes it", async () => {
    await page.click('[data-tab="rules"]');
    await page.waitForSelector('#rule-assign option[value="maria"]', { state: 'attached' });
    await page.waitForSelector('#rule-field option[value="reason"]', { state: 'attached' });
    // A rule with no action is refused with the server's reason.
    await page.fill('#rule-name', 'Nothing');
    await page.uncheck('#rule-notify');
    await page.click('#rule-save');
    await textIs('#rules-status', /at least one action/);
    await page.fill('#rule-name', 'Hair coloring to Maria');
    await page.selectOption('#rule-when', 'lead-stored');
    await page.selectOption('#rule-field', 'reason');
    await page.selectOption('#rule-value', 'hair-coloring');
    await page.check('#rule-consent');
    await page.selectOption('#rule-assign', 'maria');
    await page.fill('#rule-task', 'Call back about coloring');
    await page.fill('#rule-task-minutes', '15');
    await page.check('#rule-notify');
    await page.click('#rule-save');
    await page.waitForSelector('#rules-list [data-rule="hair-coloring-to-maria"]');

    // Olga (the owner, who holds the first PIN) gives Maria her own PIN; Maria logs in with her name and it.
    const olga = await staffToken(rt);
    const pin = await fetch(`${rt.url}/api/staff/people/maria/pin`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', origin: rt.url, authorization: `Bearer ${olga}` },
      body: JSON.stringify({ pin: MARIA_PIN, confirm: MARIA_PIN }),
    });
    expect(pin.status).toBe(200);
    await page.click('#staff-logout');
    await loginAsStaff(page, rt, { member: 'maria', pin: MARIA_PIN });
    expect(await page.textContent('#staff-who')).toBe('Maria');

    await page.click('[data-tab="inbox"]');
    await textIs('#inbox-badge', /^0$/);

    await visit({ name: 'Jane Doe', phone: '+14155550123', email: 'jane@example.com', reason: 'hair-coloring', consent: true });
    await textIs('#inbox-alert', /Hair coloring to Maria: Jane Doe/);
    expect(await page.isVisible('#inbox-alert')).toBe(true);
    await textIs('#inbox-badge', /^1$/);

    await page.click('.notification-ack-btn');
    await textIs('#inbox-badge', /^0$/);
    expect(await page.textContent('.notification-ack')).toMatch(/acknowledged by Maria/);

    await page.click('[data-tab="tasks"]');
    await page.waitForSelector('#task-list .task');
    expect(await page.textContent('#task-list .task')).toMatch(/Jane Doe Call back about coloring due .* Maria · open/);
    await page.click('.task-ack');
    await textIs('#task-list .task-owner', /acknowledged/);
    await page.click('.task-done'); // no note: refused, saying why
    await textIs('.staff-tasks .staff-status', /note/);
    await page.fill('.task-note', 'Called back, booked Friday');
    await page.click('.task-done');
    await textIs('.staff-tasks .staff-status', /^0 open tasks$/);

    const story = rt.runtime.crm.list({ search: 'Jane' }).items[0]!;
    expect(story.owner).toBe('maria');
    expect(errors).toEqual([]);
  });
});
