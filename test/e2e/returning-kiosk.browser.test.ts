/**
 * A returning visitor on the kiosk: the runtime in process (real SQLite CRM, text speech) and the kiosk in Chromium.
 * Whoever gives a known phone or email and says "yes" to the masked check is not proven to be the contact, so the
 * screen shows what was kept from the contact only masked ("Kept from your last visit: …" with a Change button) and
 * never the full email, phone or last name; Send leaves kept fields out and the stored lead keeps the real values.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIELDS } from '../../device/config/schema.js';
import { visitFileSchema } from '../../device/simulate/visit-file.js';
import { TextVisitorListener, VirtualVisitor } from '../../device/simulate/visitor.js';
import { VoiceDialog } from '../../device/visit/dialog.js';
import { contactLookup } from '../../device/visit/lookup.js';
import type { Visit } from '../../device/visit/visit.js';
import { TextVoice } from '../../models/text/voice.js';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt } from '../support/build-ui.js';
import { startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';

const ANA = { name: 'Ana Lopez', phone: '+14155550123', email: 'ana.lopez@example.com' };
const field = (id: string) => DEFAULT_FIELDS.find((f) => f.id === id)!;

let rt: StaffRuntime;
let browser: Browser;

beforeAll(async () => {
  ensureUiBuilt();
  // The key (email or phone) first, so the robot recognizes the visitor before asking anything else.
  rt = await startStaffRuntime({ config: { intake: { fields: ['email', 'phone', 'name', 'consent'].map(field) } } });
  const first = rt.runtime.visits.open('touch');
  rt.runtime.visits.submit(first.id, { ...ANA, consent: true }, 'touch');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
});

/** Opens a visit on the kiosk, then lets the robot hear `key` and the visitor's "yes" to the masked check. */
async function returningVisit(say: string) {
  const { page, errors, context } = await openKiosk(browser, `${rt.url}/`);
  await page.waitForSelector('[data-screen="attract"]');
  const opened = new Promise<Visit>((resolve) => rt.runtime.visits.once('opened', resolve));
  await page.click('#start');
  await page.waitForSelector('[data-screen="form"]');
  const visit = await opened;
  // Everything the screen shows while the visit goes on: its text and every input's value at each change.
  await page.evaluate(`
    window.seen = [];
    const record = () => window.seen.push(document.body.textContent + ' ' + [...document.querySelectorAll('input')].map((i) => i.value).join(' '));
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    document.body.addEventListener('input', record, true);
  `);

  // The dialog stops once the contact's answers are kept: the rest of this visit is the kiosk's.
  const stop = new AbortController();
  visit.on('changed', () => {
    if (visit.values.name !== undefined) stop.abort();
  });
  const script = visitFileSchema.parse({ answers: { email: { say }, phone: { say }, returning: { say: 'yes, that is right' } } });
  const { voice, listener } = { voice: new TextVoice(), listener: new TextVisitorListener(new VirtualVisitor(script)) };
  const dialog = new VoiceDialog(
    {
      config: rt.runtime.config,
      visits: rt.runtime.visits,
      voice,
      listener,
      body: rt.runtime.body,
      lookup: contactLookup(rt.runtime.crm),
      signal: stop.signal,
    },
    visit,
  );
  await dialog.run();
  return { page, errors, context, visit };
}

/** The kept note's text now, or null (no waiting: polled). */
const keptNote = async (page: Page, id: string) => (await page.$(`[data-kept="${id}"]`))?.textContent() ?? null;

const seen = async (page: Page): Promise<string> => {
  const values = await Promise.all((await page.$$('input')).map((i) => i.inputValue()));
  return [...((await page.evaluate('window.seen')) as string[]), (await page.textContent('body')) ?? '', ...values].join('\n');
};

/** The body of the kiosk's submit answer, as the browser received it (its network data). */
const submitAnswer = async (page: Page): Promise<string> =>
  (await page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/visits\/[^/]+\/submit$/.test(r.url()))).text();

describe('a returning visitor on the kiosk', () => {
  it('who gave the email sees the phone and name only masked, and Send stores the real ones', async () => {
    const { page, errors, context, visit } = await returningVisit('ana dot lopez at example dot com');
    expect(visit.isKept('phone') && visit.isKept('name')).toBe(true);
    await expect.poll(() => keptNote(page, 'phone'), { timeout: 10_000 }).toContain('Kept from your last visit: … 23');
    expect(await page.textContent('[data-kept="name"]')).toContain('Kept from your last visit: Ana');
    expect(await page.isVisible('#phone')).toBe(false);

    await page.check('#consent');
    const answer = submitAnswer(page);
    await page.click('#submit');
    await page.waitForSelector('[data-screen="thanks"]');
    const shown = await seen(page);
    expect(shown).not.toContain('Lopez');
    expect(shown).not.toMatch(/555\D?0123|5550123/);
    expect(shown).toContain('ana.lopez@example.com'); // the visitor's own answer
    // Nor in the browser's network data: the submit answers the first name, not the contact.
    const bytes = await answer;
    expect(JSON.parse(bytes)).toMatchObject({ firstName: 'Ana' });
    for (const secret of ['Lopez', '0123', 'ana.lopez']) expect(bytes).not.toContain(secret);
    expect(await page.textContent('.thanks-title')).toBe('Thank you, Ana!');

    const contact = rt.runtime.contacts.get(visit.contactId!)!;
    expect(contact).toMatchObject(ANA);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('who gave the phone sees the email only masked; Change lets them type a new one, which is stored', async () => {
    const { page, errors, context, visit } = await returningVisit('four one five five five five zero one two three');
    await expect.poll(() => keptNote(page, 'email'), { timeout: 10_000 }).toContain('Kept from your last visit: …@example.com');
    expect(await page.textContent('[data-kept="name"]')).toContain('Ana');

    // Change the email; the name stays kept and is not sent.
    await page.click('[data-kept="email"] button');
    expect(await page.inputValue('#email')).toBe('');
    await page.fill('#email', 'ana@newmail.example.com');
    await page.check('#consent');
    const answer = submitAnswer(page);
    await page.click('#submit');
    await page.waitForSelector('[data-screen="thanks"]');
    const bytes = await answer;
    for (const secret of ['Lopez', '0123', 'ana@newmail', 'ana.lopez']) expect(bytes).not.toContain(secret);
    const shown = await seen(page);
    expect(shown).not.toContain('Lopez');
    expect(shown).not.toContain('ana.lopez@example.com');

    const contact = rt.runtime.contacts.get(visit.contactId!)!;
    expect(contact).toMatchObject({ name: ANA.name, phone: ANA.phone, email: 'ana@newmail.example.com' });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
