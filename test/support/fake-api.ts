/**
 * FakeFrontdeskApi: a TEST DOUBLE of the runtime's HTTP + WebSocket API (device/http/contract.ts), in memory, on
 * node:http, serving the built UI beside it. It records every API request so tests can assert what the UI sent,
 * pushes `visit` events after each change like the runtime does, and lets a test push any UiEvent or drop sockets.
 * It checks little on submit (a name is required); `nextSubmitFieldErrors` forces one 422.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FIELD_MESSAGES } from '../../base/field-messages.js';
import type { ApiError, ContactView, KioskConfig, SubmitResult, UiEvent, VisitView } from '../../device/http/contract.js';
import { FAKE_PIN, fakeContact, fakeHealth, fakeKioskConfig, fakeStaffSettings } from './fake-api-data.js';
import { RequestLog, type RecordedRequest } from './request-log.js';
import { serveStatic } from './static-files.js';

export type { RecordedRequest } from './request-log.js';

export interface FakeApiOptions {
  staticDir: string;
  config?: Partial<KioskConfig>;
  contacts?: ContactView[];
}

type Values = Record<string, string | boolean>;

export class FakeFrontdeskApi {
  config: KioskConfig;
  contacts: ContactView[];
  readonly visits = new Map<string, VisitView>();
  private readonly log = new RequestLog();
  /** While set, staff login answers 429 with this message, as the runtime does after too many wrong PINs. */
  staffLockedMessage: string | null = null;
  /** Answer the next submit with 422 and these field errors. */
  nextSubmitFieldErrors: Record<string, string> | null = null;
  private readonly tokens = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly socketWaiters: (() => void)[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly server: Server;

  private constructor(private readonly options: FakeApiOptions) {
    this.config = fakeKioskConfig(options.config);
    this.contacts = options.contacts ?? [];
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== '/api/events') return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
  }

  static async start(options: FakeApiOptions): Promise<FakeFrontdeskApi> {
    const api = new FakeFrontdeskApi(options);
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Every API request so far, in order (static files are not recorded). */
  get requests(): readonly RecordedRequest[] {
    return this.log.all;
  }

  /** See RequestLog.waitFor: the first matching request, seen or to come, from index `since`. */
  waitForRequest(method: string, path: string | RegExp, since = 0): Promise<RecordedRequest> {
    return this.log.waitFor(method, path, since);
  }

  /** Resolves once a page has an event socket open (at once if one is open now). */
  waitForSocket(): Promise<void> {
    if (this.sockets.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.socketWaiters.push(resolve));
  }

  push(event: UiEvent): void {
    const frame = JSON.stringify(event);
    for (const ws of this.sockets) ws.send(frame);
  }

  /** Changes a visit as the voice flow would, and pushes the `visit` event. */
  updateVisit(id: string, change: Partial<VisitView>): VisitView {
    const visit = this.visit(id);
    Object.assign(visit, change);
    this.push({ type: 'visit', visit });
    return visit;
  }

  /** Cuts every event socket, as a runtime restart would; `waitForSocket()` then waits for a reconnect. */
  dropSockets(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    for (const resolve of this.socketWaiters.splice(0)) resolve();
  }

  private visit(id: string): VisitView {
    const visit = this.visits.get(id);
    if (!visit) throw new HttpError(404, { error: 'not_found', message: `No visit ${id}.` });
    return visit;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/healthz') return send(res, 200, fakeHealth());
    if (!url.pathname.startsWith('/api/')) {
      if (await serveStatic(this.options.staticDir, req, res)) return;
      return send(res, 404, { error: 'not_found', message: 'No such file.' });
    }
    const raw = await readBody(req);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      body: raw ? JSON.parse(raw) : null,
      headers: req.headers,
    };
    try {
      const [status, body] = this.route(request);
      send(res, status, body);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      send(res, err.status, err.body);
    }
    this.log.record(request); // after answering, so a test that saw the request also sees its effects
  }

  private route({ method, path, body, headers }: RecordedRequest): [number, unknown] {
    const values = ((body as { values?: Values } | null)?.values ?? {}) as Values;
    const visitRoute = /^\/api\/visits\/([^/]+)(?:\/(fields|submit|cancel))?$/.exec(path);
    if (method === 'GET' && path === '/api/kiosk') return [200, this.config];
    if (method === 'POST' && path === '/api/visits') {
      const visit: VisitView = { id: randomUUID(), stage: 'intake', values: {}, fieldErrors: {}, transcript: [] };
      this.visits.set(visit.id, visit);
      this.push({ type: 'visit', visit });
      return [200, visit];
    }
    if (visitRoute?.[1]) {
      const id = visitRoute[1];
      const action = visitRoute[2];
      if (method === 'GET' && !action) return [200, this.visit(id)];
      if (method === 'PATCH' && action === 'fields') {
        const current = this.visit(id);
        // Like the runtime, judge each touched value at once, half-typed or not.
        const fieldErrors = { ...current.fieldErrors };
        for (const [field, value] of Object.entries(values)) {
          const error = judgeTouchValue(field, value);
          if (error) fieldErrors[field] = error;
          else delete fieldErrors[field];
        }
        return [200, this.updateVisit(id, { values: { ...current.values, ...values }, fieldErrors })];
      }
      if (method === 'POST' && action === 'cancel') return [200, this.updateVisit(id, { stage: 'abandoned' })];
      if (method === 'POST' && action === 'submit') return this.submit(id, values);
    }
    if (method === 'GET' && path === '/api/staff/pin') return [200, { set: true, minDigits: 6, maxDigits: 12 }];
    if (method === 'POST' && path === '/api/staff/logout') {
      const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
      return [200, { loggedOut: token !== undefined && this.tokens.delete(token) }];
    }
    if (method === 'POST' && path === '/api/staff/login') {
      if (this.staffLockedMessage) return [429, { error: 'locked', message: this.staffLockedMessage } satisfies ApiError];
      if ((body as { pin?: unknown } | null)?.pin !== FAKE_PIN) {
        return [401, { error: 'wrong_pin', message: 'That PIN is not right. You can try again in 1 second.' } satisfies ApiError];
      }
      const token = randomUUID();
      this.tokens.add(token);
      return [200, { token, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }];
    }
    if (method === 'GET' && path === '/api/staff/members') return [200, { members: [{ id: 'staff', name: 'Staff' }], typeName: false }];
    if (method === 'GET' && path === '/api/staff/me') {
      const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
      if (!token || !this.tokens.has(token)) return [401, { error: 'unauthorized', message: 'Log in first.' }];
      return [200, { id: 'staff', name: 'Staff', role: 'owner' }];
    }
    if (method === 'GET' && path === '/api/staff/contacts') {
      const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
      if (!token || !this.tokens.has(token)) return [401, { error: 'unauthorized', message: 'Log in first.' }];
      return [200, this.contacts];
    }
    if (method === 'GET' && path === '/api/staff/settings') {
      const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
      if (!token || !this.tokens.has(token)) return [401, { error: 'unauthorized', message: 'Log in first.' }];
      return [200, fakeStaffSettings()];
    }
    return [404, { error: 'not_found', message: `No route ${method} ${path}.` }];
  }

  private submit(id: string, values: Values): [number, unknown] {
    const stage = this.visit(id).stage;
    if (stage === 'done' || stage === 'abandoned') {
      return [409, { error: 'visit_closed', message: 'This visit has already ended. Start again from the welcome screen.' }];
    }
    const fieldErrors = this.nextSubmitFieldErrors ?? (typeof values.name === 'string' && values.name.trim() ? {} : { name: FIELD_MESSAGES.required.name });
    this.nextSubmitFieldErrors = null;
    if (Object.keys(fieldErrors).length > 0) {
      return [422, { error: 'invalid', message: 'Please check the highlighted answers.', fieldErrors } satisfies ApiError];
    }
    const contact = fakeContact(randomUUID(), values);
    this.contacts.push(contact);
    this.updateVisit(id, { values, stage: 'done', contactId: contact.id });
    // Like the runtime: what the thank-you screen shows, never the contact.
    const visit: VisitView = { id, stage: 'done', values: {}, fieldErrors: {}, transcript: [] };
    return [200, { visit, firstName: contact.name.trim().split(/\s+/)[0] || null, contactId: contact.id } satisfies SubmitResult];
  }
}

/** The fake's only live check: a phone number with too few digits (enough to show what the UI does with it). */
function judgeTouchValue(field: string, value: string | boolean): string | null {
  if (field !== 'phone' || typeof value !== 'string' || value === '') return null;
  return value.replace(/\D/g, '').length < 7 ? FIELD_MESSAGES.phoneTooShort : null;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
