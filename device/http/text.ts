/**
 * Text from outside (HTTP bodies, WebSocket frames) is cleaned at the boundary, once, before any part sees it:
 * control characters (C0 but tab and newline, DEL, C1) and the bidirectional overrides that make a name display as
 * something else are dropped. The routes use `cleanText` through `textField`, so no route forgets it.
 */
import { z } from 'zod';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export function cleanText(text: string): string {
  return text.replace(CONTROL, '');
}

/** A string of at most `max` characters, with control characters stripped. */
export function textField(max: number): z.ZodPipe<z.ZodString, z.ZodTransform<string, string>> {
  return z.string().max(max).transform(cleanText);
}
