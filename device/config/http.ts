/**
 * Where the kiosk's UI and API listen. Loopback only, unless remote access is switched on on purpose, with TLS: a
 * non-loopback `host` without `remote: { enabled: true, tls: { cert, key } }` is refused at start, since the API
 * serves visitors' details to whoever reaches it. The same Host and Origin rules apply remotely (device/http/guard.ts):
 * `remote.hostnames` lists the names (or addresses) browsers use to reach the device.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** Opening visits per client: this many at once, then one more every `refillMs` (http.openVisits). */
export const OPEN_VISITS_DEFAULT = { burst: 5, refillMs: 10_000 } as const;

const hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:-]+$/, 'a host name or IP address, like frontdesk.local or 192.168.1.20');

export const httpConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /**
     * Opening visits is rate-limited per client: `burst` at once, then one more every `refillMs` (a real kiosk opens
     * one a minute or so; a page hammering the API is held back). Raise it only for load tests.
     */
    openVisits: z
      .object({
        burst: z.number().int().min(1).max(10_000).default(OPEN_VISITS_DEFAULT.burst),
        refillMs: z.number().int().min(1).max(3_600_000).default(OPEN_VISITS_DEFAULT.refillMs),
      })
      .strict()
      .prefault({}),
    /** Serving beyond this machine: HTTPS only, with the certificate and key files given here. */
    remote: z
      .object({
        enabled: z.boolean().default(false),
        tls: z
          .object({ cert: z.string().min(1), key: z.string().min(1) })
          .strict()
          .optional(),
        /** Names browsers use to reach the device (its Host header); default: `host` itself. */
        hostnames: z.array(hostname).max(20).default([]),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((http, ctx) => {
    const remote = http.remote?.enabled === true;
    if (remote && !http.remote?.tls)
      ctx.addIssue({
        code: 'custom',
        path: ['remote', 'tls'],
        message: 'remote access needs TLS: set http.remote.tls.cert and http.remote.tls.key (PEM files)',
      });
    if (!isLoopbackHost(http.host) && !remote)
      ctx.addIssue({
        code: 'custom',
        path: ['host'],
        message: `"${http.host}" is not loopback: it would serve visitors' details to the network. Use 127.0.0.1, or set http.remote: { enabled: true, tls: { cert, key } } to allow remote access over HTTPS on purpose`,
      });
    if (remote && isWildcardHost(http.host) && (http.remote?.hostnames.length ?? 0) === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['remote', 'hostnames'],
        message: `listening on ${http.host}: list the names browsers use to reach the device (e.g. ["frontdesk.local"]); other Host headers are refused`,
      });
  })
  .prefault({});

export type HttpConfig = z.output<typeof httpConfigSchema>;
