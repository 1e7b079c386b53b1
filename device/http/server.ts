/**
 * The runtime's HTTP + WebSocket server on loopback: the UI bundle, the kiosk and staff API (see contract.ts), and
 * the live event streams. This file only composes: the guard (guard.ts) that every request passes first, then one
 * registration per route file. A new route is a new file under routes/ and one line here; routes receive the narrow
 * parts they use, not the runtime.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { isWildcardHost, type HttpConfig } from '../config/http.js';
import type { Logger } from '../log.js';
import { uiDir } from '../paths.js';
import type { HttpHost } from '../ports.js';
import { localDayIn } from '../time.js';
import type { UiEvent } from './contract.js';
import { registerDiagnosticsRoutes, type DiagnosticsRouteOptions } from './diagnostics-routes.js';
import { hostPort, registerGuard, type Boundary } from './guard.js';
import { PinAuth, type DistinctResult } from './pin-auth.js';
import { RateLimiter } from './rate-limit.js';
import { PinStore } from './pin-store.js';
import { MemberPinStore } from './member-pins.js';
import { StaffAuth } from './staff-auth.js';
import { StaffPeople } from './staff-people.js';
import { answerClientError, registerErrorHandlers } from './replies.js';
import { crmRouteDeps, registerCrmRoutes } from './routes/crm.js';
import { registerIntakeRoutes } from './routes/intake.js';
import { registerMessagesRoutes } from './routes/messages.js';
import { registerHoursRoutes } from './routes/hours.js';
import { handoffRouteDeps, registerHandoffRoutes } from './routes/handoff.js';
import { KIOSK_EVENTS_PATH, registerKioskEvents } from './routes/events.js';
import { registerHealthRoute } from './routes/health.js';
import { registerKioskRoute } from './routes/kiosk.js';
import { registerPeopleRoutes } from './routes/people.js';
import { registerSessionRoutes } from './routes/sessions.js';
import { registerStaffSessionRoutes } from './routes/staff-sessions.js';
import { registerSpeechPreviewRoute } from './routes/speech-preview.js';
import { registerStaffRoutes } from './routes/staff.js';
import { registerVisitRoutes } from './routes/visits.js';

export interface HttpServer {
  url: string;
  port: number;
  /** Pushes an event to every connected kiosk page. */
  broadcast(event: UiEvent): void;
  close(): Promise<void>;
}

export interface HttpServerOptions {
  diagnostics?: DiagnosticsRouteOptions;
  /** Clock of lockouts, rate limits and sessions (epoch ms); tests pass their own. */
  now?: () => number;
}

/** Bytes a client may send in one WebSocket frame: the sockets carry only a short hello. */
export const MAX_SOCKET_PAYLOAD = 4 * 1024;

