import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { apiClient, kioskCookie, kioskSocket } from '../../test/support/api-client.js';
import { ensureUiBuilt } from '../../test/support/build-ui.js';
import { bearer, loginAsTechnician } from '../../test/support/login.js';
import { parseConfig } from '../config/load.js';
import { silentLogger } from '../log.js';
import { startRuntime, type Runtime } from '../runtime.js';
import type { ContactView, Health, KioskConfig, PublicHealth, StaffSettings, SubmitResult, UiEvent, VisitView } from './contract.js';
import { OPEN_VISITS_DEFAULT } from '../config/http.js';

const OPEN_BURST = OPEN_VISITS_DEFAULT.burst;

const STAFF_PIN = '318274';
let rt: Runtime;
let base: string;
let call: ReturnType<typeof apiClient>;

beforeAll(async () => {
  ensureUiBuilt();
  rt = await startRuntime({
    config: parseConfig({ http: { port: 0 }, staff: { pin: STAFF_PIN } }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-http-')),
    log: silentLogger(),
    body: new SimulatedBody(0),
  });
  base = rt.http!.url;
  call = apiClient(base);
});
afterAll(() => rt.stop());

/** A raw request with any Host header (fetch will not forge one). */
function rawGet(path: string, host: string): Promise<{ status: number; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP API', () => {
  it('answers /healthz with the details to a technician only', async () => {
    const token = await loginAsTechnician(base);
    const full = await call<Health>('GET', '/healthz', undefined, bearer(token));
    expect(full.body.parts.body.detail).toMatch(/simulated/);
    expect(full.body.version).toMatch(/^\d+\.\d+/);
  });

  it('answers /healthz with up or down per part, and nothing more without a technician', async () => {
    const { status, body } = await call<PublicHealth & Partial<Health>>('GET', '/healthz');
    expect(status).toBe(200);
    expect(Object.keys(body.parts).sort()).toEqual(['body', 'speech', 'store', 'sync']);
    expect(body.parts.store).toEqual({ ok: true });
    expect(body.version).toBeUndefined();
    expect(JSON.stringify(body)).not.toMatch(/sqlite|simulated|mqtt/i);
  });

  it('gives the kiosk its fields with the stable ids', async () => {
    const { body } = await call<KioskConfig>('GET', '/api/kiosk');
    expect(body.fields.map((f) => f.id)).toEqual(['name', 'phone', 'email', 'reason', 'heard_from', 'contact_method', 'consent']);
    expect(body.fields.find((f) => f.id === 'phone')!.control).toMatchObject({ control: 'text', keyboard: 'phone' });
    expect(body.fields.find((f) => f.id === 'name')!.messages?.required).toBe('Please tell us your name.');
    expect(body.fields.find((f) => f.id === 'consent')!.consentText).toMatch(/store my details/);
    expect(body.wakePhrase).toBeNull(); // text mode: nothing listens for a wake word
  });

  it('runs a touch visit: live events, per-field messages, then a stored lead that is never shown again', async () => {
    const ws = await kioskSocket(base);
    const events: UiEvent[] = [];
    ws.on('message', (d: Buffer) => events.push(JSON.parse(d.toString()) as UiEvent));

    const visit = (await call<VisitView>('POST', '/api/visits', { trigger: 'touch' })).body;
    expect(visit.stage).toBe('intake');
    const patched = (await call<VisitView>('PATCH', `/api/visits/${visit.id}/fields`, { values: { name: 'Ana\u0000\u202e', email: 'ana@' } })).body;
    expect(patched.fieldErrors.email).toMatch(/does not look right/);
    expect(patched.values.name).toBe('Ana'); // control characters stripped at the boundary
    expect(patched.fieldErrors.name).toBeUndefined();

    const bad = await call<{ error: string; fieldErrors: Record<string, string> }>('POST', `/api/visits/${visit.id}/submit`, { values: { name: 'Ana' } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fieldErrors).sort()).toEqual(['consent', 'email', 'phone', 'reason']);

    const ok = await call<SubmitResult>('POST', `/api/visits/${visit.id}/submit`, {
      values: { name: 'Ana', phone: '415-555-0123', email: 'ana@example.com', reason: 'haircut', consent: true },
    });
    expect(ok.status).toBe(200);
    // The kiosk gets what the thank-you screen shows; the contact itself is for staff.
    expect(ok.body).toEqual({
      visit: { id: visit.id, stage: 'done', values: {}, fieldErrors: {}, transcript: [] },
      firstName: 'Ana',
      contactId: expect.any(String),
    });
    expect(rt.contacts.get(ok.body.contactId)).toMatchObject({ name: 'Ana', phone: '+14155550123', source: 'kiosk-touch' });
    expect(events.some((e) => e.type === 'visit' && e.visit.id === visit.id && e.visit.values.name === 'Ana')).toBe(true);
    const done = events.filter((e) => e.type === 'visit' && e.visit.stage === 'done');
    expect(done.length).toBeGreaterThan(0);
    for (const e of done) expect(e.type === 'visit' && e.visit.values).toEqual({}); // pushed as its stage only
    ws.close();

    const after = await call<VisitView>('GET', `/api/visits/${visit.id}`);
    expect(after.body).toEqual({ id: visit.id, stage: 'done', values: {}, fieldErrors: {}, transcript: [] });
    const again = await call<{ error: string }>('POST', `/api/visits/${visit.id}/submit`, {});
    expect(again.status).toBe(409);
    expect((await call<{ error: string }>('GET', '/api/visits/nope')).status).toBe(404);
  });

  it('answers a kiosk submit with the first name only: no phone, email or last name in its bytes', async () => {
    const visit = (await call<VisitView>('POST', '/api/visits', {})).body;
    const r = await call<SubmitResult>('POST', `/api/visits/${visit.id}/submit`, {
      values: { name: 'Ana Lopez-Garcia', phone: '415-555-0177', email: 'ana.lg@mail.example.com', reason: 'haircut', consent: true },
    });
    expect(r.status).toBe(200);
    expect(r.body.firstName).toBe('Ana');
    const bytes = JSON.stringify(r.body);
    for (const secret of ['Lopez', 'Garcia', '555', '0177', 'ana.lg', 'mail.example.com', 'haircut']) expect(bytes).not.toContain(secret);
    // The contact was stored in full all the same.
    expect(rt.contacts.get(r.body.contactId)).toMatchObject({ name: 'Ana Lopez-Garcia', phone: '+14155550177', email: 'ana.lg@mail.example.com' });
  });

  it('rejects malformed bodies with the reason', async () => {
    const visit = (await call<VisitView>('POST', '/api/visits', {})).body;
    const r = await call<{ error: string; message: string }>('PATCH', `/api/visits/${visit.id}/fields`, { values: { name: { nested: 1 } } });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/values\.name/);
  });

  it('keeps the staff list behind the PIN (provisioned from the config), and logging out revokes the token', async () => {
    expect((await call('GET', '/api/staff/contacts')).status).toBe(401);
    expect((await call<{ set: boolean }>('GET', '/api/staff/pin')).body.set).toBe(true);
    expect((await call<{ error: string }>('POST', '/api/staff/pin', { pin: '918273', confirm: '918273' })).body.error).toBe('pin_already_set');
    const login = await call<{ token: string }>('POST', '/api/staff/login', { pin: STAFF_PIN });
    expect(login.status).toBe(200);
    const list = await call<ContactView[]>('GET', '/api/staff/contacts', undefined, { authorization: `Bearer ${login.body.token}` });
    expect(list.status).toBe(200);
    expect(list.body.some((c) => c.name === 'Ana')).toBe(true);
    expect((await call('GET', '/api/staff/settings')).status).toBe(401);
    const settings = await call<StaffSettings>('GET', '/api/staff/settings', undefined, { authorization: `Bearer ${login.body.token}` });
    expect(settings.body.voice).toMatchObject({ mode: 'text', wakeEngine: 'openwakeword', wakePhrase: 'hey jarvis' });
    expect(settings.body.voice.licenceNotice).toMatch(/non-?commercial|NonCommercial/i);
    expect((await call<{ loggedOut: boolean }>('POST', '/api/staff/logout', undefined, { authorization: `Bearer ${login.body.token}` })).body).toEqual({
      loggedOut: true,
    });
    expect((await call('GET', '/api/staff/contacts', undefined, { authorization: `Bearer ${login.body.token}` })).status).toBe(401);
  });

  it('refuses a wrong PIN with the wait before the next try, and refuses tries during the wait', async () => {
    const wrong = await call<{ error: string; message: string }>('POST', '/api/staff/login', { pin: '000001' }, { 'x-forwarded-for': 'ignored' });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'wrong_pin', message: expect.stringMatching(/try again in 1 second/) } });
    const locked = await call<{ error: string }>('POST', '/api/staff/login', { pin: STAFF_PIN });
    expect(locked).toMatchObject({ status: 429, body: { error: 'locked' } });
    expect(locked.headers.get('retry-after')).toBe('1');
  });
});

