/**
 * The staff-facing wake word settings (config path speech.wake), as a type and a zod schema.
 * `threshold` means what each engine means by it: openWakeWord a score 0..1 (default 0.3); keyphrase the
 * PocketSphinx likelihood ratio (default 1e-40, smaller spots more); Porcupine has `sensitivity` 0..1 instead.
 */
import { z } from 'zod';
import { OPENWAKEWORD_PHRASE_IDS, type OpenWakeWordPhrase } from './openwakeword-assets.js';

export const wakeWordConfigSchema = z.discriminatedUnion('engine', [
  z.object({
    engine: z.literal('openwakeword'),
    phrase: z.enum(OPENWAKEWORD_PHRASE_IDS as [OpenWakeWordPhrase, ...OpenWakeWordPhrase[]]).default('hey_jarvis'),
    threshold: z.number().gt(0).lte(1).optional(),
    refractoryMs: z.number().int().min(0).optional(),
  }),
  z.object({
    engine: z.literal('keyphrase'),
    phrase: z.string().trim().min(1, 'say which phrase wakes the robot, e.g. "hello bella salon"'),
    threshold: z.number().gt(0).lt(1).optional(),
    refractoryMs: z.number().int().min(0).optional(),
  }),
  z.object({
    engine: z.literal('porcupine'),
    accessKey: z.string().optional(),
    keyword: z.string().min(1).default('jarvis'),
    sensitivity: z.number().min(0).max(1).optional(),
  }),
]);

export type WakeWordConfig = z.input<typeof wakeWordConfigSchema>;

export const DEFAULT_WAKE_WORD_CONFIG: WakeWordConfig = { engine: 'openwakeword', phrase: 'hey_jarvis' };
