/**
 * The voice visit as the customer sees it: the real runtime in speech mode 'audio' (openWakeWord, Silero VAD,
 * PocketSphinx, Festival) with a simulated room for microphone and speaker, and the kiosk UI in Chromium. After
 * "hey jarvis" the kiosk shows the form, captions what the visitor says while they say it, fills the fields as they
 * are heard, and thanks the visitor once the lead is stored.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../device/runtime.js';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt, REPO_ROOT } from '../support/build-ui.js';
import { closeRenderers, renderUtterance } from '../support/render-speech.js';
import { startRoomRuntime, shortForm, SHORT_PROMPTS } from '../support/room-runtime.js';
import { Room } from '../support/room.js';
import { SpokenVisitor } from '../support/spoken-visitor.js';

const SHOTS = join(REPO_ROOT, 'test', '.tmp', 'ui');
let runtime: Runtime;
let browser: Browser;
const room = new Room(0.5);

beforeAll(async () => {
  ensureUiBuilt();
  runtime = await startRoomRuntime(room, {
    device: { id: 'voice-kiosk' },
    http: { port: 0 },
    business: { greeting: 'Hi, welcome to Luna Salon!', farewell: 'Thank you, goodbye.' },
    intake: { fields: shortForm(['name', 'phone', 'consent']) },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  await closeRenderers();
});

describe('voice visit on the kiosk', () => {
  it('shows the form on "hey jarvis", captions the visitor live, fills the fields by voice, and thanks them', async () => {
    const visitor = await SpokenVisitor.create(
      (s) => room.say(s),
      {
        name: 'my name is John Smith',
        phone: 'four one five, eight six seven, five three zero nine',
        consent: 'yes',
        confirm: 'yes',
      },
      'flite:rms',
    );
    runtime.visits.on('opened', (v) => visitor.follow(v));
    const wake = await renderUtterance('hey jarvis', 'flite:rms', { padMs: 300 });
    await runtime.voice.started;
    expect(runtime.health().parts.speech).toMatchObject({ ok: true, state: 'listening' });

    const { page, errors } = await openKiosk(browser, `${runtime.http!.url}/`);
    await page.waitForSelector('[data-screen="attract"]');
    // The robot listens, so the attract screen tells visitors what to say (the default text only says "touch").
    expect(await page.textContent('.attract-wake')).toBe('Or just say “Hey Jarvis”');
    // Everything the caption bar shows, as it shows it (a partial caption lasts only while the visitor speaks).
    // (Scripts are strings: this file is compiled for Node, without the DOM types.)
    await page.evaluate(`
      window.captions = [];
      new MutationObserver(() => {
        const v = document.querySelector('#caption');
        window.captions.push({ robot: document.querySelector('#caption-robot')?.textContent ?? '', visitor: v?.textContent ?? '', partial: v?.classList.contains('partial') ?? false });
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    `);

    void room.say(wake);
    await page.waitForSelector('[data-screen="form"]', { timeout: 10_000 });
    // Polled through Playwright, not page.waitForFunction: the kiosk's CSP forbids the eval that one uses.
    await expect.poll(() => page.inputValue('#name'), { timeout: 30_000 }).toBe('John Smith');
    await expect.poll(async () => (await page.inputValue('#phone')).replace(/\D/g, ''), { timeout: 30_000 }).toMatch(/4158675309$/);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'voice-form.png') });
    await page.waitForSelector('[data-screen="thanks"]', { timeout: 45_000 });
    expect(await page.textContent('[data-screen="thanks"]')).toContain('John');

    const captions = (await page.evaluate('window.captions')) as { robot: string; visitor: string; partial: boolean }[];
    expect(captions.some((c) => c.partial && /john|smith/.test(c.visitor))).toBe(true); // live, while speaking
    expect(captions.some((c) => c.partial && /four|eight|five/.test(c.visitor))).toBe(true);
    expect(captions.some((c) => c.robot === SHORT_PROMPTS.phone)).toBe(true); // what the robot asks, as it asks it

    const contact = runtime.contacts.listDay(new Date().toISOString().slice(0, 10)).find((c) => c.name === 'John Smith');
    expect(contact).toMatchObject({ phone: '+14158675309', source: 'kiosk-voice' });
    expect(errors).toEqual([]);
  }, 90_000); // a real-time visit: about 30 s of talking
});
