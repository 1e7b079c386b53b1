/**
 * The runtime's HTTP + WebSocket server on loopback: the UI bundle, the kiosk and staff API (see contract.ts), and a
 * live event stream. Every body is validated before it reaches a part.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../log.js';
import { uiDir } from '../paths.js';
import type { HttpHost } from '../ports.js';
import type { Visit } from '../visit/visit.js';
import { wakeWordLicenceNotice } from '../../models/wake/licence.js';
import { hearsWakeWord, wakePhrase } from '../speech/voice-host.js';
import type { KioskConfig, StaffSettings, UiEvent } from './contract.js';
import { registerDiagnosticsRoutes, type DiagnosticsRouteOptions } from './diagnostics-routes.js';
import { crmRouteDeps, registerCrmRoutes } from './routes/crm.js';
import { handoffRouteDeps, registerHandoffRoutes } from './routes/handoff.js';
import { httpAnswerFor } from './error-status.js';
import { PinAuth } from './pin-auth.js';
import { answerLogin, badRequest, fail } from './replies.js';
import { localDayIn } from '../time.js';

export interface HttpServer {
  url: string;
  port: number;
  /** Pushes an event to every connected UI. */
  broadcast(event: UiEvent): void;
  close(): Promise<void>;
}

const valuesSchema = z.record(z.string().max(32), z.union([z.string().max(2000), z.boolean()]));
const openSchema = z.object({ trigger: z.enum(['touch', 'presence', 'wake']).default('touch') }).prefault({});
const patchSchema = z.object({ values: valuesSchema });
const submitSchema = z.object({ values: valuesSchema.optional() }).prefault({});
const daySchema = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export interface HttpServerOptions {
  diagnostics?: DiagnosticsRouteOptions;
}

