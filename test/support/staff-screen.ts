/**
 * A staff screen in Chromium on a runtime of ./staff-runtime.ts: the browser, one page with the errors it collects,
 * and one way to close both. What each staff-screen browser test starts and ends with.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, openKiosk } from './browser.js';

export interface StaffScreen {
  page: Page;
  /** Page errors, console errors and failed loads (see openKiosk): a test asserts the UI broke nowhere. */
  errors: string[];
  close(): Promise<void>;
}

/** Launches Chromium and opens the runtime's UI at `url` in a touch context of `viewport`'s size. */
export async function openStaffScreen(url: string, viewport: { width: number; height: number }): Promise<StaffScreen> {
  const browser = await launchBrowser();
  try {
    const { context, page, errors } = await openKiosk(browser, `${url}/`, { viewport });
    return {
      page,
      errors,
      close: async () => {
        await context.close();
        await browser.close();
      },
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/** Waits until the element's text matches (the page's CSP forbids evaluating strings, so poll from here). */
export function textMatches(page: Page, selector: string, re: RegExp): Promise<void> {
  return expect.poll(async () => (await page.textContent(selector)) ?? '', { timeout: 15_000 }).toMatch(re);
}

/**
 * Opens a staff screen by id as staff do: a daily tab (Leads, Today, Tasks, Inbox, Dashboard) from the tab row; a
 * set-up screen from the set-up menu when it shows, else through "Set up" and the screen's card. Every test that
 * changes screens goes through here, so a change to the way around changes one function.
 */
export async function openStaffTab(page: Page, id: string): Promise<void> {
  const link = `[data-tab="${id}"]`;
  if (await page.isVisible(link)) await page.click(link);
  else {
    await page.click('#tab-setup');
    await page.click(`[data-setup-card="${id}"]`);
  }
  await page.waitForSelector(`${link}[aria-current="page"]`, { state: 'attached' });
}
