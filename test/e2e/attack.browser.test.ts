/**
 * The kiosk's API tried as an attacker would, in Chromium against the real runtime process:
 * - a page served from a second loopback origin, open in the same browser as the kiosk (so the kiosk's cookie is
 *   there), tries to read the kiosk's live socket, open and abandon a visit, read a finished visit and log in;
 * - a request names a foreign Host (DNS rebinding).
 * Every one is refused, and the store is unchanged by them. PIN guessing (growing waits that survive a restart) is
 * in pin-guessing.browser.test.ts, on a clock the test moves.
 */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VisitView } from '../../device/http/contract.js';
import { apiClient } from '../support/api-client.js';
import { launchBrowser, openKiosk } from '../support/browser.js';
import { ensureUiBuilt } from '../support/build-ui.js';
import { TEST_STAFF_PIN, TEST_TECHNICIAN_PIN } from '../support/login.js';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.js';

/**
 * What the attacker's page runs (plain browser JavaScript, as a site would serve it): each attempt's outcome as the
 * page sees it, in window.attack. ?kiosk=<url>&finishedId=<visit>&openId=<visit> say what to aim at.
 */
const ATTACK = `
(async () => {
  const q = new URLSearchParams(location.search);
  const kioskUrl = q.get('kiosk'), finishedId = q.get('finishedId'), openId = q.get('openId');
  const out = {};
  const settle = (p) => p.then(async (r) => 'read ' + r.status + ': ' + (await r.text()).slice(0, 200), (e) => 'blocked (' + e.name + ')');
  out.socket = await new Promise((resolve) => {
    const ws = new WebSocket(kioskUrl.replace('http', 'ws') + '/api/events');
    const heard = [];
    ws.onmessage = (m) => heard.push(String(m.data));
    ws.onopen = () => setTimeout(() => resolve('opened, heard ' + heard.length), 500);
    ws.onclose = () => resolve('closed, heard ' + heard.length);
  });
  const json = { 'content-type': 'application/json' };
  out.openJson = await settle(fetch(kioskUrl + '/api/visits', { method: 'POST', headers: json, body: '{}' }));
  // Simple requests go out without a preflight: the runtime itself must refuse them.
  out.openPlain = await settle(fetch(kioskUrl + '/api/visits', { method: 'POST', mode: 'no-cors', body: '{"trigger":"touch"}' }));
  out.cancel = await settle(fetch(kioskUrl + '/api/visits/' + openId + '/cancel', { method: 'POST', mode: 'no-cors' }));
  out.readFinished = await settle(fetch(kioskUrl + '/api/visits/' + finishedId));
  out.login = await settle(fetch(kioskUrl + '/api/staff/login', { method: 'POST', headers: json, body: '{"pin":"402719"}' }));
  out.loginPlain = await settle(fetch(kioskUrl + '/api/staff/login', { method: 'POST', mode: 'no-cors', body: '{"pin":"111111"}' }));
  // A form post needs no script at all.
  const frame = document.createElement('iframe');
  frame.name = 'sink';
  document.body.append(frame);
  const form = Object.assign(document.createElement('form'), { method: 'POST', action: kioskUrl + '/api/visits', target: 'sink', enctype: 'text/plain' });
  document.body.append(form);
  form.submit();
  await new Promise((r) => setTimeout(r, 500));
  window.attack = out;
  window.attackDone = true;
})();
`;

const dataDir = mkdtempSync(join(tmpdir(), 'fd-attack-'));
let browser: Browser;
let runtime: RuntimeProcess;
let evil: Server;
let evilOrigin: string;

beforeAll(async () => {
  ensureUiBuilt();
  runtime = await startRuntimeProcess(['--data-dir', dataDir]);
  // The attacker's page: any other site on the device (another port on loopback), served as plain HTML.
  evil = createServer((req, res) =>
    req.url === '/attack.js'
      ? res.writeHead(200, { 'content-type': 'text/javascript' }).end(ATTACK)
      : res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>free wifi</title><p>hello</p><script src="/attack.js"></script>'),
  );
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => evil?.close(r));
  if (runtime) expect(await runtime.stop()).toBe(0);
});

