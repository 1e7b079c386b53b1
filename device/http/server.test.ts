import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { parseConfig } from '../config/load.js';
import { silentLogger } from '../log.js';
import { startRuntime, type Runtime } from '../runtime.js';
import type { ContactView, Health, KioskConfig, StaffSettings, UiEvent, VisitView } from './contract.js';

let rt: Runtime;
let base: string;

beforeAll(async () => {
  rt = await startRuntime({
    config: parseConfig({ http: { port: 0 }, staff: { pin: '1357' } }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-http-')),
    log: silentLogger(),
    body: new SimulatedBody(0),
  });
  base = rt.http!.url;
});
afterAll(() => rt.stop());

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const r = await fetch(base + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, body: (await r.json()) as T };
}

describe('HTTP API', () => {
  it('answers /healthz with the state of each part', async () => {
    const { status, body } = await call<Health>('GET', '/healthz');
    expect(status).toBe(200);
    expect(Object.keys(body.parts).sort()).toEqual(['body', 'speech', 'store', 'sync']);
    expect(body.parts.store.ok).toBe(true);
    expect(body.parts.body.detail).toMatch(/simulated/);
  });

  it('gives the kiosk its fields with the stable ids', async () => {
    const { body } = await call<KioskConfig>('GET', '/api/kiosk');
    expect(body.fields.map((f) => f.id)).toEqual(['name', 'phone', 'email', 'reason', 'heard_from', 'contact_method', 'consent']);
    expect(body.fields.find((f) => f.id === 'phone')!.control).toMatchObject({ control: 'text', keyboard: 'phone' });
    expect(body.fields.find((f) => f.id === 'name')!.messages?.required).toBe('Please tell us your name.');
    expect(body.fields.find((f) => f.id === 'consent')!.consentText).toMatch(/store my details/);
    expect(body.wakePhrase).toBeNull(); // text mode: nothing listens for a wake word
  });

  it('runs a touch visit: live events, per-field messages, then a stored lead', async () => {
    const ws = new WebSocket(base.replace('http', 'ws') + '/api/events');
    const events: UiEvent[] = [];
    ws.on('message', (d) => events.push(JSON.parse(d.toString()) as UiEvent));
    await new Promise((r) => ws.once('open', r));

    const visit = (await call<VisitView>('POST', '/api/visits', { trigger: 'touch' })).body;
    expect(visit.stage).toBe('intake');
    const patched = (await call<VisitView>('PATCH', `/api/visits/${visit.id}/fields`, { values: { name: 'Ana', email: 'ana@' } })).body;
    expect(patched.fieldErrors.email).toMatch(/does not look right/);
    expect(patched.fieldErrors.name).toBeUndefined();

    const bad = await call<{ error: string; fieldErrors: Record<string, string> }>('POST', `/api/visits/${visit.id}/submit`, { values: { name: 'Ana' } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fieldErrors).sort()).toEqual(['consent', 'email', 'phone', 'reason']);

    const ok = await call<{ contact: ContactView }>('POST', `/api/visits/${visit.id}/submit`, {
      values: { name: 'Ana', phone: '415-555-0123', email: 'ana@example.com', reason: 'haircut', consent: true },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.contact).toMatchObject({ name: 'Ana', phone: '+14155550123', source: 'kiosk-touch' });
    expect(events.some((e) => e.type === 'visit' && e.visit.id === visit.id && e.visit.values.name === 'Ana')).toBe(true);
    ws.close();

    const again = await call<{ error: string }>('POST', `/api/visits/${visit.id}/submit`, {});
    expect(again.status).toBe(409);
    expect((await call<{ error: string }>('GET', '/api/visits/nope')).status).toBe(404);
  });

  it('rejects malformed bodies with the reason', async () => {
    const visit = (await call<VisitView>('POST', '/api/visits', {})).body;
    const r = await call<{ error: string; message: string }>('PATCH', `/api/visits/${visit.id}/fields`, { values: { name: { nested: 1 } } });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/values\.name/);
  });

  it('keeps the staff list behind the PIN and locks out guessing', async () => {
    expect((await call('GET', '/api/staff/contacts')).status).toBe(401);
    expect((await call('POST', '/api/staff/login', { pin: '0000' })).status).toBe(401);
    const login = await call<{ token: string }>('POST', '/api/staff/login', { pin: '1357' });
    expect(login.status).toBe(200);
    const list = await call<ContactView[]>('GET', '/api/staff/contacts', undefined, { authorization: `Bearer ${login.body.token}` });
    expect(list.status).toBe(200);
    expect(list.body.some((c) => c.name === 'Ana')).toBe(true);
    expect((await call('GET', '/api/staff/settings')).status).toBe(401);
    const settings = await call<StaffSettings>('GET', '/api/staff/settings', undefined, { authorization: `Bearer ${login.body.token}` });
    expect(settings.body.voice).toMatchObject({ mode: 'text', wakeEngine: 'openwakeword', wakePhrase: 'hey jarvis' });
    expect(settings.body.voice.licenceNotice).toMatch(/non-?commercial|NonCommercial/i);
    for (let i = 0; i < 5; i++) await call('POST', '/api/staff/login', { pin: '9999' });
    const locked = await call<{ error: string }>('POST', '/api/staff/login', { pin: '1357' });
    expect(locked.status).toBe(429);
  });
});
