/**
 * The staff CRM routes on the real runtime: the real CRM on SQLite behind the real server and staff PIN, a lead made
 * by a kiosk visit. What the CRM refuses comes back with its code, its message and what is missing; what the route
 * refuses (sizes, shapes) never reaches it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../../drivers/body/simulated.js';
import { parseConfig } from '../../config/load.js';
import { silentLogger } from '../../log.js';
import { startRuntime, type Runtime } from '../../runtime.js';
import type { SubmitResult, VisitView } from '../contract.js';
import type { ContactDetail, CrmApiError, CrmSettings, Dashboard, LeadPage } from '../contract-crm.js';

let rt: Runtime;
let base: string;
let auth: Record<string, string>;
let lead: string;

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = auth): Promise<{ status: number; body: T }> {
  const r = await fetch(base + path, {
    method,
    // As the kiosk page calls: same origin, JSON bodies (the guard refuses anything else).
    headers: { origin: new URL(base).origin, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
}

beforeAll(async () => {
  rt = await startRuntime({
    config: parseConfig({ http: { port: 0 }, staff: { pin: '402719' } }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-crm-http-')),
    log: silentLogger(),
    body: new SimulatedBody(0),
  });
  base = rt.http!.url;
  const login = await call<{ token: string }>('POST', '/api/staff/login', { pin: '402719' }, {});
  auth = { authorization: `Bearer ${login.body.token}` };
  const visit = (await call<VisitView>('POST', '/api/visits', { trigger: 'touch' }, {})).body;
  const values = { name: 'Rosa Alvarez', phone: '4155550111', email: 'rosa@example.com', reason: 'other', consent: true };
  lead = (await call<SubmitResult>('POST', `/api/visits/${visit.id}/submit`, { values }, {})).body.contactId;
});
afterAll(() => rt.stop());

describe('staff CRM routes on the runtime', () => {
  it('need a staff session', async () => {
    const r = await call<CrmApiError>('GET', '/api/staff/leads', undefined, {});
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('unauthorized');
  });

  it('list and show the lead a kiosk visit made', async () => {
    const page = (await call<LeadPage>('GET', '/api/staff/leads?search=415%20555%200111')).body;
    expect(page.items.map((c) => c.id)).toEqual([lead]);
    const contact = (await call<ContactDetail>('GET', `/api/staff/contacts/${lead}`)).body;
    expect(contact).toMatchObject({ name: 'Rosa Alvarez', phone: '+14155550111', stage: { id: 'new-inquiry' } });
    expect(contact.timeline.map((t) => t.activity.type)).toContain('visit');
  });

  it('filter the leads on an answer, refusing an unknown field or a value the field cannot hold as the CLI does', async () => {
    expect((await call<LeadPage>('GET', '/api/staff/leads?field=reason&value=Something%20else')).body.items.map((c) => c.id)).toEqual([lead]);
    expect((await call<LeadPage>('GET', '/api/staff/leads?field=reason&value=haircut')).body.total).toBe(0);
    const unknown = await call<CrmApiError>('GET', '/api/staff/leads?field=colour&value=red');
    expect(unknown).toMatchObject({ status: 422, body: { error: 'unknown_field' } });
    expect(unknown.body.message).toMatch(/^There is no field "colour"\. The fields are: name, phone, email, reason/);
    const bad = await call<CrmApiError>('GET', '/api/staff/leads?field=reason&value=perm');
    expect(bad).toMatchObject({ status: 422, body: { error: 'invalid_value' } });
    expect(bad.body.message).toMatch(/^"What brings you in today\?" is one of Haircut \(haircut\), .* not "perm"\.$/);
  });

  it('filter the dashboard on an answer, saying which, and refuse what the leads filter refuses, a half filter, no session and another origin', async () => {
    const path = '/api/staff/dashboard?from=2020-01-01&to=2100-12-31&field=reason';
    const gave = await call<Dashboard>('GET', `${path}&value=Something%20else`);
    expect(gave.status).toBe(200);
    expect(gave.body.answer).toEqual({ field: 'reason', label: 'What brings you in today?', value: 'other', shown: 'Something else' });
    expect(gave.body.volume.bySource).toEqual([{ key: 'kiosk-touch', label: 'kiosk-touch', count: 1 }]);
    const nobody = (await call<Dashboard>('GET', `${path}&value=haircut`)).body;
    expect(nobody.answer?.shown).toBe('Haircut');
    expect([nobody.volume.byPeriod, nobody.topTags, nobody.funnel.filter((f) => f.reached > 0)]).toEqual([[], [], []]);
    expect((await call<Dashboard>('GET', '/api/staff/dashboard')).body.answer).toBeNull();

    const unknown = await call<CrmApiError>('GET', '/api/staff/dashboard?field=colour&value=red');
    expect(unknown).toMatchObject({ status: 422, body: { error: 'unknown_field' } });
    expect(unknown.body.message).toMatch(/^There is no field "colour"\. The fields are: name, phone, email, reason/);
    const bad = await call<CrmApiError>('GET', '/api/staff/dashboard?field=reason&value=perm');
    expect(bad).toMatchObject({ status: 422, body: { error: 'invalid_value' } });
    expect(bad.body.message).toMatch(/^"What brings you in today\?" is one of Haircut \(haircut\), .* not "perm"\.$/);
    const half = await call<CrmApiError>('GET', '/api/staff/dashboard?value=haircut');
    expect(half).toMatchObject({ status: 422, body: { error: 'invalid_value', message: 'A field filter needs both `field` and `value`.' } });
    const long = await call<CrmApiError>('GET', `/api/staff/dashboard?field=reason&value=${'x'.repeat(201)}`);
    expect(long).toMatchObject({ status: 422, body: { error: 'invalid_value', message: 'value: is longer than 200 characters' } });
    const noPin = await call<CrmApiError>('GET', `${path}&value=haircut`, undefined, {});
    expect(noPin).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    const foreign = await call<CrmApiError>('GET', `${path}&value=haircut`, undefined, { ...auth, origin: 'http://evil.example' });
    expect(foreign).toMatchObject({ status: 403, body: { error: 'foreign_origin' } });
  });

  it("pass on the CRM's refusals: a missing note, unmet criteria with what is missing, an unknown stage and contact", async () => {
    const noNote = await call<CrmApiError>('POST', `/api/staff/contacts/${lead}/stage`, { stage: 'sales-qualified', note: ' ' });
    expect(noNote).toMatchObject({ status: 422, body: { error: 'note_required' } });
    const unmet = await call<CrmApiError>('POST', `/api/staff/contacts/${lead}/stage`, { stage: 'Sales qualified', note: 'Called back' });
    expect(unmet).toMatchObject({ status: 422, body: { error: 'criteria_unmet', missing: ['a tag of Service interest'] } });
    expect(unmet.body.message).toMatch(/^Cannot move to Sales qualified: it needs a tag of Service interest\./);
    const unknown = await call<CrmApiError>('POST', `/api/staff/contacts/${lead}/stage`, { stage: 'Golden', note: 'x' });
    expect(unknown).toMatchObject({ status: 422, body: { error: 'unknown_stage' } });
    const nobody = await call<CrmApiError>('POST', '/api/staff/contacts/nobody/notes', { text: 'hello' });
    expect(nobody).toMatchObject({ status: 404, body: { error: 'contact_not_found' } });
    expect((await call<ContactDetail>('GET', `/api/staff/contacts/${lead}`)).body.stage.id).toBe('new-inquiry');
  });

  it('refuse a note over 4000 characters before the CRM sees it, and keep one of 4000', async () => {
    const huge = await call<CrmApiError>('POST', `/api/staff/contacts/${lead}/notes`, { text: 'n'.repeat(4001) });
    expect(huge).toMatchObject({ status: 422, body: { error: 'invalid_value' } });
    const ok = await call<ContactDetail>('POST', `/api/staff/contacts/${lead}/notes`, { text: 'n'.repeat(4000) });
    expect(ok.status).toBe(200);
    expect(ok.body.lastNote?.text).toHaveLength(4000);
  });

  it('move the stage once the contact qualifies, record a loss, and count it on the dashboard', async () => {
    expect((await call<ContactDetail>('POST', `/api/staff/contacts/${lead}/tags`, { tag: 'Styling' })).status).toBe(200);
    const moved = await call<ContactDetail>('POST', `/api/staff/contacts/${lead}/stage`, { stage: 'sales-qualified', note: 'Wants a blow dry' });
    expect(moved.body.stage.id).toBe('sales-qualified');
    const lost = await call<ContactDetail>('POST', `/api/staff/contacts/${lead}/outcome`, { result: 'lost', reason: 'timing', objection: 'Away in June' });
    expect(lost.body.outcomeDetail).toMatchObject({ result: 'lost', reason: { id: 'timing' } });
    const dash = (await call<Dashboard>('GET', '/api/staff/dashboard')).body;
    expect(dash.outcomes.lossReasons).toEqual([expect.objectContaining({ key: 'timing', count: 1 })]);
  });

  it('answer wrong settings with each path and reason, and save right ones at once', async () => {
    const settings = (await call<CrmSettings>('GET', '/api/staff/crm-settings')).body;
    const stages = structuredClone(settings.stages);
    stages[2]!.criteria.tags.push('unicorns');
    const bad = await call<CrmApiError>('PUT', '/api/staff/crm-settings', { stages });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toBe('settings_invalid');
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: 'stages.2.criteria.tags.1', message: expect.stringMatching(/no tag "unicorns"/) })]);
    const reasons = [...settings.outcomeReasons, { id: 'moved-away', name: 'Moved away' }];
    const ok = await call<CrmSettings>('PUT', '/api/staff/crm-settings', { outcomeReasons: reasons });
    expect(ok.status).toBe(200);
    expect(rt.crm.settings().outcomeReasons.map((r) => r.id)).toContain('moved-away');
  });

  it('export the contacts as CSV, then erase the lead for good', async () => {
    const res = await fetch(`${base}/api/staff/export.csv`, { headers: auth });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await res.text();
    expect(csv.split('\r\n')[0]).toMatch(/^id,name,phone,email,stage,stage_id,tags,/);
    expect(csv).toContain(`${lead},Rosa Alvarez,'+14155550111,rosa@example.com,Lost,lost,`);
    expect((await call<null>('DELETE', `/api/staff/contacts/${lead}`)).status).toBe(204);
    expect((await call<CrmApiError>('GET', `/api/staff/contacts/${lead}`)).status).toBe(404);
    expect((await call<LeadPage>('GET', '/api/staff/leads')).body.total).toBe(0);
  });
});
