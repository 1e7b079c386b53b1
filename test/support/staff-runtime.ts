/**
 * The runtime in process for the staff screens' browser tests, and the ONE place tests log in as staff. When PIN
 * handling changes, only this file (and test/support/login.ts, which it uses) changes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseConfig } from '../../device/config/load.js';
import type { Crm } from '../../device/crm/types.js';
import type { Clock } from '../../device/handoff/clock.js';
import { silentLogger } from '../../device/log.js';
import { startRuntime, type Runtime } from '../../device/runtime.js';
import { loginAsStaff as loginThroughApi, TEST_STAFF_PIN } from './login.js';

export const STAFF_PIN = TEST_STAFF_PIN;

export interface StaffRuntime {
  runtime: Runtime;
  url: string;
  staffPin: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the runtime (HTTP on a free port, simulated body, text speech). `crm` replaces the runtime's CRM: the
 * screens' tests run against FakeCrm through the real server, routes and staff sessions. `clock` gives the CRM and
 * the handoff a clock the test moves by hand (escalations without waiting).
 */
export async function startStaffRuntime(options: { crm?: Crm; config?: Record<string, unknown>; clock?: Clock } = {}): Promise<StaffRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fd-staff-ui-'));
  const runtime = await startRuntime({
    config: parseConfig({ http: { port: 0 }, device: { id: 'staff-kiosk' }, staff: { pin: STAFF_PIN }, ...options.config }),
    dataDir,
    log: silentLogger(),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  if (options.crm) (runtime as unknown as { crm: Crm }).crm = options.crm;
  return { runtime, url: runtime.http!.url, staffPin: STAFF_PIN, dataDir, stop: () => runtime.stop() };
}

/**
 * Opens the staff screen and logs in as staff do: taps the member's name when several members have PINs (by default
 * the first, who holds the device's first PIN), then enters the PIN on the pad; resolves once the tabs show.
 */
export async function loginAsStaff(
  page: Page,
  rt: Pick<StaffRuntime, 'url' | 'staffPin'>,
  as: { member: string; pin: string } | null = null,
  /** The staff address opened (a screen's own, e.g. #/staff/hours: it shows after the PIN). */
  at = '#/staff',
): Promise<void> {
  await page.goto(`${rt.url}/${at}`);
  await page.waitForSelector('[data-screen="staff"] .pin-pad');
  if (await page.isVisible('#staff-names')) {
    await page.click(as ? `#staff-names [data-member="${as.member}"]` : '#staff-names .pin-name >> nth=0');
    await page.waitForSelector('[data-screen="staff"] .pin-grid');
  }
  for (const d of as?.pin ?? rt.staffPin) await page.click(`[data-pin="${d}"]`);
  await page.click('[data-pin="enter"]');
  await page.waitForSelector('.staff-tabs');
}

/** A staff session's token through the login API (the first member's, or `member`'s), for tests that call the staff routes directly. */
export async function staffToken(rt: Pick<StaffRuntime, 'url' | 'staffPin'>, as: { member: string; pin: string } | null = null): Promise<string> {
  return as ? loginThroughApi(rt.url, as.pin, as.member) : loginThroughApi(rt.url, rt.staffPin);
}

/** The first member (the owner, who holds the first PIN) sets `member`'s own PIN through the People route; returns the answer's status. */
export async function setMemberPin(rt: Pick<StaffRuntime, 'url' | 'staffPin'>, member: string, pin: string): Promise<number> {
  const owner = await staffToken(rt);
  const res = await fetch(`${rt.url}/api/staff/people/${encodeURIComponent(member)}/pin`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', origin: rt.url, authorization: `Bearer ${owner}` },
    body: JSON.stringify({ pin, confirm: pin }),
  });
  return res.status;
}
