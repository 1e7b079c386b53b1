/**
 * The intake form and the stages' entry criteria meet at restart: by default "Sales qualified" and "Opportunity" need
 * the field `phone`. A form saved without it used to be accepted, run, and then stop the robot from starting (the
 * start checked the config file's criteria against the saved form, whatever Settings said). Now the save is refused
 * naming the stages, the criteria changed on Settings are the ones checked, and a mismatch that comes from elsewhere
 * (the config file) starts the robot with a warning the doctor repeats.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../../drivers/body/simulated.js';
import { parseConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import type { CrmSettings } from '../../crm/types.js';
import { checkCrmCriteria } from '../../doctor/crm-criteria.js';
import { createLogger } from '../../log.js';
import { startRuntime, type Runtime } from '../../runtime.js';
import { simulateVisit } from '../../simulate/run.js';
import { visitFileSchema } from '../../simulate/visit-file.js';
import type { IntakeSettingsView, SettingsRefusal } from '../contract-intake.js';

const PIN = '402719';
const staffConfig = { http: { port: 0 }, staff: { pin: PIN }, handoff: { people: [{ id: 'maria', name: 'Maria', role: 'owner' }] } };

let rt: Runtime | null = null;
let token = '';
let logged: string[] = [];
afterEach(async () => {
  await rt?.stop();
  rt = null;
});

async function start(config: Config, dataDir: string): Promise<Runtime> {
  logged = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logged.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  rt = await startRuntime({ config, dataDir, log: createLogger({ destination: sink, level: 'warn' }), body: new SimulatedBody(0) });
  token = (await call<{ token: string }>('POST', '/api/staff/login', { pin: PIN }, false)).body.token;
  return rt;
}

async function call<T>(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; body: T }> {
  const r = await fetch(rt!.http!.url + path, {
    method,
    headers: {
      origin: new URL(rt!.http!.url).origin,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(auth ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, body: (await r.json()) as T };
}

/** The start's warnings about the CRM (others, such as a UI bundle not built in a test run, are not this test's). */
const warnings = () => logged.map((l) => (JSON.parse(l) as { msg: string }).msg).filter((m) => /entry criteria/.test(m));

describe('a form without a field the stages need', () => {
  it('is refused naming the stages; once Settings drops the criterion it saves, and the robot starts again after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fd-criteria-'));
    const config = parseConfig(staffConfig);
    await start(config, dataDir);
    const { body: form } = await call<IntakeSettingsView>('GET', '/api/staff/intake');
    const withoutPhone = form.fields.filter((f) => f.id !== 'phone');

    const refused = await call<SettingsRefusal>('PUT', '/api/staff/intake', { fields: withoutPhone });
    expect(refused.status).toBe(422);
    // The sentence alone (no path): the staff screen lists it as it is.
    expect(refused.body.problems).toEqual([
      {
        path: '',
        message:
          "The stages 'Sales qualified' and 'Opportunity' need the field 'Phone number' (phone). Remove it from those stages' entry criteria in Settings first, or keep the field.",
      },
    ]);
    expect((await call<IntakeSettingsView>('GET', '/api/staff/intake')).body.fields.map((f) => f.id)).toContain('phone');

    // Settings drops `phone` from the criteria (the Settings screen sends the stages back edited).
    const { body: crm } = await call<CrmSettings>('GET', '/api/staff/crm-settings');
    const stages = crm.stages.map((s) => ({ ...s, criteria: { ...s.criteria, fields: s.criteria.fields.filter((f) => f !== 'phone') } }));
    expect((await call('PUT', '/api/staff/crm-settings', { stages })).status).toBe(200);
    const saved = await call<IntakeSettingsView>('PUT', '/api/staff/intake', { fields: withoutPhone });
    expect(saved.status).toBe(200);
    expect(saved.body.fields.map((f) => f.id)).not.toContain('phone');

    // The restart checks what is in effect (Settings' criteria, the staff's form), not the config file's copy.
    await rt!.stop();
    rt = null;
    await start(config, dataDir);
    expect(rt!.config.intake.fields.map((f) => f.id)).not.toContain('phone');
    expect(warnings()).toEqual([]);
    expect(checkCrmCriteria({ config, dataDir })).toMatchObject({ id: 'crm-criteria', ok: true });
  });

  it('from the config file: the robot starts, warns, the doctor reports it, and the criterion is not applied', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fd-criteria-'));
    const fields = parseConfig({}).intake.fields.filter((f) => f.id !== 'phone');
    const config = parseConfig({ ...staffConfig, intake: { fields } });
    await start(config, dataDir);
    const warning =
      "The stages 'Sales qualified' and 'Opportunity' need the field 'phone', which is not on the intake form; that criterion is not applied until the field is back or it is removed from the entry criteria in Settings.";
    expect(warnings()).toEqual([warning]);
    const doctor = checkCrmCriteria({ config, dataDir });
    expect(doctor).toMatchObject({ id: 'crm-criteria', ok: false, severity: 'warning', detail: warning, fix: expect.stringMatching(/Settings > Stages/) });

    // A stage no one could otherwise enter (no contact can be given a phone) still takes its other criterion.
    // The persona's phone goes unasked: the form has no such field.
    const persona = { name: 'Ana Lopez', phone: '+14155550123', email: 'ana@example.com', reason: 'a haircut', consent: true };
    const visit = await simulateVisit(rt!, visitFileSchema.parse({ persona }), { waitSyncMs: 0 });
    expect(visit.outcome).toBe('stored');
    const id = visit.contact!.id;
    const moved = await call<{ stage: { id: string } }>('POST', `/api/staff/contacts/${id}/stage`, { stage: 'sales-qualified', note: 'called back' });
    expect(moved.status).toBe(200);
    expect(moved.body.stage.id).toBe('sales-qualified');
    // Meanwhile the rest of Settings still saves (a synonym), though its stages name a field the form lacks.
    const { body: current } = await call<CrmSettings>('GET', '/api/staff/crm-settings');
    const taxonomy = current.taxonomy.map((c) =>
      c.id === 'service' ? { ...c, tags: c.tags.map((t) => (t.id === 'haircut' ? { ...t, synonyms: [...t.synonyms, 'fade'] } : t)) } : c,
    );
    expect((await call('PUT', '/api/staff/crm-settings', { taxonomy })).status).toBe(200);

    // Settings removes the criterion: the warning is gone at the next start and from the doctor.
    const { body: crm } = await call<CrmSettings>('GET', '/api/staff/crm-settings');
    const stages = crm.stages.map((s) => ({ ...s, criteria: { ...s.criteria, fields: s.criteria.fields.filter((f) => f !== 'phone') } }));
    expect((await call('PUT', '/api/staff/crm-settings', { stages })).status).toBe(200);
    await rt!.stop();
    rt = null;
    await start(config, dataDir);
    expect(warnings()).toEqual([]);
    expect(checkCrmCriteria({ config, dataDir }).ok).toBe(true);
  });
});
