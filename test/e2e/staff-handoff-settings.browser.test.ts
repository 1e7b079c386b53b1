/**
 * The handoff settings screens on the real runtime in Chromium (portrait touchscreen): Shifts, Opening hours (the
 * business's one schedule, which the handoff's due times count), Scoring and Escalation. Each refuses a wrong value with the runtime's reason next to the input, then saves a right
 * one, which the runtime uses at once.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUiBuilt } from '../support/build-ui.js';
import { handoffConfig } from '../support/handoff-config.js';
import { openStaffScreen, textMatches, type StaffScreen, openStaffTab } from '../support/staff-screen.js';
import { loginAsStaff, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';

let rt: StaffRuntime;
let page: Page;
let errors: string[];
let screen: StaffScreen;

beforeAll(async () => {
  ensureUiBuilt();
  rt = await startStaffRuntime({
    // No shifts yet: the test sets Maria's on the Shifts screen.
    config: handoffConfig({ members: ['olga', 'tom', 'maria'], onShift: false }),
  });
  screen = await openStaffScreen(rt.url, { width: 1080, height: 1920 });
  ({ page, errors } = screen);
  await loginAsStaff(page, rt);
});

afterAll(async () => {
  await screen?.close();
  await rt?.stop();
});

const textIs = (selector: string, re: RegExp) => textMatches(page, selector, re);
const settings = () => rt.runtime.handoff.settings();
const hours = () => rt.runtime.config.business.openingHours;

describe('handoff settings on the staff screens', () => {
  it("Shifts: a day written wrong is refused under that day; right, it is Maria's shift at once", async () => {
    await openStaffTab(page, 'shifts');
    const monday = '[data-path="people.2.shifts.mon"]';
    await page.waitForSelector(monday);
    await page.fill(monday, '9 to 5');
    await page.click('#shifts-save');
    await textIs(`${monday} + .field-error`, /HH:MM-HH:MM/);
    await textIs('#shifts-result', /Not saved/);
    await page.fill(monday, '09:00-13:00, 14:00-17:30');
    await page.click('#shifts-save');
    await textIs('#shifts-result', /^Saved/);
    expect(settings().people[2]!.shifts.mon).toEqual(['09:00-13:00', '14:00-17:30']);
  });

  it('Opening hours: an unknown time zone is refused next to it; the hours and a closed day are saved into the one schedule', async () => {
    await openStaffTab(page, 'hours');
    await page.waitForSelector('#hours-zone');
    await textIs('#hours-meaning', /^Not set: the robot does not talk about opening hours/);
    await page.fill('#hours-zone', 'Mars/Olympus');
    await page.click('#hours-mon-add');
    await page.fill('#hours-mon-0-open', '09:00');
    await page.fill('#hours-mon-0-close', '19:00');
    await page.fill('#hours-new-holiday', '2026-12-25');
    await page.fill('#hours-new-holiday-name', 'Christmas');
    await page.click('#hours-add-holiday');
    await page.click('#hours-save');
    await textIs('#hours-zone + .field-error', /^Time zone: not a time zone/);
    expect(hours().week.mon).toEqual([]);
    await page.fill('#hours-zone', 'Europe/Paris');
    await page.click('#hours-save');
    await textIs('#hours-result', /^Saved/);
    expect(hours()).toMatchObject({
      timezone: 'Europe/Paris',
      holidays: [{ date: '2026-12-25', name: 'Christmas', hours: [] }],
      week: { mon: ['09:00-19:00'] },
    });
    expect(rt.runtime.handoff.zone()).toBe('Europe/Paris');
    await textIs('#hours-holidays', /December 25, 2026|25 December 2026/);
    await textIs('#hours-meaning', /^The robot tells visitors these hours/);
  });

  it('Scoring: each rule says what it means; a new one is added; points that are not a number are refused', async () => {
    await openStaffTab(page, 'scoring');
    await page.waitForSelector('#scoring-list [data-rule="phone"]');
    await textIs('#scoring-list [data-rule="phone"] .scoring-meaning', /^Adds 10 points when the visitor answered “Phone/);
    await page.selectOption('#scoring-kind', 'choice');
    await page.selectOption('#scoring-field', 'reason');
    await page.selectOption('#scoring-choice', 'hair-coloring');
    await page.fill('#scoring-points', '15');
    await page.fill('#scoring-label', 'Wants hair coloring');
    await page.click('#scoring-add-save');
    await page.waitForSelector('#scoring-list [data-rule="wants-hair-coloring"]');
    await textIs('#scoring-result', /^Saved/);
    await textIs('#scoring-list [data-rule="wants-hair-coloring"] .scoring-meaning', /^Adds 15 points when the visitor chose “Hair coloring” for/);
    expect(settings().scoring.at(-1)).toMatchObject({
      id: 'wants-hair-coloring',
      points: 15,
      when: { kind: 'choice', field: 'reason', value: 'hair-coloring' },
    });
    await page.fill('[data-path="scoring.0.points"]', 'lots');
    await page.click('#scoring-save');
    await textIs('[data-path="scoring.0.points"] + .field-error', /whole number/);
    expect(settings().scoring[0]!.points).toBe(10);
  });

  it('Escalation: zero minutes is refused with the reason; a new time and line are used at once', async () => {
    await openStaffTab(page, 'escalation');
    await page.waitForSelector('#escalation-ack');
    await textIs('#escalation-who', /managers: Tom · owners: Olga/);
    await page.fill('#escalation-ack', '0');
    await page.click('#escalation-save');
    await textIs('#escalation-ack + .field-error', /at least 1 minute/);
    await page.fill('#escalation-ack', '3');
    await page.selectOption('[data-path="escalation.chain.1"]', '');
    await page.click('#escalation-save');
    await textIs('#escalation-result', /^Saved/);
    expect(settings().escalation).toMatchObject({ ackMinutes: 3, chain: ['manager'] });
    expect(errors).toEqual([]);
  });
});
