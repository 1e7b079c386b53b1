/** Shared pieces of the sync payload schemas, and the one decoder every receiver uses. */
import { z } from 'zod';

export const iso = z.string().datetime({ offset: true });
export const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const idempotencyKeySchema = z.string().min(1).max(200);

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Parses a JSON buffer against a schema; returns the reason on failure instead of throwing. */
export function decode<T>(schema: z.ZodType<T>, buf: Uint8Array | string): Decoded<T> {
  let json: unknown;
  try {
    json = JSON.parse(typeof buf === 'string' ? buf : new TextDecoder().decode(buf));
  } catch {
    return { ok: false, reason: 'payload is not JSON' };
  }
  return check(schema, json);
}

/** Validates an already parsed value; the reason lists each wrong field path. */
export function check<T>(schema: z.ZodType<T>, value: unknown): Decoded<T> {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    reason: r.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ')
      .slice(0, 1000),
  };
}
