/**
 * The Dashboard's "Answer" filter on the real runtime (in process: real SQLite, the real CRM, the real HTTP server and
 * staff PIN) in Chromium: staff pick one of the form's questions and an answer, and every panel's chart and table show
 * only the leads who gave it, each saying so; an answer nobody gave in the dates says that plainly; Clear filters shows
 * every lead again; the filter stays while staff look at another tab. On a portrait touchscreen and a laptop screen,
 * with targets as large as the other filters'.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureUiBuilt, REPO_ROOT } from '../support/build-ui.js';
import { openStaffScreen, textMatches, type StaffScreen } from '../support/staff-screen.js';
import { loginAsStaff, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';

const SHOTS = join(REPO_ROOT, 'test', '.tmp', 'ui');
const FILTERED = 'Showing leads who answered “What brings you in today?” = Hair coloring';
const PANELS = [
  'volume-period',
  'volume-source',
  'volume-campaign',
  'funnel',
  'time-in-stage',
  'top-tags',
  'outcomes',
  'loss-reasons',
  'by-source',
  'by-campaign',
];

let rt: StaffRuntime;
let screen: StaffScreen | undefined;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ensureUiBuilt();
  rt = await startStaffRuntime();
  const staff = { kind: 'staff' as const, id: null, name: 'Maya' };
  const visit = (name: string, phone: string, reason: string, heardFrom: string) => {
    const v = rt.runtime.visits.open('touch');
    return rt.runtime.visits.submit(v.id, { name, phone, email: `${phone}@example.com`, reason, heard_from: heardFrom, consent: true }, 'touch').id;
  };
  // Five leads today: three want hair coloring (two heard on social media: one lost on price, one won; one from a
  // friend), one a haircut (lost on timing), one styling.
  const ada = visit('Ada Cut', '4155550301', 'haircut', 'friend');
  const ben = visit('Ben Colour', '4155550302', 'hair-coloring', 'social');
  const cy = visit('Cy Colour', '4155550303', 'hair-coloring', 'social');
  visit('Di Style', '4155550304', 'styling', 'search');
  visit('Ed Colour', '4155550305', 'hair-coloring', 'friend');
  rt.runtime.crm.recordOutcome(ada, { result: 'lost', reason: 'timing' }, staff);
  rt.runtime.crm.recordOutcome(ben, { result: 'lost', reason: 'price' }, staff);
  rt.runtime.crm.recordOutcome(cy, { result: 'won' }, staff);
});

afterAll(() => rt?.stop());

afterEach(async () => {
  expect(screen?.errors).toEqual([]);
  await screen?.close();
  screen = undefined;
});

async function openDashboard(viewport: { width: number; height: number }) {
  screen = await openStaffScreen(rt.url, viewport);
  const page = screen.page;
  await loginAsStaff(page, rt);
  await page.click('#tab-dashboard');
  await page.waitForSelector('#panel-volume-source table');
  return page;
}

/** A panel's table as text, row by row (the row's heading cell first). */
const table = (id: string) => screen!.page.$$eval(`#panel-${id} tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
/** A funnel or time-in-stage row of one stage. */
const stageRow = async (id: string, stage: string) => (await table(id)).find((r) => r[0] === stage);

/** The unfiltered dashboard's figures: all five leads. */
async function expectEveryLead(): Promise<void> {
  const page = screen!.page;
  await expect.poll(() => table('volume-source')).toEqual([['Kiosk, by touch', '5']]);
  expect(await table('outcomes')).toEqual([
    ['Won', '1'],
    ['Lost', '2'],
  ]);
  expect(await table('loss-reasons')).toEqual([
    ['Price', '1'],
    ['Timing', '1'],
  ]);
  expect((await stageRow('funnel', 'New inquiry'))?.slice(0, 2)).toEqual(['New inquiry', '5']);
  expect(await page.isHidden('#dash-answer')).toBe(true);
  await expect(page.$$('.dash-filtered')).resolves.toHaveLength(0);
}

describe('Dashboard: filter on an answer', () => {
  it('on a touchscreen: every panel and table shows only the leads who gave the answer and says so; none found says so; clears', async () => {
    const page = await openDashboard({ width: 1080, height: 1920 });
    await expectEveryLead();
    // The form's own questions, the same controls as on the Leads screen.
    const questions = await page.$$eval('#dash-answer-field option', (os) => os.map((o) => o.textContent));
    expect(questions).toEqual(expect.arrayContaining(['Any question', 'What brings you in today?', 'How did you hear about us?']));
    expect(questions).not.toContain('Your name');
    await page.selectOption('#dash-answer-field', 'reason');
    await expect(page.$$eval('#dash-answer-value option', (os) => os.map((o) => o.textContent))).resolves.toEqual([
      'Any answer',
      'Haircut',
      'Hair coloring',
      'Styling',
      'Something else',
    ]);
    await page.selectOption('#dash-answer-value', 'hair-coloring');
    await textMatches(page, '#dash-answer', new RegExp(`^${FILTERED.replace(/[?.()]/g, '\\$&')}\\.$`));

    // Three leads gave it: two from social media (one lost on price, one won), one from a friend.
    await expect.poll(() => table('volume-source')).toEqual([['Kiosk, by touch', '3']]);
    expect((await table('volume-campaign')).map((r) => r[1])).toEqual(['2', '1']);
    expect(await table('outcomes')).toEqual([
      ['Won', '1'],
      ['Lost', '1'],
    ]);
    expect(await table('loss-reasons')).toEqual([['Price', '1']]);
    expect((await stageRow('funnel', 'New inquiry'))?.slice(0, 3)).toEqual(['New inquiry', '3', '2']);
    expect(await stageRow('funnel', 'Lost')).toEqual(['Lost', '1', '0', '0%']);
    expect((await table('top-tags')).find((r) => r[0] === 'Hair coloring')).toEqual(['Hair coloring', '3']);
    expect((await table('top-tags')).find((r) => r[0] === 'Haircut')).toBeUndefined();
    // Leads, sales qualified (the one won reached Customer, past it), won, lost.
    expect((await table('by-campaign')).map((r) => r.slice(1))).toEqual([
      ['2', '1', '1', '1'],
      ['1', '0', '0', '0'],
    ]);
    // Each panel, its chart and its table say what they show.
    for (const id of PANELS) {
      await expect(page.textContent(`#panel-${id} p.dash-filtered`), id).resolves.toBe(FILTERED);
      if (await page.isVisible(`#panel-${id} table`)) await expect(page.textContent(`#panel-${id} caption`), id).resolves.toBe(FILTERED);
      if (await page.isVisible(`#panel-${id} canvas`)) await expect(page.getAttribute(`#panel-${id} canvas`, 'aria-label'), id).resolves.toContain(FILTERED);
    }
    await page.screenshot({ path: join(SHOTS, '32-staff-dashboard-answer.png') });

    // Kept while staff look at another tab.
    await page.click('#tab-leads');
    await page.waitForSelector('#leads tbody tr');
    await page.click('#tab-dashboard');
    await expect(page.inputValue('#dash-answer-value')).resolves.toBe('hair-coloring');
    await expect.poll(() => table('volume-source')).toEqual([['Kiosk, by touch', '3']]);

    // An answer nobody gave: said plainly, no empty charts.
    await page.selectOption('#dash-answer-value', 'other');
    await textMatches(page, '#dash-empty', /^No leads who answered “What brings you in today\?” = Something else came in from .+ to .+\./);
    await expect(page.$$('#dash-panels canvas, #dash-panels table')).resolves.toHaveLength(0);
    await page.screenshot({ path: join(SHOTS, '32-staff-dashboard-answer-none.png') });

    await page.click('#dash-clear');
    await expectEveryLead();
    await expect(page.inputValue('#dash-answer-field')).resolves.toBe('');
    await expect(page.$$('#dash-answer-value')).resolves.toHaveLength(0);
  });

  it('on a laptop screen: the same figures, targets as large as the other filters, then cleared', async () => {
    const page = await openDashboard({ width: 1366, height: 768 });
    await page.selectOption('#dash-answer-field', 'heard_from');
    await page.selectOption('#dash-answer-value', 'Social media');
    await textMatches(page, '#dash-answer', /^Showing leads who answered “How did you hear about us\?” = Social media\.$/);
    await expect.poll(() => table('volume-source')).toEqual([['Kiosk, by touch', '2']]);
    expect(await table('outcomes')).toEqual([
      ['Won', '1'],
      ['Lost', '1'],
    ]);
    expect((await stageRow('funnel', 'Customer'))?.slice(0, 2)).toEqual(['Customer', '1']);
    await page.screenshot({ path: join(SHOTS, '32-staff-dashboard-answer-laptop.png') });
    const heights = await page.$$eval('#dash-answer-field, #dash-answer-value, #dash-granularity, #dash-clear', (els) =>
      els.map((e) => e.getBoundingClientRect().height),
    );
    expect(heights).toHaveLength(4);
    for (const hgt of heights) expect(hgt).toBeGreaterThanOrEqual(48);
    await page.click('#dash-clear');
    await expectEveryLead();
  });
});
