/**
 * Property-based fuzzing of the runtime's HTTP and WebSocket boundary (fast-check), against a real runtime in this
 * process (SQLite, simulated body, embedded broker). Used by device/http/fuzz.test.ts (a few hundred cases in CI)
 * and test/bench/fuzz-http.ts (10,000 each).
 *
 * What must hold for every request, however malformed:
 *   - no 5xx (nothing crashes);
 *   - every refusal (4xx) is an ApiError whose `error` code and `message` name the reason;
 *   - a refused request leaves the store as it was (contacts, outbox, PINs, sessions);
 *   - text that is accepted carries no control characters.
 * And for every WebSocket frame: the server stays up; a refused diagnostics hello closes with 4401 and a reason,
 * an oversized frame with 1009.
 */
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { parseConfig } from '../../device/config/load.js';
import { silentLogger } from '../../device/log.js';
import { startRuntime, type Runtime } from '../../device/runtime.js';
import { kioskCookie } from './api-client.js';
import { ensureUiBuilt } from './build-ui.js';

export const FUZZ_STAFF_PIN = '402719';
export const FUZZ_TECHNICIAN_PIN = '58301746';

export interface FuzzReport {
  boundary: string;
  cases: number;
  refusals: number;
  crashes: number;
  byStatus: Record<string, number>;
}

export interface FuzzRuntime {
  rt: Runtime;
  base: string;
  /** The runtime's HTTP clock: each case moves it on a minute, so rate limits and lockouts refill between cases. */
  clock: { t: number };
  stop(): Promise<void>;
}

/** `buildUi`: build the UI first if stale (tests run from source; the bench runs after `npm run build`). */
export async function startFuzzRuntime(buildUi = true): Promise<FuzzRuntime> {
  if (buildUi) ensureUiBuilt(); // the kiosk socket's cookie comes with the served page
  const clock = { t: Date.now() };
  const rt = await startRuntime({
    config: parseConfig({ http: { port: 0 }, staff: { pin: FUZZ_STAFF_PIN }, technician: { pin: FUZZ_TECHNICIAN_PIN } }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-fuzz-')),
    log: silentLogger(),
    body: new SimulatedBody(0),
    httpClock: () => clock.t,
  });
  return { rt, base: rt.http!.url, clock, stop: () => rt.stop() };
}

interface RawAnswer {
  status: number;
  body: string;
  type: string;
}

function send(base: string, method: string, path: string, headers: Record<string, string>, body: string | null): Promise<RawAnswer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    // A fresh connection per case: a refusal sent before the body was read may end a kept-alive connection.
    const req = request({ host: u.hostname, port: u.port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: text, type: String(res.headers['content-type'] ?? '') }));
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/**
 * What refused input must never change: contacts, outbox and PINs (`fixed`), and no new session (`sessions` may only
 * lose members: sessions that went idle are deleted when next seen, refused request or not).
 */
function storeState(rt: Runtime): { fixed: string; sessions: Set<string> } {
  const q = (sql: string) => JSON.stringify(rt.db.prepare(sql).all());
  return {
    fixed: [
      q(`SELECT id, version, name, phone, email FROM contacts ORDER BY id`),
      q(`SELECT count(*) AS n FROM outbox`),
      q(`SELECT role, hash FROM pins ORDER BY role`),
    ].join('|'),
    sessions: new Set((rt.db.prepare(`SELECT token_hash FROM sessions`).all() as { token_hash: string }[]).map((r) => r.token_hash)),
  };
}

/** Control characters as JSON writes them (\u0000 ..) or leaves them (U+007F .., bidi overrides). */
const CONTROL = /\\u00[01][0-9a-f]|[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/i;

// Printable header text (what an HTTP client can put on the wire), from plain to hostile.
const headerText = fc.oneof(
  fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
  fc.constantFrom('', 'null', 'javascript:alert(1)', 'http://evil.example', 'Bearer ', 'Bearer ' + 'a'.repeat(300)),
);
const control = fc.constantFrom('\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u202e', '\u2066', '\r\n', '\t');
const hostileText = fc.tuple(fc.string({ maxLength: 40 }), control, fc.string({ unit: 'binary', maxLength: 40 })).map(([a, c, b]) => `${a}${c}${b}`);
const value = fc.oneof(
  hostileText,
  fc.string({ maxLength: 80 }),
  fc.boolean(),
  fc.integer(),
  fc.constant(null),
  fc.string({ minLength: 1990, maxLength: 2100 }),
);
const fieldId = fc.oneof(
  fc.constantFrom('name', 'phone', 'email', 'reason', 'consent'),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('__proto__', 'constructor'),
);
const values = fc.dictionary(fieldId, value, { maxKeys: 8 });
const jsonBody = fc.oneof(
  fc.record({ values }),
  fc.record({ trigger: fc.oneof(fc.constantFrom('touch', 'presence', 'wake'), fc.string({ maxLength: 20 })) }, { requiredKeys: [] }),
  fc.record({ pin: fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), hostileText), confirm: fc.string({ maxLength: 20 }) }, { requiredKeys: [] }),
  fc.record({ joint: fieldId, degrees: fc.oneof(fc.double(), fc.integer()), gesture: fieldId, light: fieldId, level: fc.double() }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 4 }),
);
const rawBody = fc.oneof(
  jsonBody.map((b) => JSON.stringify(b)),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('', '{', '{"values":', '[]', 'null', '{"__proto__":{"x":1}}', '{"values":{"name":"' + 'a'.repeat(70_000) + '"}}'),
);

