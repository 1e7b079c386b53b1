/**
 * The technician's diagnostics screen in Chromium against the real runtime (started in process, as the server tests
 * do, so the test can also drive a text-mode visit and the speech monitor; the body is the default simulated one):
 * technician PIN, live body state and joint buttons, logs, speech captions from a real visit, microphone level and
 * wake scores, and the support bundle download with no PIN in it.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../device/config/load.js';
import type { SupportBundle } from '../../device/http/contract.js';
import { createLogger, LogRing } from '../../device/log.js';
import { startRuntime, type Runtime } from '../../device/runtime.js';
import { simulateVisit } from '../../device/simulate/run.js';
import { visitFileSchema } from '../../device/simulate/visit-file.js';
import { launchBrowser, openKiosk, smallestTarget as smallestTargetOn } from '../support/browser.js';
import { ensureUiBuilt, REPO_ROOT } from '../support/build-ui.js';

const STAFF_PIN = '314159';
const TECH_PIN = '27182818';
const SHOTS = join(REPO_ROOT, 'test', '.tmp', 'ui');

/** The runtime's clock for the PIN lockout: the test moves it past the wait after a wrong PIN. */
const clock = { t: Date.now() };
let browser: Browser;
let runtime: Runtime;
let page: Page;
let errors: string[];
let closeContext: (() => Promise<void>) | undefined;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ensureUiBuilt();
  const ring = new LogRing();
  runtime = await startRuntime({
    config: parseConfig({ http: { port: 0 }, device: { id: 'diag-kiosk' }, staff: { pin: STAFF_PIN }, technician: { pin: TECH_PIN } }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-diag-ui-')),
    log: createLogger({ ring, destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
    logRing: ring,
    httpClock: () => clock.t,
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

afterEach(async () => {
  expect(errors).toEqual([]);
  await closeContext?.();
});

const pressPin = async (pin: string): Promise<void> => {
  for (const d of pin) await page.click(`[data-pin="${d}"]`);
  await page.click('[data-pin="enter"]');
};
const angle = (joint: string) => page.textContent(`#diag-joints tr[data-joint="${joint}"] .joint-angle`);
const smallestTarget = () => smallestTargetOn(page);

describe('diagnostics screen', () => {
  it('behind the technician PIN: moves joints, shows logs and speech, exports a bundle without secrets', async () => {
    const kiosk = await openKiosk(browser, `${runtime.http!.url}/#/staff`);
    ({ page, errors } = kiosk);
    closeContext = () => kiosk.context.close();

    // The discreet way in: the staff door, then "Technician", which has its own PIN.
    await page.click('#to-diagnostics');
    await page.waitForSelector('[data-screen="diagnostics"] .pin-pad');
    expect(new URL(page.url()).hash).toBe('#/diagnostics');
    await expect(page.textContent('.pin-pad h1')).resolves.toBe('Technician');
    await pressPin(STAFF_PIN); // the staff PIN is not the technician's
    await page.waitForSelector('.pin-message:has-text("That PIN is not right")');
    clock.t += 1_000; // the wait after one wrong PIN
    await pressPin(TECH_PIN);

    // Body state, from the runtime's simulated body.
    await page.waitForSelector('#diag-joints tr[data-joint="headPan"]');
    await expect(angle('headPan')).resolves.toBe('90°');
    await expect(page.textContent('#diag-body-status')).resolves.toMatch(/simulated body, connected/);
    await expect(page.textContent('[data-sensor="estop"] dd')).resolves.toBe('released');
    await expect(page.textContent('[data-sync="connected"] dd')).resolves.toMatch(/^connected to mqtt:\/\/127\.0\.0\.1:\d+ \(embedded\)/);
    await expect(smallestTarget()).resolves.toBeGreaterThanOrEqual(48);

    // A joint button moves the body; the screen and the body agree.
    await page.click('#diag-joints tr[data-joint="headPan"] [data-step="+10"]');
    await expect.poll(() => angle('headPan')).toBe('100°');
    expect(runtime.body.state().joints.headPan).toBe(100);
    for (let i = 0; i < 4; i++) await page.click('#diag-joints tr[data-joint="headTilt"] [data-step="+10"]');
    await expect.poll(() => angle('headTilt')).toBe('120°'); // the joint's limit: the body clamps
    await page.click('#diag-joints tr[data-joint="arm"] [data-step="centre"]');
    await expect.poll(() => angle('arm')).toBe('80°');
    // Moved from elsewhere (a gesture, the dialog): the live stream brings it.
    await runtime.body.moveJoint('headPan', 60);
    await expect.poll(() => angle('headPan')).toBe('60°');
    await page.click('[data-gesture="nod"]');
    await page.waitForSelector('#diag-status:has-text("Gesture nod: done.")');

    // Recent logs, live.
    await page.waitForSelector('#diag-logs li:has-text("technician moved a joint")');
    expect(await page.$$eval('#diag-logs li', (lis) => lis.length)).toBeGreaterThan(2);

    // Speech: a text-mode visit's captions, and what the audio pipeline reports.
    const script = visitFileSchema.parse({
      answers: {
        name: { say: 'my name is Ana Lopez' },
        phone: { say: 'four one five five five five zero one two three' },
        email: { say: 'ana dot lopez at example dot com' },
        reason: { say: 'a haircut please' },
        consent: { say: 'yes' },
        confirm: { say: 'yes' },
      },
    });
    const result = await simulateVisit(runtime, script, { waitSyncMs: 0 });
    expect(result.outcome).toBe('stored');
    await page.waitForSelector('#diag-captions li.final:has-text("my name is Ana Lopez")');
    runtime.speechMonitor.reportLevel(-12);
    await page.waitForSelector('#diag-level[data-dbfs="-12"]');
    await expect(page.textContent('.meter-text')).resolves.toBe('-12 dBFS');
    runtime.speechMonitor.reportWakeScore({ engine: 'openwakeword', phrase: 'hey_jarvis', score: 0.91, threshold: 0.3 });
    await page.waitForSelector('#diag-wake li[data-wake="openwakeword/hey_jarvis"]:has-text("1 detection")');
    await page.waitForSelector('[data-sync="pending"] dd[data-pending]');
    await page.$eval('#screen', (el) => el.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'diagnostics.png') });

    // The support bundle: downloaded as a file, readable, and without either PIN.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#diag-export')]);
    expect(download.suggestedFilename()).toMatch(/^frontdesk-support-diag-kiosk-\d{8}T\d{6}\.json$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).not.toContain(TECH_PIN);
    expect(text).not.toContain(STAFF_PIN);
    const bundle = JSON.parse(text) as SupportBundle;
    expect((bundle.config as { technician: { pin: string } }).technician.pin).toBe('[redacted]');
    expect(bundle.doctor.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['store', 'outbox', 'models', 'serial', 'microphone']));
    expect(bundle.speech.captions.length).toBeGreaterThan(0);
    expect(text).not.toContain('Ana Lopez'); // what visitors said stays on the device
    expect(bundle.body.layout.joints.headTilt).toEqual({ min: 60, max: 120, rest: 90 });
    await page.waitForSelector('#diag-status:has-text("Support bundle saved as")');

    // Back to the kiosk: the session is gone with the screen.
    await page.click('#diag-back');
    await page.waitForSelector('[data-screen="attract"]');
    await page.goto(`${runtime.http!.url}/#/diagnostics`);
    await page.waitForSelector('[data-screen="diagnostics"] .pin-pad');
  });
});
