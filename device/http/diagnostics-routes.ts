/**
 * The technician's diagnostics API (see contract.ts): its own PIN and lockout, a snapshot of every part, body
 * controls validated against the body's own layout (the body clamps angles to the joint limits), the support
 * bundle, and a live event stream on its own WebSocket. Only technician sessions see any of it: the kiosk's
 * /api/events stays a public stream of visit events, and nothing here crosses into it.
 *
 * WebSocket /api/diagnostics/events: browsers cannot set headers on a WebSocket, and a token in the URL ends up in
 * histories and proxy logs, so the client sends its token as the first frame ({type:'auth', token}). Until then the
 * socket gets nothing; a bad or late token closes it with 4401. Live body and sync state are sampled every
 * LIVE_POLL_MS while a technician watches and sent when they changed; speech and log events are forwarded as they come.
 */
import type { WebSocket } from 'ws';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { buildSupportBundle, supportBundleFileName, type SupportBundleOptions } from '../diagnostics/support-bundle.js';
import { toLogLine } from '../diagnostics/logs.js';
import { bodyStateView, diagnosticsSnapshot, syncStateView } from '../diagnostics/snapshot.js';
import type { Logger } from '../log.js';
import type { DiagnosticsSource } from '../ports.js';
import type { DiagnosticsEvent, GestureResult, JointMoveResult, SpeechEvent } from './contract.js';
import { httpAnswerFor } from './error-status.js';
import type { PinAuth } from './pin-auth.js';
import { badRequest, fail, upgradeRequired } from './replies.js';

export const LIVE_POLL_MS = 250;
/** How long a new diagnostics socket may take to send its token, ms. */
export const AUTH_TIMEOUT_MS = 5_000;
export const CLOSE_UNAUTHORIZED = 4401;

export interface DiagnosticsRoutes {
  close(): void;
}

export interface DiagnosticsRouteOptions {
  supportBundle?: SupportBundleOptions;
}

const helloSchema = z.object({ type: z.literal('auth'), token: z.string().min(1).max(200) });

/** zod enum of the names a body has, with a message that lists them. */
function oneOf(what: string, names: string[]): z.ZodType<string> {
  const list = names.length ? names.join(', ') : '(none)';
  const message = (input: unknown): string =>
    input === undefined ? `say which ${what}: one of ${list}` : `unknown ${what} "${String(input)}"; configured ${what}s: ${list}`;
  if (names.length === 0) return z.string().refine(() => false, { error: (iss) => message(iss.input) });
  return z.enum(names as [string, ...string[]], { error: (iss) => message(iss.input) });
}

/** Body errors -> HTTP answers a technician can act on; anything else goes to the server's error handler. */
function bodyFailure(reply: FastifyReply, err: unknown): FastifyReply {
  const answer = httpAnswerFor(err);
  if (answer) return fail(reply, answer.status, answer.body);
  throw err;
}