export async function startHttpServer(runtime: HttpHost, log: Logger, options: HttpServerOptions = {}): Promise<HttpServer> {
  // Device id, address, PIN and time zone never come by downlink: the config at start is the one for them.
  const { config, visits } = runtime;
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  const today = localDayIn(config.device.timezone);
  const auth = new PinAuth(config.staff.pin, config.staff.sessionMinutes * 60_000);
  const sockets = new Set<{ send(data: string): void; readyState: number }>();

  const broadcast = (event: UiEvent): void => {
    const data = JSON.stringify(event);
    for (const ws of sockets) if (ws.readyState === 1) ws.send(data);
  };

  /** What the kiosk shows, from the config running now (a downlink config replaces business texts and the form). */
  const kioskConfig = (): KioskConfig => {
    const config = runtime.config;
    return {
      businessName: config.business.name,
      greeting: config.business.greeting,
      attractText: config.business.attractText,
      wakePhrase: hearsWakeWord(runtime.voice.health()) ? wakePhrase(config.speech) : null,
      idleTimeoutMs: config.kiosk.idleTimeoutMs,
      voiceEnabled: config.speech.mode === 'audio',
      fields: config.intake.fields.map((f) => ({
        id: f.id,
        kind: f.kind,
        label: f.label,
        required: f.required,
        ...(f.choices ? { choices: f.choices.map((c) => ({ value: c.value, label: c.label })) } : {}),
        ...(f.kind === 'consent' ? { consentText: config.intake.consentText } : {}),
        ...(f.placeholder ? { placeholder: f.placeholder } : {}),
      })),
    };
  };
  // An open kiosk learns of a new config at once, without a reload; and whether to invite visitors to say the wake
  // phrase, when the microphone comes or goes.
  const stopConfigWatch = runtime.onConfigReplaced(() => broadcast({ type: 'kiosk', config: kioskConfig() }));
  let hears = hearsWakeWord(runtime.voice.health());
  const stopVoiceWatch = runtime.voice.on('state', () => {
    const now = hearsWakeWord(runtime.voice.health());
    if (now === hears) return;
    hears = now;
    broadcast({ type: 'kiosk', config: kioskConfig() });
  });

  const watch = (visit: Visit): void => {
    visit.on('changed', (view) => broadcast({ type: 'visit', visit: view }));
    visit.on('caption', (text, final) => broadcast({ type: 'caption', visitId: visit.id, text, final }));
    visit.on('robot-says', (text) => broadcast({ type: 'robot-says', visitId: visit.id, text }));
  };
  visits.on('opened', watch);

  await app.register(fastifyWebsocket);
  const dir = uiDir();
  if (existsSync(dir)) await app.register(fastifyStatic, { root: dir, prefix: '/' });
  else log.warn({ dir }, 'UI bundle not built; run `npm run build`');

  app.setErrorHandler((err, _req, reply) => {
    const answer = httpAnswerFor(err); // coded errors of the parts: one table (error-status.ts)
    if (answer) return fail(reply, answer.status, answer.body);
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) log.error({ err: String(err) }, 'request failed');
    return fail(reply, status, {
      error: status >= 500 ? 'internal' : 'bad_request',
      message: status >= 500 ? 'Something went wrong on the device.' : (err as Error).message,
    });
  });

  // Technician diagnostics: own PIN, own routes, own WebSocket (diagnostics-routes.ts).
  const diagnostics = registerDiagnosticsRoutes(app, runtime, log, options.diagnostics);

  app.get('/healthz', async () => runtime.health());

  app.get('/api/kiosk', async (): Promise<KioskConfig> => kioskConfig());

  app.post('/api/visits', async (req, reply) => {
    const body = openSchema.safeParse(req.body ?? {});
    if (!body.success) return badRequest(reply, body.error);
    return visits.open(body.data.trigger).view();
  });

  app.get<{ Params: { id: string } }>('/api/visits/:id', async (req) => visits.get(req.params.id).view());

  app.patch<{ Params: { id: string } }>('/api/visits/:id/fields', async (req, reply) => {
    const body = patchSchema.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    return visits.applyTouch(req.params.id, body.data.values).view();
  });

  app.post<{ Params: { id: string } }>('/api/visits/:id/submit', async (req, reply) => {
    const body = submitSchema.safeParse(req.body ?? {});
    if (!body.success) return badRequest(reply, body.error);
    // Returns only after the contact and its outbox entry are committed to disk.
    const contact = visits.submit(req.params.id, body.data.values, 'touch');
    return { contact, visit: visits.get(req.params.id).view() };
  });

  app.post<{ Params: { id: string } }>('/api/visits/:id/cancel', async (req) => visits.cancel(req.params.id).view());

  app.post('/api/staff/login', async (req, reply) => answerLogin(reply, auth, req.body));

  app.get('/api/staff/contacts', async (req, reply) => {
    if (!auth.check(req.headers.authorization)) return fail(reply, 401, { error: 'unauthorized', message: 'Log in with the staff PIN first.' });
    const q = daySchema.safeParse(req.query);
    if (!q.success) return badRequest(reply, q.error);
    return runtime.contacts.listDay(q.data.day ?? today(new Date()));
  });

  app.get('/api/staff/settings', async (req, reply) => {
    if (!auth.check(req.headers.authorization)) return fail(reply, 401, { error: 'unauthorized', message: 'Log in with the staff PIN first.' });
    const speech = runtime.config.speech;
    const settings: StaffSettings = {
      voice: { mode: speech.mode, wakeEngine: speech.wake.engine, wakePhrase: wakePhrase(speech), licenceNotice: wakeWordLicenceNotice(speech.wake) ?? null },
    };
    return settings;
  });

  registerCrmRoutes(app, crmRouteDeps(runtime, auth));
  registerHandoffRoutes(app, handoffRouteDeps(runtime, auth));

  app.get('/api/events', { websocket: true }, (socket) => {
    sockets.add(socket);
    const current = visits.current();
    if (current?.open) socket.send(JSON.stringify({ type: 'visit', visit: current.view() } satisfies UiEvent));
    socket.on('close', () => sockets.delete(socket));
  });

  await app.listen({ host: config.http.host, port: config.http.port });
  const port = (app.server.address() as AddressInfo).port;
  return {
    url: `http://${config.http.host}:${port}`,
    port,
    broadcast,
    close: async () => {
      stopConfigWatch();
      stopVoiceWatch();
      for (const ws of sockets) (ws as unknown as { terminate(): void }).terminate();
      diagnostics.close();
      await app.close();
    },
  };
}
