/**
 * The one opening-hours schedule from the staff screen to the robot and the tasks, on the real runtime in Chromium:
 * a salon whose older config had the hours in both places (disagreeing) sees them merged and says so; staff close
 * Sunday and add a holiday on the Opening hours tab -> the robot's answer to "are you open on Sunday?" and a new
 * follow-up task's due time both follow at once (the handoff's and the visits' clock is the test's). The Business tab
 * shows the same hours read-only. Readable with 48 px targets at 1366x768 and 1080x1920.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../device/runtime.js';
import { simulateVisit } from '../../device/simulate/run.js';
import { visitFileSchema } from '../../device/simulate/visit-file.js';
import { ensureUiBuilt } from '../support/build-ui.js';
import { handoffConfig } from '../support/handoff-config.js';
import { ManualClock } from '../support/manual-clock.js';
import { openStaffScreen, textMatches, type StaffScreen, openStaffTab } from '../support/staff-screen.js';
import { loginAsStaff, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';

// Saturday 5 December 2026, 18:55 UTC: five minutes before the salon closes.
const clock = new ManualClock('2026-12-05T18:55:00Z');
const open = { open: '09:00', close: '19:00' };
let rt: StaffRuntime;
let screen: StaffScreen;
let page: Page;

beforeAll(async () => {
  ensureUiBuilt();
  rt = await startStaffRuntime({
    clock,
    config: {
      device: { id: 'hours-kiosk', timezone: 'UTC' },
      // An older file: the robot's hours in the business profile, the tasks' hours in the handoff section, disagreeing.
      business: {
        hours: { monday: open, tuesday: open, wednesday: open, thursday: open, friday: open, saturday: open, sunday: { open: '10:00', close: '16:00' } },
      },
      ...handoffConfig({
        businessHours: { week: { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00'] } },
      }),
    },
  });
  screen = await openStaffScreen(rt.url, { width: 1366, height: 768 });
  page = screen.page;
  await loginAsStaff(page, rt);
});

afterAll(async () => {
  await screen?.close();
  await rt?.stop();
});

const textIs = (selector: string, re: RegExp) => textMatches(page, selector, re);

async function robotSays(runtime: Runtime, question: string): Promise<string> {
  const r = await simulateVisit(runtime, visitFileSchema.parse({ turns: [{ say: question }] }), { waitSyncMs: 0 });
  const i = r.transcript.findIndex((l) => l.who === 'visitor' && l.text === question);
  return r.transcript.slice(i + 1).find((l) => l.who === 'robot')?.text ?? '';
}

let leads = 0;
/** A lead with consent stored now: the default rule gives it a call-back task due 15 minutes of opening time later. */
async function newTaskDue(runtime: Runtime): Promise<string> {
  const name = ['Ana Lopez', 'Rose Marquez', 'Kim Park'][leads]!;
  const touch = { name, phone: `415 555 01${String(++leads).padStart(2, '0')}`, email: `lead${leads}@example.com`, reason: 'haircut', consent: true };
  const r = await simulateVisit(runtime, visitFileSchema.parse({ touch }), { waitSyncMs: 0 });
  expect(r.outcome, JSON.stringify(r.fieldErrors)).toBe('stored');
  await runtime.handoff.settled();
  return runtime.handoff.tasks({ all: true }).find((t) => t.contactId === r.contact!.id)!.dueAt;
}

/** Every visible button and input of the opening hours screen is at least 48 px (a checkbox's label is its target). */
async function smallestHoursTarget(): Promise<number> {
  return page.$$eval('.staff-hours button, .staff-hours input:not([type="checkbox"]), .staff-hours label:has(input[type="checkbox"])', (els) =>
    Math.min(
      ...els
        .map((e) => e.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height > 0)
        .map((r) => Math.min(r.width, r.height)),
    ),
  );
}

const overflowsSideways = () => page.$eval('html', (e) => e.scrollWidth > e.clientWidth + 1);