export function registerDiagnosticsRoutes(
  app: FastifyInstance,
  runtime: DiagnosticsSource,
  auth: PinAuth,
  log: Logger,
  opts: DiagnosticsRouteOptions = {},
): DiagnosticsRoutes {
  type Socket = WebSocket;
  /** Authenticated sockets and their session token. */
  const sockets = new Map<Socket, string>();
  /** Every open socket, authenticated or not, so close() can end them all. */
  const open = new Set<Socket>();
  let lastBody = '';
  let lastSync = '';
  let poll: NodeJS.Timeout | undefined;

  const send = (event: DiagnosticsEvent): void => {
    if (sockets.size === 0) return;
    const data = JSON.stringify(event);
    for (const ws of sockets.keys()) if (ws.readyState === 1) ws.send(data);
  };

  const tick = (): void => {
    for (const [ws, token] of sockets) {
      if (!auth.checkToken(token, false)) {
        sockets.delete(ws);
        ws.close(CLOSE_UNAUTHORIZED, 'session ended');
      }
    }
    if (sockets.size === 0) return stopPolling();
    const body = bodyStateView(runtime);
    const b = JSON.stringify(body);
    if (b !== lastBody) send({ type: 'body', body });
    lastBody = b;
    const sync = syncStateView(runtime);
    const s = JSON.stringify(sync);
    if (s !== lastSync) send({ type: 'sync', sync });
    lastSync = s;
  };
  /** After a socket got its snapshot: from now on it hears of changes. */
  const startPolling = (): void => {
    if (poll) return; // already running: the others' baseline stays, so none of them misses a change
    lastBody = JSON.stringify(bodyStateView(runtime));
    lastSync = JSON.stringify(syncStateView(runtime));
    poll = setInterval(tick, LIVE_POLL_MS);
  };
  function stopPolling(): void {
    if (poll) clearInterval(poll);
    poll = undefined;
  }

  const onSpeech = (event: SpeechEvent): void => send({ type: 'speech', event });
  runtime.speechMonitor.on('event', onSpeech);
  const offLogs = runtime.logRing.onLine((raw) => {
    if (sockets.size) send({ type: 'log', line: toLogLine(raw) });
  });

  const guard = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (!auth.check(req.headers.authorization)) return fail(reply, 401, { error: 'unauthorized', message: 'Log in with the technician PIN first.' });
    return undefined;
  };

  app.get('/api/diagnostics', { onRequest: guard }, async () => diagnosticsSnapshot(runtime));

  app.post('/api/diagnostics/body/joint', { onRequest: guard }, async (req, reply): Promise<JointMoveResult | FastifyReply> => {
    const layout = runtime.body.layout();
    const parsed = z
      .object({ joint: oneOf('joint', Object.keys(layout.joints)), degrees: z.number().finite().min(0).max(180) })
      .strict()
      .safeParse(req.body);
    if (!parsed.success) return badRequest(reply, parsed.error);
    const { joint, degrees } = parsed.data;
    try {
      await runtime.body.moveJoint(joint, degrees);
    } catch (err) {
      return bodyFailure(reply, err);
    }
    const body = bodyStateView(runtime);
    const limits = layout.joints[joint]!;
    const now = body.joints[joint] ?? degrees;
    log.info({ joint, requested: degrees, degrees: now }, 'technician moved a joint');
    return {
      joint,
      requested: degrees,
      degrees: now,
      clamped: degrees < limits.min || degrees > limits.max,
      limits: { min: limits.min, max: limits.max },
      body,
    };
  });

  app.post('/api/diagnostics/body/gesture', { onRequest: guard }, async (req, reply): Promise<GestureResult | FastifyReply> => {
    const parsed = z
      .object({ gesture: oneOf('gesture', runtime.body.layout().gestures) })
      .strict()
      .safeParse(req.body);
    if (!parsed.success) return badRequest(reply, parsed.error);
    try {
      log.info({ gesture: parsed.data.gesture }, 'technician played a gesture');
      const play = await runtime.body.play(parsed.data.gesture);
      return { gesture: play.name, interrupted: play.interrupted ?? false, body: bodyStateView(runtime) };
    } catch (err) {
      return bodyFailure(reply, err);
    }
  });

  app.post('/api/diagnostics/body/light', { onRequest: guard }, async (req, reply) => {
    const parsed = z
      .object({ light: oneOf('light', Object.keys(runtime.body.layout().lights)), level: z.number().finite().min(0).max(1) })
      .strict()
      .safeParse(req.body);
    if (!parsed.success) return badRequest(reply, parsed.error);
    try {
      await runtime.body.setLight(parsed.data.light, parsed.data.level);
    } catch (err) {
      return bodyFailure(reply, err);
    }
    log.info({ light: parsed.data.light, level: parsed.data.level }, 'technician set a light');
    return bodyStateView(runtime);
  });

  app.get('/api/diagnostics/support-bundle', { onRequest: guard }, async (_req, reply) => {
    const bundle = await buildSupportBundle(runtime, opts.supportBundle);
    log.info('technician exported a support bundle');
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${supportBundleFileName(runtime)}"`)
      .header('cache-control', 'no-store')
      .send(JSON.stringify(bundle, null, 2));
  });

  app.route({
    method: 'GET',
    url: '/api/diagnostics/events',
    handler: upgradeRequired,
    wsHandler: (socket: Socket) => {
      open.add(socket);
      const timer = setTimeout(() => socket.close(CLOSE_UNAUTHORIZED, 'send {type:"auth", token} first'), AUTH_TIMEOUT_MS);
      socket.on('message', (data: Buffer) => {
        if (sockets.has(socket)) return; // after the hello the stream is one-way
        let hello: z.infer<typeof helloSchema> | null = null;
        try {
          const parsed = helloSchema.safeParse(JSON.parse(data.toString('utf8')));
          if (parsed.success) hello = parsed.data;
        } catch {
          // not JSON: refused below
        }
        clearTimeout(timer);
        if (!hello || !auth.checkToken(hello.token)) return socket.close(CLOSE_UNAUTHORIZED, 'unauthorized');
        sockets.set(socket, hello.token);
        socket.send(JSON.stringify({ type: 'snapshot', snapshot: diagnosticsSnapshot(runtime) } satisfies DiagnosticsEvent));
        startPolling();
      });
      socket.on('close', () => {
        clearTimeout(timer);
        sockets.delete(socket);
        open.delete(socket);
      });
    },
  });

  return {
    close() {
      stopPolling();
      runtime.speechMonitor.off('event', onSpeech);
      offLogs();
      for (const ws of open) ws.terminate();
      sockets.clear();
      open.clear();
    },
  };
}
