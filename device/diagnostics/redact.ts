/**
 * Removes secrets from anything bound for a support bundle or the diagnostics screen, by key name, recursively:
 * a value is replaced by "[redacted]" when its key names a secret (pin, password, passphrase, secret, token, key,
 * accessKey, apiKey, privateKey, credentials, authorization, cookie) or a customer detail (phone, email). Keys are
 * split into words (camelCase, snake_case, kebab-case), so `accessKey` and `tls.key` go while `keyframes` and
 * `keyword` stay. A `pin` holding a number is a GPIO pin of the body's wiring, not a PIN, and stays.
 *
 * Belt and braces: every secret string found that way (4 characters or more), plus any given in `alsoHide`, is then
 * cut out of every other string in the value (a log message that quoted one), and credentials in URLs
 * (scheme://user:password@host) are removed.
 */
export const REDACTED = '[redacted]';

const SECRET_WORDS = new Set([
  'pin',
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'key',
  'accesskey',
  'apikey',
  'privatekey',
  'credential',
  'credentials',
  'authorization',
  'cookie',
  'phone',
  'email',
]);

/** Secrets shorter than this are only hidden by key; as substrings they would hit too much innocent text. */
const MIN_SCRUB_LENGTH = 4;

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function isSecretKey(key: string, value: unknown): boolean {
  const w = words(key);
  if (w.length === 0) return false;
  const hit = w.some((x) => SECRET_WORDS.has(x)) || SECRET_WORDS.has(w.join(''));
  if (!hit) return false;
  // GPIO pin numbers (body.firmata.joints.*.pin, presence.pirPin) are wiring, not secrets.
  if (w.includes('pin') && !w.some((x) => x !== 'pin' && SECRET_WORDS.has(x)) && typeof value !== 'string') return false;
  return true;
}

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*@/gi;

function collect(value: unknown, secrets: Set<string>, key: string | null, out: { depth: number }): unknown {
  if (out.depth > 64) return REDACTED; // nothing we build nests this deep; refuse rather than recurse forever
  if (key !== null && isSecretKey(key, value)) {
    if (typeof value === 'string' && value.length >= MIN_SCRUB_LENGTH) secrets.add(value);
    if (value === null || value === undefined || value === '') return value;
    return REDACTED;
  }
  if (Array.isArray(value)) {
    out.depth++;
    const r = value.map((v) => collect(v, secrets, null, out));
    out.depth--;
    return r;
  }
  if (value !== null && typeof value === 'object') {
    out.depth++;
    const r = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, collect(v, secrets, k, out)]));
    out.depth--;
    return r;
  }
  return value;
}

function scrub(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') {
    let s = value.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
    for (const secret of secrets) if (s.includes(secret)) s = s.split(secret).join(REDACTED);
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, scrub(v, secrets)]));
  return value;
}

/** A deep copy of `value` (JSON-like data) without secrets. */
export function redactSecrets<T>(value: T, alsoHide: readonly (string | undefined)[] = []): T {
  const secrets = new Set<string>();
  for (const s of alsoHide) if (s && s.length >= MIN_SCRUB_LENGTH) secrets.add(s);
  const copy = collect(value, secrets, null, { depth: 0 });
  // Longest first, so a secret containing another is cut whole.
  return scrub(
    copy,
    [...secrets].sort((a, b) => b.length - a.length),
  ) as T;
}
