/**
 * The Leads screen's "Answer" filter on the real runtime (in process: real SQLite, the real CRM, the real HTTP server
 * and staff PIN) in Chromium: staff pick one of the form's own questions (a custom choice) and an answer, see only the
 * leads that gave it, combined with the search; nothing matching says so; Clear filters shows every lead again; the
 * filter is still there after a look at a contact, whose source names the device's site. On a portrait touchscreen
 * and a laptop screen, with large targets on both.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIELDS } from '../../device/config/schema.js';
import { ensureUiBuilt, REPO_ROOT } from '../support/build-ui.js';
import { openStaffScreen, textMatches, type StaffScreen } from '../support/staff-screen.js';
import { loginAsStaff, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';

const WHEN_FREE = {
  id: 'when_free',
  kind: 'choice',
  label: 'When suits you?',
  prompt: 'When suits you best, morning or evening?',
  required: false,
  choices: [
    { value: 'morning', label: 'Mornings' },
    { value: 'evening', label: 'Evenings' },
  ],
};

const SHOTS = join(REPO_ROOT, 'test', '.tmp', 'ui');

const NOTES = { id: 'notes', kind: 'text', label: 'Anything we should know?', prompt: 'Anything we should know?', required: false };

let rt: StaffRuntime;
let screen: StaffScreen | undefined;
const ids: Record<string, string> = {};

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ensureUiBuilt();
  rt = await startStaffRuntime({
    config: { device: { id: 'staff-kiosk', site: 'Main Street salon' }, intake: { fields: [...DEFAULT_FIELDS, WHEN_FREE, NOTES] } },
  });
  const visit = (name: string, phone: string, whenFree: string, notes = '') => {
    const v = rt.runtime.visits.open('touch');
    return rt.runtime.visits.submit(v.id, { name, phone, email: `${phone}@example.com`, reason: 'haircut', when_free: whenFree, notes, consent: true }, 'touch')
      .id;
  };
  ids.ada = visit('Ada Morning', '4155550201', 'morning');
  ids.ben = visit('Ben Evening', '4155550202', 'evening');
  ids.cy = visit('Cy Evening', '4155550203', 'evening', 'Allergic to latex');
});

afterAll(() => rt?.stop());

afterEach(async () => {
  expect(screen?.errors).toEqual([]);
  await screen?.close();
  screen = undefined;
});

async function open(viewport: { width: number; height: number }) {
  screen = await openStaffScreen(rt.url, viewport);
  await loginAsStaff(screen.page, rt);
  await textMatches(screen.page, '#leads-status', /^1–3 of 3 leads/);
  return screen.page;
}

const shownIds = () => screen!.page.$$eval('#leads tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-contact-id')));

describe('Leads: filter on an answer', () => {
  it('shows only the leads that gave the answer, with the search too, says when none match, and clears', async () => {
    const page = await open({ width: 1080, height: 1920 });
    // The form's own questions only: name, phone and email are what the search finds.
    const questions = await page.$$eval('#leads-answer-field option', (os) => os.map((o) => o.textContent));
    expect(questions[0]).toBe('Any question');
    expect(questions).toContain('When suits you?');
    for (const personal of DEFAULT_FIELDS.filter((f) => ['name', 'phone', 'email'].includes(f.kind))) expect(questions).not.toContain(personal.label);
    await page.selectOption('#leads-answer-field', 'when_free');
    await expect(page.$$eval('#leads-answer-value option', (os) => os.map((o) => o.textContent))).resolves.toEqual(['Any answer', 'Mornings', 'Evenings']);
    await page.selectOption('#leads-answer-value', 'evening');
    await textMatches(page, '#leads-status', /^1–2 of 2 leads/);
    expect(await shownIds()).toEqual([ids.cy, ids.ben]);
    await page.screenshot({ path: join(SHOTS, '27-staff-leads-answer.png') });

    // Combined with the search; a combination nobody gave says which answer found nothing.
    await page.fill('#leads-search', 'Ben');
    await page.press('#leads-search', 'Enter');
    await textMatches(page, '#leads-status', /^1–1 of 1 lead/);
    expect(await shownIds()).toEqual([ids.ben]);
    await page.selectOption('#leads-answer-value', 'morning');
    await textMatches(page, '#leads-status', /^No leads match: nobody answered “When suits you\?” with “Mornings” among the leads the other filters show\.$/);
    expect(await shownIds()).toEqual([]);

    // Kept while staff look at a contact, whose source says where the device stands.
    await page.fill('#leads-search', '');
    await page.press('#leads-search', 'Enter');
    await textMatches(page, '#leads-status', /^1–1 of 1 lead/);
    await page.click(`#leads tbody tr[data-contact-id="${ids.ada}"] .c-when`);
    await page.waitForSelector(`#contact[data-contact-id="${ids.ada}"] #contact-profile`);
    await expect(page.textContent('#contact dl')).resolves.toMatch(/SourceKiosk, by touch, Main Street salon/);
    await page.click('#contact-back');
    await textMatches(page, '#leads-status', /^1–1 of 1 lead/);
    await expect(page.inputValue('#leads-answer-field')).resolves.toBe('when_free');
    await expect(page.inputValue('#leads-answer-value')).resolves.toBe('morning');

    await page.click('#leads-clear');
    await textMatches(page, '#leads-status', /^1–3 of 3 leads/);
    expect(await shownIds()).toEqual([ids.cy, ids.ben, ids.ada]);
    await expect(page.inputValue('#leads-answer-field')).resolves.toBe('');
    await expect(page.$$('#leads-answer-value')).resolves.toHaveLength(0);
  });

  it('works on a laptop screen with targets as large as the other filters', async () => {
    const page = await open({ width: 1366, height: 768 });
    await page.selectOption('#leads-answer-field', 'when_free');
    await page.selectOption('#leads-answer-value', 'Evenings');
    await textMatches(page, '#leads-status', /^1–2 of 2 leads/);
    await page.screenshot({ path: join(SHOTS, '27-staff-leads-answer-laptop.png') });
    const heights = await page.$$eval('#leads-answer-field, #leads-answer-value, #leads-stage', (els) => els.map((e) => e.getBoundingClientRect().height));
    for (const hgt of heights) expect(hgt).toBeGreaterThanOrEqual(48);
    // A free-text question takes the answer typed in a text box, in any case.
    await page.selectOption('#leads-answer-field', 'notes');
    await page.fill('#leads-answer-value', 'allergic to latex');
    await page.press('#leads-answer-value', 'Enter');
    await textMatches(page, '#leads-status', /^1–1 of 1 lead/);
    expect(await shownIds()).toEqual([ids.cy]);
    // Another question's answer nobody gave finds nothing and says so.
    await page.selectOption('#leads-answer-field', 'reason');
    await page.selectOption('#leads-answer-value', 'styling');
    await textMatches(page, '#leads-status', /^No leads match: nobody answered “What brings you in today\?” with “Styling”\.$/);
  });
});
