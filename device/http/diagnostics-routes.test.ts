/**
 * The technician's diagnostics API against the real runtime (simulated body): PIN and lockout, every route refused
 * without a technician token, joint moves clamped to the configured limits, unknown names refused with the
 * configured ones listed, the live WebSocket, and the support bundle download.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { parseConfig } from '../config/load.js';
import { createLogger, LogRing } from '../log.js';
import { startRuntime, type Runtime } from '../runtime.js';
import type { DiagnosticsEvent, DiagnosticsSnapshot, JointMoveResult, SupportBundle } from './contract.js';

const STAFF_PIN = '135792';
const TECH_PIN = '24680135';
/** The server's clock for lockouts and sessions: the test moves it on instead of waiting. */
const clock = { t: Date.now() };
let rt: Runtime;
let base: string;
let body: SimulatedBody;
let token: string;

beforeAll(async () => {
  const ring = new LogRing();
  body = new SimulatedBody(0);
  rt = await startRuntime({
    config: parseConfig({ http: { port: 0 }, staff: { pin: STAFF_PIN }, technician: { pin: TECH_PIN } }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-diag-')),
    log: createLogger({ ring, destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
    logRing: ring,
    body,
    httpClock: () => clock.t,
  });
  base = rt.http!.url;
});
afterAll(() => rt?.stop());

async function call<T>(method: string, path: string, body?: unknown, auth?: string): Promise<{ status: number; body: T; headers: Headers }> {
  const headers: Record<string, string> = { origin: base };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (auth) headers.authorization = `Bearer ${auth}`;
  const r = await fetch(base + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: r.status, body: (await r.json()) as T, headers: r.headers };
}

const ROUTES: [string, string, unknown?][] = [
  ['GET', '/api/diagnostics'],
  ['POST', '/api/diagnostics/body/joint', { joint: 'headPan', degrees: 100 }],
  ['POST', '/api/diagnostics/body/gesture', { gesture: 'nod' }],
  ['POST', '/api/diagnostics/body/light', { light: 'status', level: 1 }],
  ['GET', '/api/diagnostics/support-bundle'],
];

function socket(): { ws: WebSocket; events: DiagnosticsEvent[]; closed: Promise<number> } {
  const ws = new WebSocket(base.replace('http', 'ws') + '/api/diagnostics/events', { origin: base });
  const events: DiagnosticsEvent[] = [];
  ws.on('message', (d) => events.push(JSON.parse(d.toString()) as DiagnosticsEvent));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return { ws, events, closed };
}

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('technician auth', () => {
  it('refuses every diagnostics route without a technician token, and with a staff token', async () => {
    const staff = await call<{ token: string }>('POST', '/api/staff/login', { pin: STAFF_PIN });
    for (const [method, path, body] of ROUTES) {
      const none = await call<{ error: string }>(method, path, body);
      expect(none.status, `${method} ${path}`).toBe(401);
      expect(none.body.error).toBe('unauthorized');
      expect((await call(method, path, body, staff.body.token)).status, `${method} ${path} (staff token)`).toBe(401);
      expect((await call(method, path, body, 'forged-token')).status).toBe(401);
    }
    expect(body.state().joints.headPan).toBe(90); // nothing moved
  });

  it('refuses a wrong PIN and the staff PIN; the technician PIN opens a session', async () => {
    expect((await call<{ error: string }>('POST', '/api/technician/login', { pin: '0000' })).body.error).toBe('wrong_pin');
    clock.t += 1_000;
    expect((await call('POST', '/api/technician/login', { pin: STAFF_PIN })).status).toBe(401);
    clock.t += 2_000;
    expect((await call('POST', '/api/technician/login', { pin: 12345 })).status).toBe(400);
    const ok = await call<{ token: string; expiresAt: string }>('POST', '/api/technician/login', { pin: TECH_PIN });
    expect(ok.status).toBe(200);
    token = ok.body.token;
    expect(Date.parse(ok.body.expiresAt)).toBeGreaterThan(Date.now());
  });
});

describe('diagnostics routes', () => {
  it('gives a snapshot of body, sync, speech, logs and versions', async () => {
    rt.speechMonitor.reportCaption('my name is ana', true, { visitId: 'v1' });
    const { status, body: snap } = await call<DiagnosticsSnapshot>('GET', '/api/diagnostics', undefined, token);
    expect(status).toBe(200);
    expect(snap.body.layout.joints).toEqual({
      headPan: { min: 30, max: 150, rest: 90 },
      headTilt: { min: 60, max: 120, rest: 90 },
      arm: { min: 0, max: 160, rest: 10 },
    });
    expect(snap.body.layout.gestures).toEqual(expect.arrayContaining(['greet', 'nod', 'farewell']));
    expect(snap.body.state.connected).toBe(true);
    expect(snap.sync).toMatchObject({ embeddedBroker: true, outbox: { pending: expect.any(Number) } });
    expect(snap.speech.captions.at(-1)).toMatchObject({ text: 'my name is ana', final: true });
    expect(snap.logs.some((l) => l.msg === 'logged in' && l.data.role === 'technician')).toBe(true);
    expect(JSON.stringify(snap.logs)).not.toContain(TECH_PIN);
    expect(snap.versions).toMatchObject({ node: process.versions.node, app: expect.any(String) });
  });

  it('moves a joint, clamped by the body to its configured limits', async () => {
    const up = await call<JointMoveResult>('POST', '/api/diagnostics/body/joint', { joint: 'headTilt', degrees: 180 }, token);
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ joint: 'headTilt', requested: 180, degrees: 120, clamped: true, limits: { min: 60, max: 120 } });
    expect(body.state().joints.headTilt).toBe(120);
    const down = await call<JointMoveResult>('POST', '/api/diagnostics/body/joint', { joint: 'headPan', degrees: 0 }, token);
    expect(down.body).toMatchObject({ degrees: 30, clamped: true });
    const inside = await call<JointMoveResult>('POST', '/api/diagnostics/body/joint', { joint: 'arm', degrees: 45 }, token);
    expect(inside.body).toMatchObject({ degrees: 45, clamped: false });
    expect(inside.body.body.joints.arm).toBe(45);
  });

  it('refuses an unknown joint, gesture or light with a message naming the configured ones', async () => {
    const joint = await call<{ error: string; message: string }>('POST', '/api/diagnostics/body/joint', { joint: 'tail', degrees: 90 }, token);
    expect(joint.status).toBe(400);
    expect(joint.body.message).toBe('joint: unknown joint "tail"; configured joints: headPan, headTilt, arm');
    const gesture = await call<{ message: string }>('POST', '/api/diagnostics/body/gesture', { gesture: 'dance' }, token);
    expect(gesture.status).toBe(400);
    expect(gesture.body.message).toMatch(/unknown gesture "dance"; configured gestures: .*nod/);
    const light = await call<{ message: string }>('POST', '/api/diagnostics/body/light', { light: 'disco', level: 1 }, token);
    expect(light.body.message).toMatch(/unknown light "disco"; configured lights: status/);
    const bad = await call<{ message: string }>('POST', '/api/diagnostics/body/joint', { joint: 'arm', degrees: 'up' }, token);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^degrees:/);
    expect((await call('POST', '/api/diagnostics/body/joint', { joint: 'arm', degrees: 400 }, token)).status).toBe(400);
    expect((await call('POST', '/api/diagnostics/body/joint', { joint: 'arm', degrees: 90, extra: 1 }, token)).status).toBe(400);
  });

  it('plays gestures, sets lights, and says when the emergency stop holds the body', async () => {
    const played = await call<{ gesture: string; interrupted: boolean }>('POST', '/api/diagnostics/body/gesture', { gesture: 'nod' }, token);
    expect(played.body).toMatchObject({ gesture: 'nod', interrupted: false });
    const lit = await call<{ lights: Record<string, number> }>('POST', '/api/diagnostics/body/light', { light: 'status', level: 1 }, token);
    expect(lit.body.lights.status).toBe(1);
    body.simulateEstop(true);
    try {
      const held = await call<{ error: string; message: string }>('POST', '/api/diagnostics/body/joint', { joint: 'arm', degrees: 90 }, token);
      expect(held.status).toBe(409);
      expect(held.body).toMatchObject({ error: 'estop', message: expect.stringMatching(/emergency stop/) });
    } finally {
      body.simulateEstop(false);
    }
  });

  it('streams live changes to a socket that sent a technician token, and closes others with 4401', async () => {
    const anon = socket();
    await new Promise((r) => anon.ws.once('open', r));
    anon.ws.send(JSON.stringify({ type: 'auth', token: 'forged' }));
    expect(await anon.closed).toBe(4401);
    expect(anon.events).toEqual([]);

    const live = socket();
    await new Promise((r) => live.ws.once('open', r));
    live.ws.send(JSON.stringify({ type: 'auth', token }));
    await until(() => live.events.some((e) => e.type === 'snapshot'));
    await call('POST', '/api/diagnostics/body/joint', { joint: 'headPan', degrees: 120 }, token);
    await until(() => live.events.some((e) => e.type === 'body' && e.body.joints.headPan === 120));
    rt.speechMonitor.reportLevel(-18);
    await until(() => live.events.some((e) => e.type === 'speech' && e.event.type === 'level' && e.event.dbfs === -18));
    await until(() => live.events.some((e) => e.type === 'log' && e.line.msg === 'technician moved a joint'));
    live.ws.close();
  });

  it('downloads a support bundle without the PINs', async () => {
    const r = await fetch(`${base}/api/diagnostics/support-bundle`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="frontdesk-support-frontdesk-dev-\d{8}T\d{6}\.json"$/);
    const text = await r.text();
    expect(text).not.toContain(TECH_PIN);
    expect(text).not.toContain(STAFF_PIN);
    const bundle = JSON.parse(text) as SupportBundle;
    expect(bundle.doctor.checks.map((c) => c.id)).toContain('models');
  });
});

describe('technician lockout', () => {
  it('makes each wrong technician PIN wait longer, and leaves the staff PIN alone', async () => {
    const waits: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await call('POST', '/api/technician/login', { pin: '99999' });
      waits.push(r.headers.get('retry-after')!);
      clock.t += Number(r.headers.get('retry-after')) * 1000;
    }
    expect(waits).toEqual(['1', '2', '4', '8', '16']);
    await call('POST', '/api/technician/login', { pin: '99999' });
    const locked = await call<{ error: string; message: string }>('POST', '/api/technician/login', { pin: TECH_PIN });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(locked.body.message).toMatch(/Too many wrong PINs/);
    expect((await call('POST', '/api/staff/login', { pin: STAFF_PIN })).status).toBe(200);
    // Sessions opened before the lockout keep working.
    expect((await call('GET', '/api/diagnostics', undefined, token)).status).toBe(200);
  });
});
