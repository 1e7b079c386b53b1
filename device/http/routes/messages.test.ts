/**
 * "What the robot says" through its routes, on a real runtime: for staff from the kiosk's origin only; a line that
 * drops what it must keep is refused naming the line, and nothing is saved; the lines staff change are what the next
 * visit hears, without a restart, and after one; "Back to the default" drops the staff's words; the config file's
 * own words for other lines stay.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../../drivers/body/simulated.js';
import { apiClient } from '../../../test/support/api-client.js';
import { loginAs } from '../../../test/support/login.js';
import { robotSays } from '../../../test/support/robot-words.js';
import { parseConfig } from '../../config/load.js';
import { silentLogger } from '../../log.js';
import { startRuntime, type Runtime } from '../../runtime.js';
import type { SettingsRefusal } from '../contract-intake.js';
import type { MessagesView } from '../contract-messages.js';

const PIN = '402719';
const dataDir = mkdtempSync(join(tmpdir(), 'fd-messages-routes-'));
const config = parseConfig({
  http: { port: 0 },
  staff: { pin: PIN },
  handoff: { people: [{ id: 'maria', name: 'Maria', role: 'owner' }] },
  business: { name: 'Luna Salon', services: [{ name: 'Haircut', price: '$40', synonyms: ['a haircut'] }] },
  // The installer's own words for one line: staff saving others must not lose them.
  messages: { backToIntake: 'Anyway. {prompt}' },
});
let rt: Runtime;
let api: ReturnType<typeof apiClient>;
let auth: Record<string, string>;

const start = async () => {
  rt = await startRuntime({ config, dataDir, log: silentLogger(), body: new SimulatedBody(0) });
  api = apiClient(rt.http!.url);
  auth = { authorization: `Bearer ${await loginAs(rt.http!.url, 'staff', PIN)}` };
};
beforeAll(start);
afterAll(() => rt.stop());

const get = async () => (await api<MessagesView>('GET', '/api/staff/messages', undefined, auth)).body;
const line = (v: MessagesView, key: string) => v.lines.find((l) => l.key === key)!;
const staffFile = () => join(dataDir, 'staff-settings.json');

describe('the robot’s words, through the staff routes', () => {
  it('are for a staff session from the kiosk page only', async () => {
    expect((await api('GET', '/api/staff/messages')).status).toBe(401);
    expect((await api('PUT', '/api/staff/messages', { lines: { farewell: 'Bye' } })).status).toBe(401);
    const foreign = await api('PUT', '/api/staff/messages', { lines: { farewell: 'Bye' } }, { ...auth, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(rt.config.business.farewell).not.toBe('Bye');
  });

  it('lists every line in its group with its default, the words in use and its placeholders in words', async () => {
    const v = await get();
    expect(v.groups.map((g) => g.title)).toEqual(expect.arrayContaining(['Greeting and goodbye', 'Answers to questions (hours, prices, address)']));
    expect(line(v, 'answer.price')).toMatchObject({
      group: 'answers',
      title: 'Price of one service',
      default: '{service} is {price}.',
      current: '{service} is {price}.',
    });
    expect(line(v, 'answer.price').placeholders.find((p) => p.name === 'price')).toEqual({
      name: 'price',
      means: 'the service’s price',
      example: '$40',
      required: true,
    });
    expect(line(v, 'backToIntake').current).toBe('Anyway. {prompt}'); // the config file's
    // The business profile's, and on a device that never changed it, its default.
    expect(line(v, 'greeting')).toMatchObject({ current: rt.config.business.greeting, default: rt.config.business.greeting });
    expect(v.lastSaved).toBeNull();
  });

  it('refuses a line that drops a placeholder it must keep, naming the line, and saves nothing of the save', async () => {
    const r = await api<SettingsRefusal>('PUT', '/api/staff/messages', { lines: { farewell: 'See you soon!', 'answer.price': 'It is cheap.' } }, auth);
    expect(r.status).toBe(422);
    expect(r.body.problems).toEqual([
      {
        path: 'answer.price',
        message: 'must keep {service} and {price}: it is what the visitor asked (default: "{service} is {price}.")',
      },
    ]);
    expect(r.body.message).toMatch(/^Not saved: Price of one service: must keep/);
    // A placeholder the line does not fill, and an empty line, are named the same way.
    const wrong = await api<SettingsRefusal>('PUT', '/api/staff/messages', { lines: { 'answer.closeAt': '{when} we close at {closing}.' } }, auth);
    expect(wrong.body.problems[0]).toEqual({
      path: 'answer.closeAt',
      message: '"{closing}" is not filled in this line; it may use {when}, {close}',
    });
    expect(wrong.body.message).toBe(
      'Not saved: When it closes: "{closing}" is not filled in this line; it may use {when}, {close}; When it closes: must keep {close}: it is what the visitor asked (default: "{when} we close at {close}.")',
    );
    const empty = await api<SettingsRefusal>('PUT', '/api/staff/messages', { lines: { whatToChange: '   ' } }, auth);
    expect(empty.status).toBe(422);
    expect(empty.body.problems[0]).toEqual({ path: 'whatToChange', message: 'write the words, or press "Back to the default"' });
    expect(empty.body.message).toBe('Not saved: "What should I change?": write the words, or press "Back to the default"');
    const long = await api<SettingsRefusal>('PUT', '/api/staff/messages', { lines: { farewell: 'Bye. '.repeat(61) } }, auth);
    expect(long.body.problems[0]).toEqual({ path: 'farewell', message: 'at most 300 characters (this has 304)' });
    const unknown = await api<SettingsRefusal>('PUT', '/api/staff/messages', { lines: { farewel: 'Bye' } }, auth);
    expect(unknown.body.problems[0]?.path).toBe('farewel');
    expect((await api('PUT', '/api/staff/messages', { lines: 'farewell' }, auth)).status).toBe(400);
    expect(rt.config.business.farewell).not.toBe('See you soon!');
    expect(existsSync(staffFile())).toBe(false);
    expect((await get()).lastSaved).toBeNull();
  });

  it('saves the lines staff changed: the next visit says them, without a restart', async () => {
    const r = await api<MessagesView>(
      'PUT',
      '/api/staff/messages',
      {
        lines: {
          greeting: 'Hello, welcome to {business}!',
          farewell: 'Thanks, {business} will call you today.',
          'answer.price': 'At {business}, {service} costs {price}.',
        },
      },
      auth,
    );
    expect(r.status).toBe(200);
    expect(line(r.body, 'farewell').current).toBe('Thanks, {business} will call you today.');
    expect(r.body.lastSaved?.by).toBe('Maria');
    expect(r.body.notInUse).toBeUndefined();
    // Only what changed is kept: the price line as an override, the farewell as the business text (the Business tab's).
    const saved = JSON.parse(readFileSync(staffFile(), 'utf8')) as { messages: Record<string, string>; business: Record<string, string> };
    expect(saved.messages).toEqual({ 'answer.price': 'At {business}, {service} costs {price}.' });
    expect(saved.business).toEqual({ greeting: 'Hello, welcome to {business}!', farewell: 'Thanks, {business} will call you today.' });
    // The kiosk's form shows the greeting as the robot says it.
    expect((await api<{ greeting: string }>('GET', '/api/kiosk')).body.greeting).toBe('Hello, welcome to Luna Salon!');
    expect((await api<{ farewell: string }>('GET', '/api/staff/business', undefined, auth)).body.farewell).toBe('Thanks, {business} will call you today.');
    const said = await robotSays(rt);
    expect(said).toContain('Hello, welcome to Luna Salon!');
    expect(said).toContain('At Luna Salon, Haircut costs $40.');
    expect(said).toContain('Thanks, Luna Salon will call you today.');
    expect(said).toContain('Anyway. May I have your name, please?'); // the file's line, kept
  });

  it('"Back to the default" drops the staff’s words; the file’s words set back are saved as the default; all kept across a restart', async () => {
    const r = await api<MessagesView>(
      'PUT',
      '/api/staff/messages',
      { lines: { 'answer.price': null, backToIntake: null, whatToChange: 'Which part is wrong?' } },
      auth,
    );
    expect(r.status).toBe(200);
    expect(line(r.body, 'answer.price').current).toBe('{service} is {price}.');
    expect(line(r.body, 'backToIntake').current).toBe('Now, where were we? {prompt}');
    const saved = JSON.parse(readFileSync(staffFile(), 'utf8')) as { messages: Record<string, string> };
    // The file's line would come back if staff's default were not written down; the price line needs nothing.
    expect(saved.messages).toEqual({ backToIntake: 'Now, where were we? {prompt}', whatToChange: 'Which part is wrong?' });

    await rt.stop();
    await start();
    const after = await get();
    expect(line(after, 'whatToChange').current).toBe('Which part is wrong?');
    expect(line(after, 'farewell').current).toBe('Thanks, {business} will call you today.');
    expect(after.lastSaved?.by).toBe('Maria');
    const said = await robotSays(rt);
    expect(said).toContain('Haircut is $40.');
    expect(said).toContain('Haircut is $40. Now, where were we? May I have your name, please?');
    expect(said).toContain('Thanks, Luna Salon will call you today.');
  });
});
