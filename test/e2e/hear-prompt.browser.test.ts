/**
 * "Hear the prompt" in Chromium against the real runtime: staff open the intake editor, press play on a field, the
 * runtime renders the prompt with the product's TTS (Festival, the default voice) and answers a WAV, and the page
 * plays it (or says why it cannot) with nothing refused by the page's Content-Security-Policy.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { parseWav } from '../../drivers/audio/wav.js';
import { parseConfig } from '../../device/config/load.js';
import { silentLogger } from '../../device/log.js';
import { startRuntime, type Runtime } from '../../device/runtime.js';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt } from '../support/build-ui.js';
import { openStaffTab } from '../support/staff-screen.js';

const PIN = '402719';
let runtime: Runtime;
let browser: Browser;

beforeAll(async () => {
  ensureUiBuilt();
  runtime = await startRuntime({
    config: parseConfig({ device: { id: 'hear-prompt' }, http: { port: 0 }, staff: { pin: PIN } }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-hear-prompt-')),
    log: silentLogger(),
    body: new SimulatedBody(0),
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('hear the prompt', () => {
  it("staff press play on a field's prompt: the runtime answers a WAV in the robot's voice and the page plays it", async () => {
    const { page, errors, context } = await openKiosk(browser, runtime.http!.url);
    await page.waitForSelector('[data-screen="attract"]');
    await page.click('.staff-corner');
    for (const d of PIN) await page.click(`[data-pin="${d}"]`);
    await page.click('[data-pin="enter"]');
    await openStaffTab(page, 'intake');
    await page.waitForSelector('.intake-field[data-field-id="phone"]');

    // An unsaved edit is what staff hear: the line as written now.
    const phone = page.locator('.intake-field[data-field-id="phone"]');
    await phone.locator('input[name="prompt"]').fill('What number can we call you back on?');
    // The route's answer as the page receives it (passed through unchanged; CDP does not keep a body the page read as a blob).
    let answered: { status: number; headers: Record<string, string>; body: Buffer; sent: string | null } | undefined;
    await page.route('**/api/staff/speech/preview', async (route) => {
      const r = await route.fetch();
      answered = { status: r.status(), headers: r.headers(), body: await r.body(), sent: route.request().postData() };
      await route.fulfill({ response: r });
    });
    await phone.getByRole('button', { name: 'Hear the prompt of Phone' }).click();
    await expect.poll(() => answered?.status, { timeout: 20_000 }).toBe(200);
    expect(answered!.headers['content-type']).toBe('audio/wav');
    expect(answered!.headers['x-tts-engine']).toMatch(/^(festival|flite)/);
    const body = answered!.body;
    expect(body.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(body.subarray(8, 12).toString('latin1')).toBe('WAVE');
    const wav = parseWav(body);
    expect(wav.samples.length / wav.sampleRate).toBeGreaterThan(1.2); // a sentence, not a click
    expect(JSON.parse(answered!.sent ?? '{}')).toEqual({ text: 'What number can we call you back on?' });

    // Playing (headless Chromium has a null audio sink, and plays through it), or the reason it could not.
    await expect
      .poll(() => page.locator('#intake-hear-status').textContent(), { timeout: 10_000 })
      .toMatch(/^(Playing|Played): “What number can we call you back on\?”$|^Rendered; press play|could not play/);
    const player = await page
      .locator('#intake-player')
      .evaluate((a: { src: string; duration: number; error: { code: number } | null }) => ({ src: a.src, duration: a.duration, error: a.error?.code ?? null }));
    expect(player.src).toMatch(/^blob:/);
    expect(player.error).toBeNull();
    expect(player.duration).toBeGreaterThan(1.2);

    // A field without a written re-prompt says so instead of rendering nothing.
    await phone.getByRole('button', { name: 'Hear the re-prompt of Phone' }).click();
    await expect.poll(() => page.locator('#intake-hear-status').textContent()).toMatch(/^No re-prompt written/);
    expect(errors).toEqual([]); // nothing refused by the CSP (media from blob:), nothing thrown
    await context.close();
  });

  it('is for staff from the kiosk page only: no session 401, another origin 403', async () => {
    const url = `${runtime.http!.url}/api/staff/speech/preview`;
    const json = { 'content-type': 'application/json' };
    const origin = new URL(runtime.http!.url).origin;
    expect((await fetch(url, { method: 'POST', headers: { ...json, origin }, body: JSON.stringify({ text: 'Hello' }) })).status).toBe(401);
    const login = await fetch(`${runtime.http!.url}/api/staff/login`, { method: 'POST', headers: { ...json, origin }, body: JSON.stringify({ pin: PIN }) });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const foreign = await fetch(url, { method: 'POST', headers: { ...json, ...auth, origin: 'http://evil.example' }, body: JSON.stringify({ text: 'Hello' }) });
    expect(foreign.status).toBe(403);
    const tooLong = await fetch(url, { method: 'POST', headers: { ...json, ...auth, origin }, body: JSON.stringify({ text: 'x'.repeat(301) }) });
    expect(tooLong.status).toBe(400);
    const ok = await fetch(url, { method: 'POST', headers: { ...json, ...auth, origin }, body: JSON.stringify({ text: 'Hello' }) });
    expect(ok.status).toBe(200);
    const wav = Buffer.from(await ok.arrayBuffer());
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
  });
});
