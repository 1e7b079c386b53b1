import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeCrm } from '../../../test/support/fake-crm.js';
import type { ContactDetail, CrmApiError, CrmSettings, Dashboard, LeadPage } from '../contract-crm.js';
import { registerCrmRoutes } from './crm.js';

const TOKEN = 'Bearer staff-session';
let app: FastifyInstance;
let crm: FakeCrm;
let ada: string;
let bo: string;

beforeAll(async () => {
  crm = new FakeCrm();
  ada = crm.addLead({ name: 'Ada Lovelace', phone: '+15550102030', email: 'ada@example.com', tags: ['hair-coloring'], campaign: 'instagram' });
  bo = crm.addLead({ name: '=HYPERLINK("http://x")', email: 'bo@example.com' });
  app = Fastify();
  registerCrmRoutes(app, { crm: () => crm, staffActor: (h) => (h === TOKEN ? { kind: 'staff', id: null, name: 'Staff' } : null) });
  await app.ready();
});
afterAll(() => app.close());

async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, auth = TOKEN) {
  const res = await app.inject({ method, url, ...(payload !== undefined ? { payload: payload as object } : {}), headers: auth ? { authorization: auth } : {} });
  return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : null) as T, raw: res };
}

describe('staff CRM routes', () => {
  it('refuse every route without a staff session', async () => {
    for (const [method, url] of [
      ['GET', '/api/staff/leads'],
      ['GET', `/api/staff/contacts/${ada}`],
      ['DELETE', `/api/staff/contacts/${ada}`],
      ['GET', '/api/staff/export.csv'],
    ] as const) {
      const r = await call<CrmApiError>(method, url, undefined, '');
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: 'unauthorized', message: 'Log in with the staff PIN first.' });
    }
    expect(crm.get(ada)).not.toBeNull();
  });

  it('list leads with search and filters, and check the query', async () => {
    const all = await call<LeadPage>('GET', '/api/staff/leads');
    expect(all.body.total).toBe(2);
    const byPhone = await call<LeadPage>('GET', '/api/staff/leads?search=555-010-2030');
    expect(byPhone.body.items.map((c) => c.name)).toEqual(['Ada Lovelace']);
    const byTag = await call<LeadPage>('GET', '/api/staff/leads?tag=Hair%20coloring&limit=10&offset=0');
    expect(byTag.body.items.map((c) => c.id)).toEqual([ada]);
    const bad = await call<CrmApiError>('GET', '/api/staff/leads?limit=5000&from=yesterday&bogus=1');
    expect(bad.status).toBe(422);
    expect(bad.body.error).toBe('invalid_value');
    expect(bad.body.message).toMatch(/limit/);
    expect(bad.body.message).toMatch(/from: must be a day like/);
    expect(bad.body.message).toMatch(/bogus/);
    const half = await call<CrmApiError>('GET', '/api/staff/leads?field=reason');
    expect(half.body.message).toMatch(/needs both/);
  });

  it('answer 404 with a way back for an unknown contact', async () => {
    const r = await call<CrmApiError>('GET', '/api/staff/contacts/nobody');
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('contact_not_found');
    const move = await call<CrmApiError>('POST', '/api/staff/contacts/nobody/stage', { stage: 'lost', note: 'x' });
    expect(move.status).toBe(404);
  });

  it('refuse a stage move without a note, then with criteria unmet (naming what is missing), then take it', async () => {
    const noNote = await call<CrmApiError>('POST', `/api/staff/contacts/${bo}/stage`, { stage: 'sales-qualified', note: '   ' });
    expect(noNote.status).toBe(422);
    expect(noNote.body.error).toBe('note_required');
    const unmet = await call<CrmApiError>('POST', `/api/staff/contacts/${bo}/stage`, { stage: 'sales-qualified', note: 'Called back' });
    expect(unmet.status).toBe(422);
    expect(unmet.body).toMatchObject({ error: 'criteria_unmet', missing: ['a phone number', 'a Service interest tag'] });
    const ok = await call<ContactDetail>('POST', `/api/staff/contacts/${ada}/stage`, { stage: 'Sales qualified', note: 'Wants a colour in March' });
    expect(ok.status).toBe(200);
    expect(ok.body.stage.id).toBe('sales-qualified');
    expect(ok.body.timeline[0]!.activity).toMatchObject({ type: 'stage-changed', data: { note: 'Wants a colour in March' }, by: { kind: 'staff' } });
  });

  it('bound the sizes of notes and bodies', async () => {
    const huge = await call<CrmApiError>('POST', `/api/staff/contacts/${ada}/notes`, { text: 'x'.repeat(4001) });
    expect(huge.status).toBe(422);
    expect(huge.body.message).toMatch(/longer than 4000 characters/);
    const empty = await call<CrmApiError>('POST', `/api/staff/contacts/${ada}/notes`, { text: '' });
    expect(empty.body.error).toBe('note_required');
    const missing = await call<CrmApiError>('POST', `/api/staff/contacts/${ada}/stage`, { note: 'x' });
    expect(missing.body.message).toBe('stage: is missing');
    const ok = await call<ContactDetail>('POST', `/api/staff/contacts/${ada}/notes`, { text: 'x'.repeat(4000) });
    expect(ok.body.lastNote?.text).toHaveLength(4000);
  });

  it('edit fields, add and remove tags, record an outcome with a reason from the list', async () => {
    const field = await call<ContactDetail>('PATCH', `/api/staff/contacts/${bo}/fields`, { field: 'phone', value: '+15550109999' });
    expect(field.body.phone).toBe('+15550109999');
    const tag = await call<ContactDetail>('POST', `/api/staff/contacts/${bo}/tags`, { tag: 'haircut' });
    expect(tag.body.tags.map((t) => t.id)).toEqual(['haircut']);
    const unknown = await call<CrmApiError>('POST', `/api/staff/contacts/${bo}/tags`, { tag: 'spaceship' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toBe('unknown_tag');
    const removed = await call<ContactDetail>('DELETE', `/api/staff/contacts/${bo}/tags/haircut`);
    expect(removed.body.tags).toEqual([]);
    const badReason = await call<CrmApiError>('POST', `/api/staff/contacts/${bo}/outcome`, { result: 'lost', reason: 'aliens' });
    expect(badReason.body.error).toBe('unknown_reason');
    const lost = await call<ContactDetail>('POST', `/api/staff/contacts/${bo}/outcome`, {
      result: 'lost',
      reason: 'price',
      wellQualified: false,
      objection: 'Too dear',
    });
    expect(lost.body.outcomeDetail).toMatchObject({ result: 'lost', reason: { id: 'price' }, objection: 'Too dear' });
    const dash = await call<Dashboard>('GET', '/api/staff/dashboard?granularity=week');
    expect(dash.body.outcomes.lossReasons).toEqual([{ key: 'price', label: 'Price', count: 1 }]);
    const badDash = await call<CrmApiError>('GET', '/api/staff/dashboard?granularity=month');
    expect(badDash.status).toBe(422);
  });

  it('validate settings and answer each wrong one with its path', async () => {
    const settings = (await call<CrmSettings>('GET', '/api/staff/crm-settings')).body;
    const stages = settings.stages.map((s, i) => (i === 1 ? { ...s, id: settings.stages[0]!.id } : s));
    const dup = await call<CrmApiError>('PUT', '/api/staff/crm-settings', { stages });
    expect(dup.status).toBe(422);
    expect(dup.body.issues).toEqual([{ path: 'stages.1.id', message: 'Stage "new-inquiry" is listed twice' }]);
    const blank = await call<CrmApiError>('PUT', '/api/staff/crm-settings', { outcomeReasons: [{ id: 'x', name: '  ' }], colour: 'red' });
    expect(blank.body.error).toBe('settings_invalid');
    expect(blank.body.issues).toEqual(
      expect.arrayContaining([
        { path: 'outcomeReasons.0.name', message: 'is empty' },
        { path: '', message: 'unknown setting: colour' },
      ]),
    );
    const taxonomy = structuredClone(settings.taxonomy);
    taxonomy[0]!.tags[0]!.synonyms.push('balayage');
    const ok = await call<CrmSettings>('PUT', '/api/staff/crm-settings', { taxonomy });
    expect(ok.status).toBe(200);
    expect(crm.settings().taxonomy[0]!.tags[0]!.synonyms).toContain('balayage');
  });

  it('merge two contacts, refuse merging one with itself, and erase', async () => {
    const self = await call<CrmApiError>('POST', `/api/staff/contacts/${ada}/merge`, { otherId: ada });
    expect(self.body.error).toBe('same_contact');
    const other = crm.addLead({ name: 'Ada L.', email: 'ada.l@example.com' });
    const merged = await call<ContactDetail>('POST', `/api/staff/contacts/${ada}/merge`, { otherId: other });
    expect(merged.body.visits).toBe(2);
    expect(crm.get(other)).toBeNull();
    const erased = await call<null>('DELETE', `/api/staff/contacts/${other}`);
    expect(erased.status).toBe(404);
  });

  it('export CSV with formula prefixes neutralised', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/staff/export.csv', headers: { authorization: TOKEN } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="frontdesk-contacts-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,name,phone,email,stage,stage_id,tags,/);
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines).toHaveLength(3);
  });
});
