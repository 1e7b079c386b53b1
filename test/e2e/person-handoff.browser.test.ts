/**
 * "Talk to a person" end to end in Chromium, on the real runtime (SQLite CRM, handoff rules, HTTP server, kiosk and
 * staff sockets): a kiosk visitor taps "Talk to a person" -> Maria's inbox shows it live (about "a visitor at the
 * kiosk", no name before consent) -> the kiosk shows who is coming -> Maria acknowledges -> the kiosk says she has
 * seen it. The same from the text-mode dialog hearing "can I speak to someone". A visitor who declines consent and
 * then asks for a person is helped (staff told) and nothing about them is in the contacts tables.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateVisit } from '../../device/simulate/run.js';
import { visitFileSchema } from '../../device/simulate/visit-file.js';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt } from '../support/build-ui.js';
import { handoffConfig } from '../support/handoff-config.js';
import { loginAsStaff, setMemberPin, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';

let browser: Browser;
let rt: StaffRuntime;
let staff: Page;
let kiosk: Page;
const errorLists: string[][] = [];
const closers: (() => Promise<void>)[] = [];

const MARIA_PIN = '730418';

beforeAll(async () => {
  ensureUiBuilt();
  rt = await startStaffRuntime({
    config: {
      device: { id: 'lobby-kiosk' },
      ...handoffConfig({
        members: ['olga', 'maria'],
        rules: [
          {
            id: 'person-to-maria',
            name: 'Maria takes walk-in questions',
            when: { on: 'person-requested' },
            then: [
              { do: 'assign', to: { kind: 'member', member: 'maria' } },
              { do: 'notify', to: { kind: 'owner' } },
            ],
          },
        ],
      }),
    },
  });
  browser = await launchBrowser();
  for (const which of ['staff', 'kiosk'] as const) {
    const opened = await openKiosk(browser, `${rt.url}/`, { viewport: { width: 1280, height: 900 } });
    errorLists.push(opened.errors);
    closers.push(() => opened.context.close());
    if (which === 'staff') staff = opened.page;
    else kiosk = opened.page;
  }
  // Olga (the owner, who holds the first PIN) gives Maria her own PIN; Maria watches her inbox.
  const pinStatus = await setMemberPin(rt, 'maria', MARIA_PIN);
  if (pinStatus !== 200) throw new Error(`setting Maria's PIN answered ${pinStatus}`);
  await loginAsStaff(staff, rt, { member: 'maria', pin: MARIA_PIN });
  await staff.click('[data-tab="inbox"]');
});

afterAll(async () => {
  for (const c of closers) await c().catch(() => undefined);
  await browser?.close();
  await rt?.stop();
});

const textOf = (page: Page, selector: string) => expect.poll(async () => (await page.textContent(selector).catch(() => null)) ?? '', { timeout: 15_000 });

/** Rows of the contacts tables: a visitor who never consented leaves none. */
function storedRows(): number {
  return ['contacts', 'activities', 'contact_fields', 'contact_tags', 'transcript_lines'].reduce(
    (n, t) => n + (rt.runtime.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n,
    0,
  );
}

/** Maria acknowledges the newest notification she holds. */
async function acknowledge(): Promise<void> {
  await staff.click('.notification-ack-btn');
  await textOf(staff, '#inbox-badge').toMatch(/^0$/);
}

describe('talk to a person, in the browser', () => {
  it('a kiosk visitor taps "Talk to a person": Maria is told live, the kiosk shows who is coming, then that she has seen it', async () => {
    await kiosk.waitForSelector('[data-screen="attract"]');
    await kiosk.click('#start');
    await kiosk.waitForSelector('[data-screen="form"]');
    await kiosk.fill('#name', 'Ana Lopez'); // typed, but not consented: it must not reach staff
    await kiosk.click('#talk-to-person');

    await kiosk.waitForSelector('[data-screen="coming"]');
    await textOf(kiosk, '#coming-who').toBe('Maria is coming to help you.');
    await textOf(staff, '#inbox-alert').toMatch(/^New: A visitor at the kiosk lobby-kiosk asks for a person \(visit [0-9a-f]{8}\)$/);
    await textOf(staff, '#inbox-badge').toMatch(/^1$/);
    expect(await staff.textContent('#inbox-list')).not.toMatch(/Ana|Lopez/);

    await acknowledge();
    await textOf(kiosk, '#coming-seen').toBe('Maria has seen your request.');
    await kiosk.click('#coming-done');
    await kiosk.waitForSelector('[data-screen="attract"]');
    expect(storedRows()).toBe(0);
  });

  it('the text-mode dialog hears "can I speak to someone": the robot says who is coming, the kiosk shows it, Maria is told live', async () => {
    await kiosk.waitForSelector('[data-screen="attract"]');
    const r = await simulateVisit(rt.runtime, visitFileSchema.parse({ answers: { name: { say: 'hi, can I speak to someone?' } } }), { waitSyncMs: 0 });
    expect(r.outcome).toBe('handoff');
    expect(r.transcript.filter((l) => l.who === 'robot').at(-1)?.text).toBe('Maria is coming to help you.');
    await kiosk.waitForSelector('[data-screen="coming"]');
    await textOf(kiosk, '#coming-who').toBe('Maria is coming to help you.');
    await textOf(staff, '#inbox-alert').toMatch(/asks for a person/);
    await textOf(staff, '#inbox-badge').toMatch(/^1$/);
    await acknowledge();
    await textOf(kiosk, '#coming-seen').toBe('Maria has seen your request.');
    await kiosk.click('#coming-done');
    await kiosk.waitForSelector('[data-screen="attract"]');
  });

  it('a visitor who declines consent and asks for a person is helped, and nothing about them is stored', async () => {
    const say = (s: string) => ({ say: s });
    const r = await simulateVisit(
      rt.runtime,
      visitFileSchema.parse({
        answers: {
          name: say('Ben Okafor'),
          phone: say('four one five, five five five, zero one nine nine'),
          email: say('ben at example dot com'),
          reason: say('a haircut'),
          heard_from: say('skip'),
          contact_method: say('skip'),
          consent: say('no'),
          help: say('actually, can I talk to a person?'),
        },
      }),
      { waitSyncMs: 0 },
    );
    expect(r.outcome).toBe('declined');
    expect(r.transcript.some((l) => l.who === 'robot' && l.text === 'Maria is coming to help you.')).toBe(true);
    expect(r.contact).toBeNull();
    await textOf(staff, '#inbox-badge').toMatch(/^1$/);
    const inbox = (await staff.textContent('#inbox-list')) ?? '';
    expect(inbox).toMatch(/A visitor at the kiosk lobby-kiosk asks for a person/);
    expect(inbox).not.toMatch(/Ben|Okafor|0199|example/);
    await acknowledge();
    await rt.runtime.handoff.settled();
    expect(storedRows()).toBe(0);
    expect(errorLists.flat()).toEqual([]);
  });
});
