/**
 * Calls the runtime's API as the kiosk page does: same origin (Origin header), JSON bodies, and the kiosk socket with
 * the per-boot cookie the served page gets. Tests of the API use this; attack tests leave parts out on purpose.
 */
import WebSocket from 'ws';

export interface ApiAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}

export async function callApi<T>(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
  const r = await fetch(base + path, {
    method,
    headers: { origin: new URL(base).origin, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T, headers: r.headers };
}

/** `callApi` bound to one runtime. */
export function apiClient(base: string) {
  return <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => callApi<T>(base, method, path, body, headers);
}

/** The cookie the runtime sets when it serves the kiosk page (name=value). */
export async function kioskCookie(base: string): Promise<string> {
  const r = await fetch(`${base}/`);
  await r.arrayBuffer();
  const set = r.headers.get('set-cookie');
  if (!set) throw new Error(`the runtime at ${base} served no kiosk cookie with its page (status ${r.status})`);
  return set.split(';')[0]!;
}

/** Opens /api/events as the kiosk page would; resolves once open. */
export async function kioskSocket(base: string, options: { origin?: string; cookie?: string | null } = {}): Promise<WebSocket> {
  const cookie = options.cookie === undefined ? await kioskCookie(base) : options.cookie;
  const ws = new WebSocket(base.replace(/^http/, 'ws') + '/api/events', {
    origin: options.origin ?? new URL(base).origin,
    headers: cookie ? { cookie } : {},
    ...(base.startsWith('https') ? { rejectUnauthorized: false } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      reject(new Error(`socket refused: HTTP ${res.statusCode}`));
    });
    ws.once('error', reject);
  });
  return ws;
}