export interface HttpCase {
  method: string;
  path: string;
  host: 'own' | 'foreign' | 'missing-port';
  origin: 'own' | 'foreign' | 'none' | string;
  contentType: string | null;
  auth: 'none' | 'staff' | 'technician' | 'forged';
  body: string | null;
}

export function httpCase(visitId: () => string): fc.Arbitrary<HttpCase> {
  const id = fc.oneof(fc.constant('@open'), fc.uuid(), fc.string({ maxLength: 30 }), fc.constantFrom('..', '%00', '%2e%2e%2f', '\u0000'));
  const path = fc.oneof(
    fc.constantFrom(
      '/api/visits',
      '/api/kiosk',
      '/healthz',
      '/api/staff/login',
      '/api/staff/logout',
      '/api/staff/pin',
      '/api/staff/contacts',
      '/api/staff/settings',
      '/api/technician/login',
      '/api/technician/pin',
      '/api/diagnostics',
      '/api/diagnostics/body/joint',
      '/api/diagnostics/body/gesture',
      '/api/diagnostics/body/light',
      '/api/events',
      '/',
      '/index.html',
      '/../../etc/passwd',
    ),
    fc.tuple(id, fc.constantFrom('', '/fields', '/submit', '/cancel', '/person', '/x')).map(([i, action]) => `/api/visits/{${i}}${action}`),
    fc.tuple(fc.constantFrom('/api/staff/contacts?day=', '/api/visits?'), fc.string({ maxLength: 30 })).map(([p, q]) => p + encodeURIComponent(q)),
    fc.webPath(),
  );
  const method = fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS', 'HEAD');
  const routed = path.map((p) => p.replace(/\{(.*)\}/, (_m, i: string) => encodeURIComponent(i === '@open' ? visitId() : i)));
  // Hostile: anything in every header and the body.
  const hostile = fc.record({
    method,
    path: routed,
    host: fc.constantFrom<HttpCase['host']>('own', 'own', 'own', 'foreign', 'missing-port'),
    origin: fc.oneof(fc.constantFrom('own', 'own', 'own', 'foreign', 'none'), headerText),
    contentType: fc.oneof(fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', null), headerText),
    auth: fc.constantFrom<HttpCase['auth']>('none', 'staff', 'technician', 'forged'),
    body: fc.option(rawBody, { freq: 3 }),
  });
  // Plausible: the kiosk's own headers and a JSON body of the right shape with hostile values, so the routes behind
  // the guard and the schemas are reached too.
  const plausible = fc.record({
    method: fc.constantFrom('GET', 'POST', 'PATCH', 'POST'),
    path: routed,
    host: fc.constant<HttpCase['host']>('own'),
    origin: fc.constant('own'),
    contentType: fc.constant('application/json'),
    auth: fc.constantFrom<HttpCase['auth']>('none', 'staff', 'technician'),
    body: jsonBody.map((b) => JSON.stringify(b)),
  });
  return fc.oneof(hostile, plausible);
}

/** Runs `numRuns` fuzzed requests; throws (with fast-check's shrunk counterexample) on the first violation. */
export async function fuzzHttp(f: FuzzRuntime, numRuns: number, seed?: number): Promise<FuzzReport> {
  const { rt, base, clock } = f;
  const own = new URL(base);
  const tokens = { staff: '', technician: '' };
  const login = async (role: 'staff' | 'technician'): Promise<string> => {
    const pin = role === 'staff' ? FUZZ_STAFF_PIN : FUZZ_TECHNICIAN_PIN;
    let r = await send(base, 'POST', `/api/${role}/login`, { host: own.host, origin: own.origin, 'content-type': 'application/json' }, JSON.stringify({ pin }));
    if (r.status === 429) {
      // Fuzzed wrong PINs locked this client out for a while: the owner waits it out, as at the kiosk.
      clock.t += 15 * 60_000;
      r = await send(base, 'POST', `/api/${role}/login`, { host: own.host, origin: own.origin, 'content-type': 'application/json' }, JSON.stringify({ pin }));
    }
    if (r.status !== 200) throw new Error(`fuzz setup: ${role} login answered ${r.status} ${r.body}`);
    return (JSON.parse(r.body) as { token: string }).token;
  };
  tokens.staff = await login('staff');
  tokens.technician = await login('technician');
  const report: FuzzReport = { boundary: 'http', cases: 0, refusals: 0, crashes: 0, byStatus: {} };
  const openId = (): string => rt.visits.current()?.id ?? 'none';

  await fc.assert(
    fc.asyncProperty(httpCase(openId), async (c) => {
      clock.t += 10_000; // one visit opening refills per case; lockouts and idle sessions run their course
      const headers: Record<string, string> = {};
      headers.host = c.host === 'own' ? own.host : c.host === 'foreign' ? 'evil.example' : own.hostname;
      if (c.origin === 'own') headers.origin = own.origin;
      else if (c.origin === 'foreign') headers.origin = 'http://127.0.0.1:1';
      else if (c.origin !== 'none') headers.origin = c.origin;
      if (c.contentType !== null) headers['content-type'] = c.contentType;
      if (c.auth === 'staff' || c.auth === 'technician') headers.authorization = `Bearer ${tokens[c.auth]}`;
      else if (c.auth === 'forged') headers.authorization = 'Bearer forged';
      const before = storeState(rt);
      const r = await send(base, c.method, c.path, headers, c.method === 'GET' || c.method === 'HEAD' ? null : c.body);
      report.cases++;
      report.byStatus[r.status] = (report.byStatus[r.status] ?? 0) + 1;
      if (r.status >= 500) {
        report.crashes++;
        throw new Error(`HTTP ${r.status} for ${c.method} ${c.path}: ${r.body.slice(0, 300)}`);
      }
      if (r.status >= 400) {
        report.refusals++;
        if (c.method !== 'HEAD') {
          const e = JSON.parse(r.body) as { error?: unknown; message?: unknown };
          if (typeof e.error !== 'string' || !/^[a-z_]+$/.test(e.error) || typeof e.message !== 'string' || e.message.length < 5)
            throw new Error(`refusal without a reason: ${r.status} ${r.body.slice(0, 200)}`);
        }
        const after = storeState(rt);
        if (after.fixed !== before.fixed || [...after.sessions].some((t) => !before.sessions.has(t)))
          throw new Error(`refused ${c.method} ${c.path} (${r.status}) changed the store`);
      } else if (
        r.type.startsWith('application/json') &&
        CONTROL.test(JSON.stringify((JSON.parse(r.body || 'null') as { values?: unknown } | null)?.values ?? ''))
      ) {
        throw new Error(`control characters accepted into a visit: ${r.body.slice(0, 200)}`);
      }
      // A logout, or a session gone idle, ends the fuzzer's own session: log in again.
      for (const role of ['staff', 'technician'] as const)
        if (rt.db.prepare(`SELECT 1 FROM sessions WHERE role = ?`).get(role) === undefined) tokens[role] = await login(role);
    }),
    { numRuns, ...(seed !== undefined ? { seed } : {}) },
  );
  return report;
}

/** Fuzzed frames on both sockets: the kiosk's (which takes nothing from clients) and the diagnostics one (a hello). */
export async function fuzzSockets(f: FuzzRuntime, numRuns: number, seed?: number): Promise<FuzzReport> {
  const { base } = f;
  const own = new URL(base);
  const cookie = await kioskCookie(base);
  const report: FuzzReport = { boundary: 'websocket', cases: 0, refusals: 0, crashes: 0, byStatus: {} };
  const frame = fc.oneof(
    fc
      .record(
        { type: fc.oneof(fc.constant('auth'), fc.string({ maxLength: 10 })), token: fc.oneof(fc.string({ maxLength: 300 }), fc.integer()) },
        { requiredKeys: [] },
      )
      .map((o) => JSON.stringify(o)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
    fc.constant('x'.repeat(8 * 1024)),
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('/api/events', '/api/diagnostics/events'), fc.array(frame, { minLength: 1, maxLength: 3 }), async (path, frames) => {
      const ws = new WebSocket(`ws://${own.host}${path}`, { origin: own.origin, headers: { cookie } });
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
      );
      for (const data of frames) if (ws.readyState === WebSocket.OPEN) ws.send(data);
      const outcome = await Promise.race([closed, new Promise<null>((r) => setTimeout(() => r(null), 50))]);
      report.cases++;
      const key = outcome ? String(outcome.code) : 'open';
      report.byStatus[key] = (report.byStatus[key] ?? 0) + 1;
      if (outcome) {
        report.refusals++;
        if (outcome.code === 1006 || outcome.code === 1011) {
          report.crashes++;
          throw new Error(`socket ${path} died (${outcome.code}) after ${JSON.stringify(frames).slice(0, 200)}`);
        }
        if (outcome.code === 4401 && outcome.reason.length < 5) throw new Error('a refused hello closed without a reason');
      } else ws.terminate();
      // The server is still there and answering.
      const alive = await send(base, 'GET', '/api/kiosk', { host: own.host }, null);
      if (alive.status !== 200) throw new Error(`server stopped answering after frames on ${path}`);
    }),
    { numRuns, ...(seed !== undefined ? { seed } : {}) },
  );
  return report;
}