const count = (sql: string): number => {
  const db = new Database(join(dataDir, 'frontdesk.sqlite'), { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

async function pressPin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.click(`[data-pin="${d}"]`);
  await page.click('[data-pin="enter"]');
}

describe('a page from another origin on the device', () => {
  it('cannot read the kiosk socket, open or abandon a visit, read a finished one, or log in', async () => {
    // The kiosk, as on the robot: first start, so staff choose their PIN on the staff screen.
    const kiosk = await openKiosk(browser, `${runtime.url}/#/staff`);
    await kiosk.page.waitForSelector('.pin-pad h1:has-text("Choose a staff PIN")');
    await pressPin(kiosk.page, '12345'); // too short: the pad says so
    await kiosk.page.waitForSelector('.pin-message:has-text("at least 6 digits")');
    await pressPin(kiosk.page, TEST_STAFF_PIN);
    await kiosk.page.waitForSelector('.pin-pad h1:has-text("again")');
    await pressPin(kiosk.page, TEST_STAFF_PIN);
    await kiosk.page.waitForSelector('#contacts, .staff-status');
    await kiosk.page.click('#staff-logout');
    await kiosk.page.waitForSelector('[data-screen="attract"]');
    // The technician's PIN likewise, on the diagnostics screen: 8 digits at least, and not the staff PIN.
    await kiosk.page.goto(`${runtime.url}/#/diagnostics`);
    await kiosk.page.waitForSelector('.pin-pad h1:has-text("Choose a technician PIN")');
    await pressPin(kiosk.page, TEST_STAFF_PIN);
    await kiosk.page.waitForSelector('.pin-message:has-text("at least 8 digits")');
    await pressPin(kiosk.page, TEST_TECHNICIAN_PIN);
    await pressPin(kiosk.page, TEST_TECHNICIAN_PIN);
    await kiosk.page.waitForSelector('#diag-joints');
    await kiosk.page.click('#diag-back');
    await kiosk.page.waitForSelector('[data-screen="attract"]');

    // A visitor finishes a visit; another is on the form now.
    await kiosk.page.click('#start');
    await kiosk.page.waitForSelector('#name');
    await kiosk.page.fill('#name', 'Dana Scully');
    await kiosk.page.fill('#phone', '4155550188');
    await kiosk.page.fill('#email', 'dana@example.com');
    await kiosk.page.click('.choice[data-value="haircut"]');
    await kiosk.page.check('#consent');
    await kiosk.page.click('#submit');
    await kiosk.page.waitForSelector('[data-screen="thanks"]');
    const finishedId = (() => {
      const db = new Database(join(dataDir, 'frontdesk.sqlite'), { readonly: true });
      try {
        return (db.prepare(`SELECT visit_id FROM contacts`).get() as { visit_id: string }).visit_id;
      } finally {
        db.close();
      }
    })();
    await kiosk.page.goto(`${runtime.url}/`);
    // Worst case: the attacker knows the id of the visit going on now.
    const [opened] = await Promise.all([
      kiosk.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/visits'),
      kiosk.page.click('#start'),
    ]);
    const openId = ((await opened.json()) as VisitView).id;
    await kiosk.page.waitForSelector('#name');
    await kiosk.page.fill('#name', 'Fox Mulder');
    const visiting = () => kiosk.page.inputValue('#name');
    expect(await visiting()).toBe('Fox Mulder');
    const contactsBefore = count(`SELECT count(*) AS n FROM contacts`);

    // The attacker's page, in the same browser (the kiosk's cookie is in the jar).
    const page = await kiosk.context.newPage();
    await page.goto(`${evilOrigin}/?${new URLSearchParams({ kiosk: runtime.url, finishedId, openId })}`);
    await page.waitForFunction('window.attackDone === true', undefined, { timeout: 20_000 });
    const attack = JSON.parse((await page.evaluate('JSON.stringify(window.attack)')) as string) as Record<string, string>;
    expect(attack.socket).toBe('closed, heard 0');
    for (const key of ['openJson', 'readFinished', 'login']) expect(attack[key], key).toBe('blocked (TypeError)');
    // no-cors answers are opaque (or blocked by Cross-Origin-Resource-Policy); the runtime's side is checked below.
    for (const key of ['openPlain', 'cancel', 'loginPlain']) expect(attack[key], key).toMatch(/^(read 0: $|blocked)/);

    // Nothing changed: the visitor's form is still open, no visit was opened or stored, no PIN was tried.
    expect(await visiting()).toBe('Fox Mulder');
    const call = apiClient(runtime.url);
    const current = await call<VisitView>('GET', `/api/visits/${openId}`);
    expect(current.body).toMatchObject({ id: openId, stage: 'intake' });
    // Even the kiosk's own origin gets a finished visit's stage only.
    expect((await call<VisitView>('GET', `/api/visits/${finishedId}`)).body).toEqual({
      id: finishedId,
      stage: 'done',
      values: {},
      fieldErrors: {},
      transcript: [],
    });
    expect(count(`SELECT count(*) AS n FROM contacts`)).toBe(contactsBefore);
    expect(count(`SELECT count(*) AS n FROM login_attempts`)).toBe(0);
    expect(await kiosk.page.getAttribute('body', 'data-screen')).toBe('form');
    // And the runtime said why, to the requests that reached it.
    const refused = await call<{ error: string }>('POST', '/api/visits', {}, { origin: evilOrigin });
    expect(refused).toMatchObject({ status: 403, body: { error: 'foreign_origin' } });
    expect(kiosk.errors).toEqual([]);
    await kiosk.context.close();
  });

  it('a request naming a foreign Host is refused (DNS rebinding)', async () => {
    const u = new URL(runtime.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path: '/api/kiosk', headers: { host: `rebind.evil.example:${u.port}` } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(421);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'foreign_host', message: expect.stringMatching(/rebind\.evil\.example/) });
  });
});
