/**
 * The one opening-hours schedule on the real runtime: a save on the staff route moves both a new follow-up task's due
 * time and the robot's answer at once (the handoff's clock injected), refusals name the place, only owners and
 * managers change it, and it is kept across a restart. Task hours saved with the handoff settings before the
 * schedule (the old Opening hours tab) are read into it at start, with a note for staff.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../../drivers/body/simulated.js';
import { ManualClock } from '../../../test/support/manual-clock.js';
import { callApi } from '../../../test/support/api-client.js';
import { bearer, loginAsStaff } from '../../../test/support/login.js';
import { parseConfig } from '../../config/load.js';
import { silentLogger } from '../../log.js';
import { startRuntime, type Runtime } from '../../runtime.js';
import { simulateVisit } from '../../simulate/run.js';
import { visitFileSchema } from '../../simulate/visit-file.js';
import { openDatabase } from '../../store/database.js';
import type { OpeningHoursReply } from '../contract-hours.js';
import type { SettingsRefusal } from '../contract-intake.js';

const PIN = '402719';
// Saturday 5 December 2026, 18:55 in UTC (the device's zone): the salon closes at 19:00 on Saturdays.
const SATURDAY_EVENING = '2026-12-05T18:55:00Z';
const WEEKDAYS = ['09:00-19:00'];
const SALON = { week: { mon: WEEKDAYS, tue: WEEKDAYS, wed: WEEKDAYS, thu: WEEKDAYS, fri: WEEKDAYS, sat: WEEKDAYS, sun: ['10:00-16:00'] }, holidays: [] };

let rt: Runtime | null = null;
afterEach(async () => {
  await rt?.stop();
  rt = null;
});

async function start(dataDir: string, clock: ManualClock, extra: Record<string, unknown> = {}): Promise<{ runtime: Runtime; token: string }> {
  const config = parseConfig({
    http: { port: 0 },
    staff: { pin: PIN },
    device: { timezone: 'UTC' },
    handoff: { people: [{ id: 'olga', name: 'Olga', role: 'owner' }] },
    ...extra,
  });
  rt = await startRuntime({ config, dataDir, log: silentLogger(), body: new SimulatedBody(0), clock });
  return { runtime: rt, token: await loginAsStaff(rt.http!.url, PIN) };
}

/** A lead with consent through the form: the default rule gives it a call-back task due 15 minutes of opening time later. */
async function taskDueOfNewLead(runtime: Runtime, n: number): Promise<string> {
  const touch = {
    name: `Ana ${['Lopez', 'Moore', 'Chen', 'Silva', 'Okafor'][n]}`,
    phone: `415 555 01${String(n).padStart(2, '0')}`,
    email: `ana${n}@example.com`,
    reason: 'haircut',
    consent: true,
  };
  const r = await simulateVisit(runtime, visitFileSchema.parse({ touch }), { waitSyncMs: 0 });
  expect(r.outcome, JSON.stringify(r.fieldErrors)).toBe('stored');
  await runtime.handoff.settled();
  const task = runtime.handoff.tasks({ all: true }).find((t) => t.contactId === r.contact!.id);
  return task!.dueAt;
}

async function robotAnswers(runtime: Runtime, question: string): Promise<string | undefined> {
  const r = await simulateVisit(runtime, visitFileSchema.parse({ turns: [{ say: question }] }), { waitSyncMs: 0 });
  const i = r.transcript.findIndex((l) => l.who === 'visitor' && l.text === question);
  // The answer, then the robot goes back to its question (in the same line).
  return r.transcript.slice(i + 1).find((l) => l.who === 'robot')?.text;
}

