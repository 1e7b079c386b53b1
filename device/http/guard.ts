/**
 * The one gate every request passes before a route sees it: only the kiosk's own origin talks to the runtime.
 *
 * - `Host` must name this server as it is bound (or a remote name the config allows): a DNS-rebound page, whose
 *   requests carry the attacker's host name, is refused before anything is read.
 * - `Origin`, when a browser sends one, must be ours; state-changing requests and WebSocket upgrades must carry it
 *   (browsers always do), so another page open on the device cannot post to the API or listen to a socket.
 * - A state-changing request with a body must say `application/json` (no form or text/plain posts).
 * - The kiosk's live socket also needs the per-boot secret that only a served UI page gets, as an HttpOnly,
 *   SameSite=Strict cookie set with index.html.
 * - Every answer carries a strict Content-Security-Policy and the headers that go with it.
 *
 * Every refusal answers an ApiError whose `error` names the reason and whose `message` says what to do.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fail } from './replies.js';

export const KIOSK_COOKIE = 'fd_kiosk';

export interface Boundary {
  /** `Host` header values this server answers to, lower case, e.g. '127.0.0.1:8080'. */
  hosts: string[];
  /** Origins allowed to call, e.g. 'http://127.0.0.1:8080'. */
  origins: string[];
  secure: boolean;
}

export interface GuardOptions {
  /** What the server answers to; read per request because the port is known only once it listens. */
  boundary: () => Boundary;
  /** WebSocket paths only the served kiosk page may open (they need the per-boot cookie). */
  kioskSockets: string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The policy of every UI page: nothing inline, nothing from elsewhere, never framed. */
export function contentSecurityPolicy(b: Boundary): string {
  const sockets = b.origins.map((o) => o.replace(/^http/, 'ws')).join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "media-src 'self' blob:",
    `connect-src 'self' ${sockets}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** `host:port` as it appears in a Host header (IPv6 in brackets). */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`.toLowerCase();
}

function cookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerGuard(app: FastifyInstance, opts: GuardOptions): void {
  // Per boot: a page served before a restart must load the UI again to talk to the kiosk socket.
  const kioskSecret = randomBytes(32).toString('base64url');
  const kioskSockets = new Set(opts.kioskSockets);

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const b = opts.boundary();
    // A refused upgrade must not leave its socket open (nothing else ever closes it): the answer ends the connection.
    if (req.headers.upgrade !== undefined) {
      reply.header('connection', 'close');
      reply.raw.once('finish', () => req.raw.socket?.destroy());
    }
    const host = (req.headers.host ?? '').toLowerCase();
    if (!b.hosts.includes(host))
      return fail(reply, 421, {
        error: 'foreign_host',
        message: `This device answers only as ${b.hosts.join(' or ')}; the request named "${host.slice(0, 100) || '(no Host)'}".`,
      });
    const origin = req.headers.origin;
    const upgrade = (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
    const changes = !SAFE_METHODS.has(req.method);
    if (origin !== undefined && !b.origins.includes(origin))
      return fail(reply, 403, { error: 'foreign_origin', message: `Only pages served by this device may call it; "${origin.slice(0, 100)}" may not.` });
    if (origin === undefined && (changes || upgrade))
      return fail(reply, 403, {
        error: 'origin_required',
        message: `${upgrade ? 'A WebSocket' : `A ${req.method} request`} must carry an Origin header naming this device (${b.origins[0]}).`,
      });
    if (changes && hasBody(req) && !isJson(req.headers['content-type']))
      return fail(reply, 415, {
        error: 'unsupported_media_type',
        message: `Send the body as application/json (got "${String(req.headers['content-type'] ?? 'none').slice(0, 60)}").`,
      });
    // The matched route, not the raw URL: a percent-encoded letter ("/api/%65vents") reaches the same socket.
    if (upgrade && kioskSockets.has(req.routeOptions.url ?? req.url.split('?')[0]!)) {
      const got = cookie(req, KIOSK_COOKIE);
      if (!got || !same(got, kioskSecret))
        return fail(reply, 403, { error: 'kiosk_only', message: 'This stream is for the kiosk page itself: load the kiosk UI from this device first.' });
    }
    return undefined;
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    const b = opts.boundary();
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('content-security-policy', contentSecurityPolicy(b));
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html') && reply.statusCode === 200) {
      reply.header('cache-control', 'no-store');
      reply.header('set-cookie', `${KIOSK_COOKIE}=${kioskSecret}; Path=/; HttpOnly; SameSite=Strict${b.secure ? '; Secure' : ''}`);
    }
    return payload;
  });
}

function hasBody(req: FastifyRequest): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

function isJson(type: string | undefined): boolean {
  return (type ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}
