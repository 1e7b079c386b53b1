/**
 * The runtime in voice with a test room (./room.ts) as its microphone and speaker, a simulated body and a fresh data
 * directory: what the real-time voice tests start. Their forms ask with short prompts, since every second of a
 * real-time visit counts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { parseConfig } from '../../device/config/load.js';
import { DEFAULT_FIELDS } from '../../device/config/schema.js';
import { silentLogger } from '../../device/log.js';
import { startRuntime, type Runtime } from '../../device/runtime.js';
import type { Room } from './room.js';

/** Short prompts of the default fields the voice tests ask. */
export const SHORT_PROMPTS = {
  name: 'Your name, please?',
  phone: 'Your phone number?',
  reason: 'What brings you in?',
  consent: 'May we contact you? Yes or no.',
} as const;

/** The default fields named (in the default form's order), each asking with its short prompt. */
export function shortForm(ids: readonly (keyof typeof SHORT_PROMPTS)[]): (typeof DEFAULT_FIELDS)[number][] {
  return DEFAULT_FIELDS.filter((f) => (ids as readonly string[]).includes(f.id)).map((f) => ({
    ...f,
    prompt: SHORT_PROMPTS[f.id as keyof typeof SHORT_PROMPTS],
  }));
}

/**
 * Starts the runtime with `config` (speech.mode 'audio' added) hearing and speaking through `room`. `http: false`
 * runs it without the HTTP server; otherwise the config should give `http.port` (0: a free one).
 */
export function startRoomRuntime(room: Room, config: Record<string, unknown>, options: { http?: boolean } = {}): Promise<Runtime> {
  return startRuntime({
    config: parseConfig({ ...config, speech: { mode: 'audio' } }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-room-')),
    log: silentLogger(),
    ...(options.http === false ? { http: false } : {}),
    body: new SimulatedBody(0),
    audio: { source: room.mic, sink: room.speaker },
  });
}