export async function startHttpServer(runtime: HttpHost, log: Logger, options: HttpServerOptions = {}): Promise<HttpServer> {
  // Device id, address, PIN and time zone never come by downlink: the config at start is the one for them.
  const { config } = runtime;
  const tls = remoteTls(config.http);
  // Fastify's https option changes the instance's type; both serve the same routes.
  const base = { logger: false, bodyLimit: 64 * 1024, clientErrorHandler: answerClientError } as const;
  const app = (tls ? Fastify({ ...base, https: tls }) : Fastify(base)) as unknown as FastifyInstance;
  let boundary: Boundary = { hosts: [], origins: [], secure: false };
  const now = options.now ?? Date.now;
  const pins = new PinStore(runtime.db);
  const staffAuth = new StaffAuth({
    pins: new MemberPinStore(runtime.db),
    sessions: pins,
    people: () => runtime.handoff.settings().people,
    idleMs: config.staff.sessionMinutes * 60_000,
    log,
    now,
    // Both ways: a member's PIN must not be the technician's, nor the technician's a member's (distinctFrom below).
    distinctFrom: {
      role: 'technician',
      checkDistinct: (pin: string, client: string): Promise<DistinctResult> => technicianAuth.checkDistinct(pin, client, 'member'),
    },
  });
  const technicianAuth = new PinAuth({ role: 'technician', store: pins, idleMs: config.technician.sessionMinutes * 60_000, log, now, distinctFrom: staffAuth });
  staffAuth.adoptMigratedPin();
  // A PIN in the config file (provisioning, tests) is judged by the config schema and replaces the stored one (the
  // staff PIN: the first member's).
  if (config.staff.pin) await staffAuth.provision(config.staff.pin);
  if (config.technician.pin) await technicianAuth.provision(config.technician.pin);
  const today = localDayIn(config.device.timezone);

  registerGuard(app, { boundary: () => boundary, kioskSockets: [KIOSK_EVENTS_PATH] });
  registerErrorHandlers(app, log);
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_SOCKET_PAYLOAD } });
  const dir = uiDir();
  if (existsSync(dir)) await app.register(fastifyStatic, { root: dir, prefix: '/' });
  else log.warn({ dir }, 'UI bundle not built; run `npm run build`');

  const events = registerKioskEvents(app, runtime.visits);
  const stopKioskWatch = registerKioskRoute(app, {
    config: () => runtime.config,
    voice: runtime.voice,
    onConfigReplaced: (l) => runtime.onConfigReplaced(l),
    broadcast: events.broadcast,
  });
  registerVisitRoutes(app, runtime.visits, new RateLimiter(config.http.openVisits.burst, config.http.openVisits.refillMs, now));
  registerHealthRoute(app, runtime.health, (h) => technicianAuth.check(h));
  registerStaffSessionRoutes(app, staffAuth);
  registerSessionRoutes(app, technicianAuth);
  registerStaffRoutes(app, {
    contacts: runtime.contacts,
    config: () => runtime.config,
    speechMode: () => runtime.speechMode,
    today: () => today(new Date()),
    isStaff: (req) => staffAuth.check(req.headers.authorization),
  });
  registerCrmRoutes(app, crmRouteDeps(runtime, staffAuth));
  registerIntakeRoutes(
    app,
    {
      config: () => runtime.config,
      saveStaffSettings: (patch, by) => runtime.saveStaffSettings(patch, by),
      lastSaved: (section) => runtime.staffSettings().saved?.[section] ?? null,
    },
    staffAuth,
  );
  registerMessagesRoutes(
    app,
    {
      config: () => runtime.config,
      fileConfig: () => runtime.fileConfig,
      staffSettings: () => runtime.staffSettings(),
      saveStaffSettings: (patch, by) => runtime.saveStaffSettings(patch, by),
    },
    staffAuth,
  );
  registerHoursRoutes(
    app,
    {
      config: () => runtime.config,
      saveStaffSettings: (patch, by) => runtime.saveStaffSettings(patch, by),
      lastSaved: (section) => runtime.staffSettings().saved?.[section] ?? null,
    },
    staffAuth,
  );
  registerHandoffRoutes(app, handoffRouteDeps(runtime, staffAuth));
  registerPeopleRoutes(app, { people: new StaffPeople(runtime.handoff, staffAuth), member: (h) => staffAuth.member(h) });
  registerSpeechPreviewRoute(app, { config: () => runtime.config, auth: staffAuth, now });
  const diagnostics = registerDiagnosticsRoutes(app, runtime, technicianAuth, log, options.diagnostics);

  await app.listen({ host: config.http.host, port: config.http.port });
  const port = (app.server.address() as AddressInfo).port;
  boundary = boundaryOf(config.http, port, tls !== null);
  const self = boundary.hosts[0]!;
  return {
    url: `${tls ? 'https' : 'http'}://${self}`,
    port,
    broadcast: events.broadcast,
    close: async () => {
      stopKioskWatch();
      events.close();
      diagnostics.close();
      await app.close();
    },
  };
}

/** The certificate and key for remote access (read at start: a missing file stops the start with its path). */
function remoteTls(http: HttpConfig): { cert: Buffer; key: Buffer } | null {
  const tls = http.remote?.enabled ? http.remote.tls : undefined;
  if (!tls) return null;
  const read = (what: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`http.remote.tls.${what}: cannot read ${file}: ${(err as Error).message}`, { cause: err });
    }
  };
  return { cert: read('cert', tls.cert), key: read('key', tls.key) };
}

/** What the guard lets in: the bound address (loopback too when listening on every interface) and the remote names. */
export function boundaryOf(http: HttpConfig, port: number, secure: boolean): Boundary {
  const names = isWildcardHost(http.host) ? [...(http.remote?.hostnames ?? []), '127.0.0.1'] : [http.host, ...(http.remote?.hostnames ?? [])];
  const hosts = [...new Set(names.map((n) => hostPort(n, port)))];
  return { hosts, origins: hosts.map((h) => `${secure ? 'https' : 'http'}://${h}`), secure };
}