describe('one opening-hours schedule: the staff screen moves the robot’s answer and the tasks’ due times', () => {
  it('shows the merged hours and says how they were merged, in plain words, at 1366x768', async () => {
    await openStaffTab(page, 'hours');
    await page.waitForSelector('#hours-week [data-day="sun"] .hours-span');
    await textIs(
      '#hours-merged',
      /The Business tab's hours were kept \(they are what visitors were told\): Monday: 09:00-19:00 kept, the task hours said 09:00-17:00/,
    );
    await textIs('#hours-merged', /press Save: this note then goes away/);
    await textIs('#hours-meaning', /^The robot tells visitors these hours when they ask, and follow-up tasks count only these hours/);
    expect(await page.inputValue('#hours-sun-0-open')).toBe('10:00');
    expect(await smallestHoursTarget()).toBeGreaterThanOrEqual(48);
    expect(await overflowsSideways()).toBe(false);

    // Before the change: open Sunday 10-16, so a lead at 18:55 on Saturday is due Sunday 10:10.
    expect(await robotSays(rt.runtime, 'are you open on sunday?')).toMatch(/^Yes, on Sunday we're open from 10 AM to 4 PM\./);
    expect(await newTaskDue(rt.runtime)).toBe('2026-12-06T10:10:00.000Z');
  });

  it('staff close Sunday and add a holiday: the robot says so and a new task falls due after them', async () => {
    await page.click('[data-remove="sun-0"]');
    await textIs('#hours-week [data-day="sun"]', /Closed/);
    await page.fill('#hours-new-holiday', '2026-12-07');
    await page.fill('#hours-new-holiday-name', 'Founders Day');
    await page.click('#hours-add-holiday');
    await textIs('#hours-holidays', /December 7, 2026 \(Founders Day\): closed all day|7 December 2026 \(Founders Day\): closed all day/);
    await page.click('#hours-save');
    await textIs('#hours-result', /^Saved\. The robot tells visitors these hours from now on/);
    expect(await page.isHidden('#hours-merged')).toBe(true);
    await textIs('#hours-last-saved', /^Last saved by Olga/);
    expect(rt.runtime.config.business.openingHours).toMatchObject({
      week: { sun: [], sat: ['09:00-19:00'] },
      holidays: [{ date: '2026-12-07', name: 'Founders Day', hours: [] }],
    });

    // At once, on the same clock: Sunday closed, Monday a holiday, so the task is due Tuesday 09:10.
    expect(await robotSays(rt.runtime, 'are you open on sunday?')).toMatch(/^Sorry, we're closed on Sunday\./);
    expect(await robotSays(rt.runtime, 'are you open on monday?')).toMatch(/^Sorry, we're closed on Monday, for Founders Day\./);
    expect(await newTaskDue(rt.runtime)).toBe('2026-12-08T09:10:00.000Z');
  });

  it('a wrong time is refused next to its day, in words; nothing changes', async () => {
    await page.fill('#hours-tue-0-open', '20:00');
    await page.click('#hours-save');
    await textIs('[data-path="week.tue.0"] + .field-error', /^Tuesday, hours 1: write a span as "HH:MM-HH:MM"/);
    await textIs('#hours-result', /^Not saved/);
    expect(rt.runtime.config.business.openingHours.week.tue).toEqual(['09:00-19:00']);
    await page.fill('#hours-tue-0-open', '09:00');
  });

  it('the Business tab shows the same hours read-only, with the way to change them', async () => {
    await openStaffTab(page, 'business');
    await textIs('#business-hours-week [data-day="sun"]', /^Sunday: Closed$/);
    await textIs('#business-hours-week [data-day="sat"]', /^Saturday: 9:00 to 19:00$/);
    await textIs('#business-hours-holidays', /Founders Day\): closed all day/);
    expect(await page.locator('#business-hours input').count()).toBe(0);
    await page.click('#business-change-hours');
    await page.waitForSelector('#hours-week [data-day="mon"]');
  });

  it('is readable in portrait at 1080x1920 too', async () => {
    await page.setViewportSize({ width: 1080, height: 1920 });
    await openStaffTab(page, 'hours');
    await page.waitForSelector('#hours-week [data-day="sat"] .hours-span');
    expect(await smallestHoursTarget()).toBeGreaterThanOrEqual(48);
    expect(await overflowsSideways()).toBe(false);
    expect(screen.errors).toEqual([]);
  });
});