describe('only the kiosk origin talks to the runtime', () => {
  it('refuses a foreign Host (DNS rebinding) before anything else', async () => {
    const r = await rawGet('/api/kiosk', 'evil.example:80');
    expect(r.status).toBe(421);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'foreign_host' });
    expect((await rawGet('/api/kiosk', new URL(base).host)).status).toBe(200);
  });

  it('refuses state changes from another origin, or without one, and non-JSON bodies', async () => {
    const foreign = await call<{ error: string }>('POST', '/api/visits', {}, { origin: 'http://127.0.0.1:1' });
    expect(foreign).toMatchObject({ status: 403, body: { error: 'foreign_origin' } });
    const bare = await fetch(`${base}/api/visits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(bare.status).toBe(403);
    expect(((await bare.json()) as { error: string }).error).toBe('origin_required');
    const form = await fetch(`${base}/api/visits`, { method: 'POST', headers: { origin: new URL(base).origin, 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    expect(((await form.json()) as { error: string }).error).toBe('unsupported_media_type');
    // A GET from another origin is refused as well (a page could otherwise read answers through a CORS mistake).
    expect((await call('GET', '/api/kiosk', undefined, { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('opens the kiosk socket only with the page cookie and the own origin', async () => {
    const refused = async (options: { origin?: string; cookie?: string | null }): Promise<string> =>
      kioskSocket(base, options).then(
        (ws) => {
          ws.close();
          return 'opened';
        },
        (err: Error) => err.message,
      );
    expect(await refused({ cookie: null })).toMatch(/HTTP 403/);
    expect(await refused({ cookie: 'fd_kiosk=forged' })).toMatch(/HTTP 403/);
    expect(await refused({ origin: 'http://127.0.0.1:1' })).toMatch(/HTTP 403/);
    expect(await refused({})).toBe('opened');
  });

  it('closes a socket that sends an oversized frame', async () => {
    const ws = await kioskSocket(base);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('x'.repeat(64 * 1024));
    expect(await closed).toBe(1009); // message too big
  });

  it('serves the UI with a strict CSP, nosniff, no referrer, never framed, and the HttpOnly SameSite=Strict cookie', async () => {
    const r = await fetch(`${base}/`);
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('set-cookie')).toMatch(/^fd_kiosk=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(await kioskCookie(base)).toBe(r.headers.get('set-cookie')!.split(';')[0]); // one secret per boot
  });

  it(`rate-limits opening visits (${OPEN_BURST} at once)`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < OPEN_BURST + 2; i++) statuses.push((await call('POST', '/api/visits', {})).status);
    const limited = await call<{ error: string; message: string }>('POST', '/api/visits', {});
    expect(statuses).toContain(429);
    expect(limited).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
