/**
 * A scripted visitor, as given to `frontdesk simulate --visit FILE`. Unknown keys are ignored (a file written for a
 * newer version still runs); known keys are validated with the path of any mistake.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../../base/errors.js';

export const utteranceSchema = z.union([z.object({ say: z.string().max(2000) }), z.object({ audio: z.string().min(1).max(4096) })]);
export type Utterance = z.infer<typeof utteranceSchema>;

const visitObjectSchema = z.object({
  /** Utterances played in order, each when the robot next listens. */
  turns: z.array(utteranceSchema).max(200).default([]),
  /** Answer per intake field id (and 'confirm'); a list gives the answer for each time the field is asked. */
  answers: z.record(z.string().max(32), z.union([utteranceSchema, z.array(utteranceSchema).max(10)])).default({}),
  /** Values entered on the touchscreen form, by field id. */
  touch: z.record(z.string().max(32), z.union([z.string().max(2000), z.boolean()])).default({}),
  /** Said first, to wake the robot: the visit begins only when the wake word engine fires (audio mode). */
  wake: utteranceSchema.optional(),
});

/** A first turn written as `{"wake": {...}}` is the same as a top-level `wake`. */
function liftWakeTurn(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || !('turns' in raw) || !Array.isArray(raw.turns)) return raw;
  const [first, ...rest] = raw.turns as unknown[];
  if (typeof first !== 'object' || first === null || !('wake' in first) || 'wake' in raw) return raw;
  return { ...raw, wake: first.wake, turns: rest };
}

export const visitFileSchema = z.preprocess(liftWakeTurn, visitObjectSchema);
export type VisitFile = z.output<typeof visitObjectSchema>;

export function readVisitFile(file: string): VisitFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read the visit file ${file}: ${(err as Error).message}`);
  }
  const r = visitFileSchema.safeParse(raw);
  if (!r.success)
    throw new UsageError(
      `the visit file ${file} is not valid:\n${r.error.issues.map((i) => `  - ${i.path.join('.') || '(top level)'}: ${i.message}`).join('\n')}`,
    );
  // Audio paths are relative to the visit file.
  const base = dirname(resolve(file));
  const fix = (u: Utterance): Utterance => ('audio' in u ? { audio: resolve(base, u.audio) } : u);
  return {
    ...r.data,
    turns: r.data.turns.map(fix),
    answers: Object.fromEntries(Object.entries(r.data.answers).map(([k, v]) => [k, Array.isArray(v) ? v.map(fix) : fix(v)])),
    ...(r.data.wake ? { wake: fix(r.data.wake) } : {}),
  };
}

export function hasSpeech(v: VisitFile): boolean {
  return v.turns.length > 0 || Object.keys(v.answers).length > 0 || v.wake !== undefined;
}

/** Every utterance of the visit, wake first. */
export function utterancesOf(v: VisitFile): Utterance[] {
  return [...(v.wake ? [v.wake] : []), ...v.turns, ...Object.values(v.answers).flatMap((a) => (Array.isArray(a) ? a : [a]))];
}

/** A visit needs the audio pipeline when it holds recorded audio or a wake word. */
export function needsAudio(v: VisitFile): boolean {
  return v.wake !== undefined || utterancesOf(v).some((u) => 'audio' in u);
}
