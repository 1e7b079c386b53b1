/**
 * Launches Debian's Chromium through playwright-core (no downloaded browser exists here). Reuse this for every
 * browser test, against the fake API or the real runtime.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A landscape kiosk screen; tests may pass another (e.g. 1080x1920 portrait). */
export const KIOSK_VIEWPORT = { width: 1280, height: 800 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A fresh context and page at `url`, with touch enabled like the kiosk. Uncaught page errors, console errors and
 * failed loads of anything but the API are collected in `errors`, so a test can assert the UI broke nowhere.
 * API answers like 401 or 422 are expected outcomes, not errors (Chromium logs them as "Failed to load resource").
 */
export interface OpenKioskOptions {
  viewport?: { width: number; height: number };
  /** Runs before the page loads, e.g. `(ctx) => ctx.clock.install()` to drive the UI's timers from the test. */
  prepare?: (context: BrowserContext) => Promise<void>;
}

export async function openKiosk(
  browser: Browser,
  url: string,
  { viewport = KIOSK_VIEWPORT, prepare }: OpenKioskOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, hasTouch: true });
  await prepare?.(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(msg.text());
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !new URL(res.url()).pathname.startsWith('/api/')) {
      errors.push(`HTTP ${res.status()} ${res.request().method()} ${res.url()}`);
    }
  });
  await page.goto(url);
  return { context, page, errors };
}

/** The smallest side of any visible touch target (buttons, inputs, links) on the page, in CSS px. */
export function smallestTarget(page: Page): Promise<number> {
  return page.$$eval('button, input, a[href]', (els) =>
    Math.min(
      ...els
        .map((e) => e.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height > 0)
        .map((r) => Math.min(r.width, r.height)),
    ),
  );
}