describe('the one opening-hours schedule on the runtime', () => {
  it('a save moves the task due times and the robot’s answers at once; it survives a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fd-hours-'));
    const clock = new ManualClock(SATURDAY_EVENING);
    let { runtime, token } = await start(dataDir, clock);
    const call = <T>(method: string, body?: unknown) => callApi<T>(runtime.http!.url, method, '/api/staff/hours', body, bearer(token));

    // Unset: the robot does not talk about hours, and the task is due 15 minutes later, even at night.
    const unset = await call<OpeningHoursReply>('GET');
    expect(unset.body).toMatchObject({ set: false, zone: 'UTC', mayChange: true, lastSaved: null });
    expect(await taskDueOfNewLead(runtime, 1)).toBe('2026-12-05T19:10:00.000Z');
    expect(await robotAnswers(runtime, 'are you open on sunday?')).not.toMatch(/open|closed/i);

    // Open on Sunday 10-16: the 18:55 task has 5 minutes left on Saturday, then 10 on Sunday from 10:00.
    expect((await call<OpeningHoursReply>('PUT', { hours: SALON })).status).toBe(200);
    expect(await taskDueOfNewLead(runtime, 2)).toBe('2026-12-06T10:10:00.000Z');
    expect(await robotAnswers(runtime, 'are you open on sunday?')).toMatch(/^Yes, on Sunday we're open from 10 AM to 4 PM\./);

    // Sunday closed, and Monday 7 December a holiday: due Tuesday 09:10; the robot says both (its "Monday" is the
    // coming one on the same clock: simulate visits run on the runtime's clock).
    const closed = { ...SALON, week: { ...SALON.week, sun: [] }, holidays: [{ date: '2026-12-07', name: 'Founders Day' }] };
    const saved = await call<OpeningHoursReply>('PUT', { hours: closed });
    expect(saved.body).toMatchObject({
      set: true,
      lastSaved: { by: 'Olga' },
      hours: { week: { sun: [] }, holidays: [{ date: '2026-12-07', name: 'Founders Day', hours: [] }] },
    });
    expect(await taskDueOfNewLead(runtime, 3)).toBe('2026-12-08T09:10:00.000Z');
    expect(await robotAnswers(runtime, 'are you open on sunday?')).toMatch(/^Sorry, we're closed on Sunday\./);
    expect(await robotAnswers(runtime, 'are you open on monday?')).toMatch(/^Sorry, we're closed on Monday, for Founders Day\./);
    expect(await robotAnswers(runtime, 'are you open tomorrow?')).toMatch(/^Sorry, we're closed tomorrow\./);
    expect(await robotAnswers(runtime, 'when do you close today?')).toMatch(/^Today we close at 7 PM\./);

    // Refused, naming the place; nothing of it applied.
    const bad = await call<SettingsRefusal>('PUT', { hours: { ...closed, week: { ...closed.week, tue: ['19:00-09:00'] }, timezone: 'Mars/Olympus' } });
    expect(bad.status).toBe(422);
    expect(bad.body.problems.map((p) => p.path)).toEqual(['timezone', 'week.tue[0]']);
    expect(bad.body.message).toMatch(/^Not saved: timezone: not a time zone/);
    expect(runtime.config.business.openingHours.week.tue).toEqual(WEEKDAYS);

    // Kept across a restart.
    await runtime.stop();
    ({ runtime, token } = await start(dataDir, clock));
    expect(runtime.config.business.openingHours).toMatchObject({ week: { sun: [], mon: WEEKDAYS }, holidays: [{ date: '2026-12-07' }] });
    expect(await taskDueOfNewLead(runtime, 4)).toBe('2026-12-08T09:10:00.000Z');
  }, 60_000);

  it('only an owner or a manager changes the hours; everyone reads them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fd-hours-'));
    const { runtime, token } = await start(dataDir, new ManualClock(SATURDAY_EVENING), {
      handoff: {
        people: [
          { id: 'olga', name: 'Olga', role: 'owner' },
          { id: 'sam', name: 'Sam', role: 'sales' },
        ],
      },
    });
    const base = runtime.http!.url;
    expect((await callApi(base, 'PUT', '/api/staff/people/sam/pin', { pin: '593017', confirm: '593017' }, bearer(token))).status).toBe(200);
    const sam = await loginAsStaff(base, '593017', 'sam');
    const read = await callApi<OpeningHoursReply>(base, 'GET', '/api/staff/hours', undefined, bearer(sam));
    expect(read.body).toMatchObject({ set: false, mayChange: false });
    const put = await callApi<{ error: string; message: string }>(base, 'PUT', '/api/staff/hours', { hours: SALON }, bearer(sam));
    expect(put.status).toBe(403);
    expect(put.body.message).toMatch(/^Only an owner or a manager can change the opening hours\. You are logged in as Sam \(sales\)/);
    expect((await callApi(base, 'GET', '/api/staff/hours')).status).toBe(401);
  }, 60_000);

  it('task hours saved on the old Opening hours tab are read into the schedule at start, with a note, once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fd-hours-'));
    const clock = new ManualClock(SATURDAY_EVENING);
    // A first start makes the database; then the row an older build wrote when staff saved the handoff settings.
    const first = await start(dataDir, clock, { business: { hours: { saturday: { open: '10:00', close: '19:00' } } } });
    await first.runtime.stop();
    rt = null;
    const db = openDatabase(join(dataDir, 'frontdesk.sqlite'));
    const old = {
      people: [{ id: 'olga', name: 'Olga', role: 'owner' }],
      businessHours: { week: { sat: ['09:00-17:00'] }, holidays: ['2026-12-24'] },
      rules: [],
    };
    db.prepare('INSERT INTO handoff_settings (body, by_name, at) VALUES (?, ?, ?)').run(JSON.stringify(old), 'Olga', '2026-11-01T10:00:00Z');
    db.close();

    const { runtime, token } = await start(dataDir, clock, { business: { hours: { saturday: { open: '10:00', close: '19:00' } } } });
    const hours = runtime.config.business.openingHours;
    // The business profile's week won (it is what visitors were told); the closed day of the task hours is kept.
    expect(hours).toMatchObject({ week: { sat: ['10:00-19:00'] }, holidays: [{ date: '2026-12-24', hours: [] }], merged: { from: 'both' } });
    const seen = await callApi<OpeningHoursReply>(runtime.http!.url, 'GET', '/api/staff/hours', undefined, bearer(token));
    expect(seen.body.hours.merged!.note).toMatch(/^The hours on the Business tab and the task hours were different\. The Business tab's hours were kept/);
    expect(seen.body.hours.merged!.note).toMatch(/Saturday: 10:00-19:00 kept, the task hours said 09:00-17:00/);
    expect(runtime.staffSettings().saved?.hours?.by.name).toBe('Olga');
    // The handoff settings staff saved are still theirs (people, rules), and no longer carry hours.
    expect(runtime.handoff.settings()).not.toHaveProperty('businessHours');
    expect(runtime.handoff.settings().rules).toEqual([]);
    // Staff check the hours and save them: the note goes away.
    const { merged: _merged, ...checked } = seen.body.hours;
    const saved = await callApi<OpeningHoursReply>(runtime.http!.url, 'PUT', '/api/staff/hours', { hours: checked }, bearer(token));
    expect(saved.body.hours.merged).toBeUndefined();
    expect(runtime.config.business.openingHours.merged).toBeUndefined();
  }, 60_000);
});
