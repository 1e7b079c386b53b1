/**
 * Staff design the intake: a save is checked as a whole with clear messages, takes effect from the next visit
 * without a restart (kiosk fields, the dialog, typed values in the contact), and survives a restart.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../../drivers/body/simulated.js';
import { parseConfig } from '../../config/load.js';
import { silentLogger } from '../../log.js';
import { startRuntime, type Runtime } from '../../runtime.js';
import { simulateVisit } from '../../simulate/run.js';
import { visitFileSchema } from '../../simulate/visit-file.js';
import type { KioskConfig } from '../contract.js';
import type { BusinessProfileReply, IntakeSettingsView, SettingsRefusal } from '../contract-intake.js';

const dataDir = mkdtempSync(join(tmpdir(), 'fd-intake-routes-'));
// Maria is the first owner: the config's staff PIN is hers, so the session is hers and her name goes with each save.
const config = parseConfig({
  http: { port: 0 },
  staff: { pin: '402719' },
  device: { timezone: 'America/New_York' },
  handoff: { people: [{ id: 'maria', name: 'Maria', role: 'owner' }] },
});
let rt: Runtime;
let token: string;

const start = async () => {
  rt = await startRuntime({ config, dataDir, log: silentLogger(), body: new SimulatedBody(0) });
  const login = await call<{ token: string }>('POST', '/api/staff/login', { pin: '402719' }, false);
  token = login.body.token;
};
beforeAll(start);
afterAll(() => rt.stop());

async function call<T>(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; body: T }> {
  const r = await fetch(rt.http!.url + path, {
    method,
    // As the kiosk page calls: same origin, JSON bodies (the guard refuses anything else).
    headers: {
      origin: new URL(rt.http!.url).origin,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(auth ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, body: (await r.json()) as T };
}

const DATE_FIELD = { id: 'visit_at', kind: 'date', label: 'Appointment', prompt: 'When would you like to come?', time: true };
const MULTI_FIELD = {
  id: 'services',
  kind: 'multichoice',
  label: 'Services',
  prompt: 'Which services would you like?',
  choices: [
    { value: 'color', label: 'Color', synonyms: ['a color'] },
    { value: 'trim', label: 'Trim', synonyms: ['a trim'] },
  ],
};

describe('staff intake editor API', () => {
  it('needs a staff session', async () => {
    expect((await call('GET', '/api/staff/intake', undefined, false)).status).toBe(401);
    expect((await call('PUT', '/api/staff/intake', { fields: [] }, false)).status).toBe(401);
  });

  it('refuses a choice with two options of the same label, naming the field and the options', async () => {
    const { body: before } = await call<IntakeSettingsView>('GET', '/api/staff/intake');
    const fields = before.fields.map((f) =>
      f.id === 'reason' ? { ...f, choices: [...f.choices!, { value: 'cut-2', label: 'haircut', synonyms: ['a quick cut'] }] } : f,
    );
    const r = await call<SettingsRefusal>('PUT', '/api/staff/intake', { fields });
    expect(r.status).toBe(422);
    expect(r.body.problems).toEqual([
      {
        path: 'fields[3].choices',
        message:
          'in "What brings you in today?", the options "Haircut" (haircut) and "haircut" (cut-2) have the same label: a visitor choosing it would always get the first; give each option its own label',
      },
    ]);
    expect((await call<IntakeSettingsView>('GET', '/api/staff/intake')).body.fields).toEqual(before.fields);
  });

  it('refuses a form with every problem named, and saves nothing', async () => {
    const { body: before } = await call<IntakeSettingsView>('GET', '/api/staff/intake');
    const fields = [
      ...before.fields.filter((f) => f.kind !== 'consent'),
      { id: 'name', kind: 'text', label: 'Again', prompt: 'Again?' },
      { id: 'pick', kind: 'choice', label: 'Pick', prompt: 'Pick one?' },
    ];
    const r = await call<SettingsRefusal>('PUT', '/api/staff/intake', { fields });
    expect(r.status).toBe(422);
    const messages = r.body.problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^fields\[6\]\.id: "name" is used by another field/),
        expect.stringMatching(/^fields\[7\]\.choices: a choice needs its options/),
        expect.stringMatching(/the form needs its consent field/),
      ]),
    );
    const optionalConsent = before.fields.map((f) => (f.kind === 'consent' ? { ...f, required: false } : f));
    const r2 = await call<SettingsRefusal>('PUT', '/api/staff/intake', { fields: optionalConsent });
    expect(r2.body.problems.map((p) => p.message)).toContain('consent must stay required');
    // Consent is asked on every visit: a form that would carry it over to a returning visitor is refused.
    const rememberedConsent = before.fields.map((f) => (f.kind === 'consent' ? { ...f, remembered: true } : f));
    const r3 = await call<SettingsRefusal>('PUT', '/api/staff/intake', { fields: rememberedConsent });
    expect(r3.status).toBe(422);
    expect(r3.body.problems.map((p) => p.message)).toContain('consent is asked on every visit: it cannot be remembered');
    // The editor's "remembered" checkbox: each type's default, and the default form's one override.
    expect(before.types.filter((t) => t.remembered).map((t) => t.kind)).toEqual(['name', 'phone', 'email']);
    expect(before.fields.find((f) => f.id === 'contact_method')?.remembered).toBe(true);
    const after = (await call<IntakeSettingsView>('GET', '/api/staff/intake')).body;
    expect(after.fields).toEqual(before.fields);
    // Nothing saved yet, and a refusal records nobody.
    expect(before.lastSaved).toBeNull();
    expect(after.lastSaved).toBeNull();
  });

  it('a date and a multiple-choice field added by staff: the kiosk shows them, a visit fills them, the contact holds them typed; kept across a restart', async () => {
    const { body: before } = await call<IntakeSettingsView>('GET', '/api/staff/intake');
    expect(before.types.map((t) => t.kind)).toEqual(expect.arrayContaining(['date', 'multichoice', 'number', 'yesno']));
    const consentAt = before.fields.findIndex((f) => f.kind === 'consent');
    const fields = [...before.fields.slice(0, consentAt), DATE_FIELD, MULTI_FIELD, ...before.fields.slice(consentAt)];
    const t0 = Date.now();
    const saved = await call<IntakeSettingsView>('PUT', '/api/staff/intake', { fields });
    expect(saved.status).toBe(200);
    // Who saved it: the session's member, and when.
    expect(saved.body.lastSaved?.by).toBe('Maria');
    expect(Date.parse(saved.body.lastSaved!.at)).toBeGreaterThanOrEqual(t0 - 1000);
    expect(Date.parse(saved.body.lastSaved!.at)).toBeLessThanOrEqual(Date.now());
    const file = JSON.parse(readFileSync(join(dataDir, 'staff-settings.json'), 'utf8')) as { saved: Record<string, unknown> };
    expect(file.saved).toEqual({ intake: { by: { id: 'maria', name: 'Maria' }, at: saved.body.lastSaved!.at } });

    const kiosk = await call<KioskConfig>('GET', '/api/kiosk', undefined, false);
    expect(kiosk.body.fields.find((f) => f.id === 'visit_at')?.control).toEqual({ control: 'date', inputType: 'datetime-local', min: 1900, max: 2100 });
    expect(kiosk.body.fields.find((f) => f.id === 'services')?.control).toEqual({ control: 'multichoice' });

    const persona = {
      name: 'Ana Lopez',
      phone: '+14155550123',
      email: 'ana@example.com',
      reason: 'a haircut',
      answers: { visit_at: 'next tuesday at three', services: 'a color and a trim', heard_from: 'a friend', contact_method: 'text me' },
    };
    const r = await simulateVisit(rt, visitFileSchema.parse({ persona }), { waitSyncMs: 0 });
    expect(r.outcome).toBe('stored');
    expect(r.persona?.leadMatches).toBe(true);
    expect(r.contact!.fields.services).toEqual(['color', 'trim']);
    expect(r.contact!.fields.visit_at).toMatch(/^\d{4}-\d{2}-\d{2}T15:00$/);

    await rt.stop();
    await start();
    const after = await call<IntakeSettingsView>('GET', '/api/staff/intake');
    expect(after.body.fields.map((f) => f.id)).toContain('visit_at');
    expect(after.body.lastSaved).toEqual(saved.body.lastSaved);
    expect(rt.config.intake.fields.map((f) => f.id)).toContain('services');
  });

  it('business profile: checked, saved (by whom), and the robot answers from it at the next visit', async () => {
    expect((await call<BusinessProfileReply>('GET', '/api/staff/business')).body.lastSaved).toBeNull();
    // The hours are one schedule with the tasks' hours, saved on their own screen: a profile carrying them is refused.
    const bad = await call<SettingsRefusal>('PUT', '/api/staff/business', { hours: { sunday: { open: '09:00', close: '18:00' } }, address: '1 Elm Street' });
    expect(bad.status).toBe(422);
    expect(bad.body.problems).toEqual([
      { path: 'hours', message: 'the opening hours and holidays are one schedule now: set them on the Opening hours screen' },
    ]);
    expect((await call<BusinessProfileReply>('GET', '/api/staff/business')).body.lastSaved).toBeNull();
    const badName = await call<SettingsRefusal>('PUT', '/api/staff/business', { name: '' });
    expect(badName.body.problems[0]).toMatchObject({ path: 'name' });
    const ok = await call<BusinessProfileReply>('PUT', '/api/staff/business', { address: '12 Main Street' });
    expect(ok.status).toBe(200);
    expect(ok.body.address).toBe('12 Main Street');
    expect(ok.body.lastSaved?.by).toBe('Maria');
    expect(ok.body.openingHours).toMatchObject({ week: { mon: [], sun: [] }, holidays: [] });
    // What a client read, sent back whole (its lastSaved and the read-only hours included), saves: they are the
    // reply's, not settings of this save.
    const again = await call<BusinessProfileReply>('PUT', '/api/staff/business', ok.body);
    expect(again.status).toBe(200);
    expect(rt.staffSettings().business).not.toHaveProperty('openingHours');
    expect(rt.staffSettings().saved?.business?.by).toEqual({ id: 'maria', name: 'Maria' });
    expect(rt.staffSettings().business).not.toHaveProperty('lastSaved');
    const r = await simulateVisit(rt, visitFileSchema.parse({ turns: [{ say: 'where are you located?' }] }), { waitSyncMs: 0 });
    expect(r.transcript.some((l) => l.who === 'robot' && l.text.startsWith("We're at 12 Main Street."))).toBe(true);
  });
});
