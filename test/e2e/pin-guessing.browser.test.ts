/**
 * PIN guessing against the real runtime (in process: SQLite, the HTTP server, the staff pad in Chromium): wrong PINs
 * meet growing waits, a guess during a wait is not even checked, the wait survives a restart, and the owner still
 * logs in from the kiosk once it is over.
 *
 * The lockout runs on a clock the test moves (RuntimeOptions.httpClock), so the waits cost no time and a restart
 * slower than the 8 s wait (as under heavy load) cannot end the wait behind the test's back. The attacker's other
 * tries, against the runtime as a separate process, are in attack.browser.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../device/config/load.js';
import { createLogger } from '../../device/log.js';
import { startRuntime, type Runtime } from '../../device/runtime.js';
import { apiClient } from '../support/api-client.js';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt } from '../support/build-ui.js';
import { TEST_STAFF_PIN } from '../support/login.js';

const dataDir = mkdtempSync(join(tmpdir(), 'fd-pin-guessing-'));
/** The lockout's clock (epoch ms): only the test moves it. */
const clock = { t: Date.parse('2026-03-02T10:00:00Z') };
/** Everything the runtime logged, as it would reach its log file. */
let logged = '';
let browser: Browser;
let runtime: Runtime | undefined;

function start(): Promise<Runtime> {
  return startRuntime({
    config: parseConfig({ http: { port: 0 }, device: { id: 'pin-kiosk' }, staff: { pin: TEST_STAFF_PIN } }),
    dataDir,
    log: createLogger({
      level: 'info',
      destination: new Writable({
        write: (chunk: Buffer, _enc, cb) => {
          logged += chunk.toString();
          cb();
        },
      }),
    }),
    httpClock: () => clock.t,
  });
}

beforeAll(async () => {
  ensureUiBuilt();
  runtime = await start();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('PIN guessing', () => {
  it('meets growing delays that persist across a restart; the owner still logs in from the kiosk', async () => {
    // A lead on the staff list, to see the owner got in.
    const visit = runtime!.visits.open('touch');
    runtime!.visits.submit(visit.id, { name: 'Dana Scully', phone: '4155550188', email: 'dana@example.com', reason: 'haircut', consent: true }, 'touch');

    let call = apiClient(runtime!.http!.url);
    const waits: number[] = [];
    for (const guess of ['000101', '000102', '000103', '000104']) {
      const r = await call<{ error: string }>('POST', '/api/staff/login', { pin: guess });
      expect(r.body.error).toBe('wrong_pin');
      waits.push(Number(r.headers.get('retry-after')));
      if (waits.length < 4) clock.t += waits.at(-1)! * 1000;
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    // A guess during the wait is not even checked, the right PIN included.
    expect((await call<{ error: string }>('POST', '/api/staff/login', { pin: TEST_STAFF_PIN })).body.error).toBe('locked');
    clock.t += 3000;
    expect((await call<{ error: string }>('POST', '/api/staff/login', { pin: TEST_STAFF_PIN })).body.error).toBe('locked');

    // A restart forgets nothing: the rest of the wait (5 of the 8 s) is still to come.
    await runtime!.stop();
    runtime = undefined;
    runtime = await start();
    call = apiClient(runtime.http!.url);
    const after = await call<{ error: string }>('POST', '/api/staff/login', { pin: TEST_STAFF_PIN });
    expect(after.status).toBe(429);
    expect(Number(after.headers.get('retry-after'))).toBe(5);
    expect(logged).toMatch(/wrong PIN/); // failed logins are logged, never the PIN
    expect(logged).not.toContain('000101');

    // The owner at the kiosk: after the current wait, one try, and in.
    clock.t += 5000;
    const kiosk = await openKiosk(browser, `${runtime.http!.url}/#/staff`);
    await kiosk.page.waitForSelector('.pin-pad h1:has-text("Staff")');
    for (const d of TEST_STAFF_PIN) await kiosk.page.click(`[data-pin="${d}"]`);
    await kiosk.page.click('[data-pin="enter"]');
    await kiosk.page.waitForSelector('#leads tbody tr');
    expect(await kiosk.page.textContent('#leads')).toContain('Dana Scully');
    // A right PIN resets the count.
    expect((runtime.db.prepare(`SELECT count(*) AS n FROM login_attempts`).get() as { n: number }).n).toBe(0);
    expect(kiosk.errors).toEqual([]);
    await kiosk.context.close();
  });
});
