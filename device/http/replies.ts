/** Answers shared by the HTTP routes: coded errors, zod failures, and the error handlers. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Duplex } from 'node:stream';
import type { z } from 'zod';
import type { ApiError } from './contract.js';
import type { Logger } from '../log.js';
import { httpAnswerFor } from './error-status.js';

export function fail(reply: FastifyReply, status: number, body: ApiError): FastifyReply {
  return reply.code(status).send(body);
}

export function badRequest(reply: FastifyReply, err: z.ZodError): FastifyReply {
  return fail(reply, 400, { error: 'bad_request', message: err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'too_large',
  415: 'unsupported_media_type',
};

/** Errors thrown in routes (VisitError, Fastify's parser errors) and unknown routes answer an ApiError naming the reason. */
export function registerErrorHandlers(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((err, _req, reply) => {
    const answer = httpAnswerFor(err); // coded errors of the parts: one table (error-status.ts)
    if (answer) return fail(reply, answer.status, answer.body);
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) log.error({ err: String(err) }, 'request failed');
    return fail(reply, status, {
      error: status >= 500 ? 'internal' : (STATUS_CODES[status] ?? 'bad_request'),
      message: status >= 500 ? 'Something went wrong on the device.' : (err as Error).message,
    });
  });
  app.setNotFoundHandler((req, reply) =>
    fail(reply, 404, { error: 'not_found', message: `Nothing at ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}.` }),
  );
}

/**
 * Answers a request the HTTP parser could not read (bad framing, oversized headers) in the API's error shape, so
 * even that refusal names its reason. Passed to Fastify as `clientErrorHandler`.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) return void socket.destroy();
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify({
    error: tooLarge ? 'headers_too_large' : 'malformed_request',
    message: tooLarge ? 'The request headers are too large.' : `The request is not valid HTTP/1.1 (${err.code ?? 'parse error'}).`,
  } satisfies ApiError);
  socket.end(
    `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The plain-HTTP answer of a WebSocket route: it must be upgraded. */
export async function upgradeRequired(_req: unknown, reply: FastifyReply): Promise<FastifyReply> {
  return fail(reply.header('upgrade', 'websocket'), 426, {
    error: 'upgrade_required',
    message: 'This is a WebSocket: open it with an Upgrade: websocket request.',
  });
}
