/**
 * Field accuracy of whole voice visits, through the real simulate path: every visitor answer is rendered at test
 * time (Festival HTS slt, Flite rms, awb, kal16), written as WAV, and played into Silero VAD -> RNNoise ->
 * PocketSphinx (worker threads) -> dialog -> store, with the robot speaking into a file sink. Clean, and with babble or pink noise at
 * 15 dB SNR (seeded). Prints a report of exact-match accuracy per condition and asserts the issue's floors.
 *
 * Runs at VOICE_VISITS_SPEED (default 10) times real time (the robot's playback 4x faster still): about 5 minutes on
 * 2 quiet cores, 10 under heavy load (the time limit is per visit run, below); the robot speaks with Flite here (its voice is never in the microphone stream, so it does not change what is heard, and
 * Festival would spend a minute synthesizing read-backs). Response latency is measured at real time by
 * test/bench/voice-visits.ts instead.
 *
 * VOICE_VISITS_HELD_OUT=1 also runs the held-out set (other voices, visits and noise seeds): the check that a change
 * generalises instead of fitting these fixtures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { parseConfig } from '../../device/config/load.js';
import { DEFAULT_FIELDS } from '../../device/config/schema.js';
import { silentLogger } from '../../device/log.js';
import { startRuntime, type Runtime } from '../../device/runtime.js';
import { createTts } from '../../device/speech/audio-speech.js';
import { PocketSphinxStt } from '../../models/stt/pocketsphinx/engine.js';
import type { TtsEngine } from '../../models/tts/types.js';
import { closeRenderers } from '../support/render-speech.js';
import { within } from '../support/until.js';
import {
  accuracy,
  FIXTURE_VISITS,
  FIXTURE_VOICES,
  HELD_OUT_VOICES,
  heldOutVisits,
  report,
  runVoiceVisit,
  type Condition,
  type VisitOutcome,
  type VoiceVisit,
} from '../support/voice-visits.js';

const SPEED = Number(process.env.VOICE_VISITS_SPEED ?? 10);
// Each missed visit is printed turn by turn (what was said when, what was heard): a CI failure shows why.
process.env.VOICE_VISITS_TRACE ??= '1';
const ONLY = process.env.VOICE_VISITS_ONLY?.split(',');
/** The robot's playback drains faster still: it is never in the microphone stream, so only the visit's length changes. */
const PLAYBACK_SPEED = 4 * SPEED;

/**
 * Floors: share of visits with the field exactly right in the stored lead; the issue's: phone and email exact on 90%
 * of clean visits and 75% of noisy ones, service on 95% of clean ones. Measured on this set (22 visits per
 * condition) since RNNoise cleans the answers (ten runs): clean phone 21/22, email 21/22, service 22/22; at 15 dB
 * SNR phone 19/22, email 18-19/22 (Wiener filter before: phone 14-16, email 15-18). So clean has a margin of one
 * visit, noise of two. Held-out set in README.
 */
const FLOORS = {
  clean: { phone: 0.9, email: 0.9, reason: 0.95 },
  noisy: { phone: 0.75, email: 0.75 },
};

/**
 * Time limits scale with the work. One visit run (render, simulate, score) took 6.6 s on average on a quiet machine
 * (290 s for 44); at load 11-18 on 2 cores, in two runs, 16.2 and 11.8 s on average and 47 and 53 s at most (712 and
 * 519 s for 44; one 420 s limit for the whole set ran out under load). The test's limit allows 60 s a run (about 4x
 * the loaded average); a watchdog fails one visit run stuck for 150 s (about 3x the loaded longest) at once, by name.
 */
const VISIT_RUN_AVERAGE_MS = 60_000;
const VISIT_RUN_LIMIT_MS = 150_000;
/** Visit runs of a set: each visit clean and in noise (only those named in VOICE_VISITS_ONLY, when set). */
const runsOf = (visits: readonly VoiceVisit[]): number => 2 * visits.filter((v) => !ONLY || ONLY.includes(v.id)).length;
/** The runs' allowances plus one watchdog period, so that a stuck run is named by the watchdog, even in a VOICE_VISITS_ONLY run of one visit. */
const limitFor = (visits: readonly VoiceVisit[]): number => Math.max(1, runsOf(visits)) * VISIT_RUN_AVERAGE_MS + VISIT_RUN_LIMIT_MS;

let runtime: Runtime;
let stt: PocketSphinxStt;
let tts: TtsEngine;
const dir = mkdtempSync(join(tmpdir(), 'fd-voice-visits-'));

beforeAll(async () => {
  // The form the fixture visits answer (the later defaults add two optional questions the fixtures do not script).
  const fields = DEFAULT_FIELDS.filter((f) => ['name', 'phone', 'email', 'reason', 'consent'].includes(f.id));
  const config = parseConfig({ device: { id: 'voice-visits' }, intake: { fields }, speech: { mode: 'audio', tts: { engine: 'flite' } } });
  runtime = await startRuntime({ config, dataDir: join(dir, 'data'), log: silentLogger(), http: false, body: new SimulatedBody(0) });
  stt = new PocketSphinxStt();
  await stt.ready();
  tts = createTts(config.speech);
});
afterAll(async () => {
  await stt?.close();
  await tts?.close();
  await runtime?.stop();
  await closeRenderers();
  rmSync(dir, { recursive: true, force: true });
});

interface SetRun {
  clean: VisitOutcome[];
  noisy: VisitOutcome[];
  /** Wall time of each visit run, ms (for the limit above). */
  runMs: number[];
}

async function runSet(visits: VoiceVisit[], voices: readonly string[], seedBase: number): Promise<SetRun> {
  const clean: VisitOutcome[] = [];
  const noisy: VisitOutcome[] = [];
  const runMs: number[] = [];
  for (const [i, v] of visits.entries()) {
    if (ONLY && !ONLY.includes(v.id)) continue;
    const voice = voices[i % voices.length] as (typeof FIXTURE_VOICES)[number];
    const noise: Condition = { label: 'noisy15', noise: { kind: i % 2 ? 'pink' : 'babble', snrDb: 15, seed: seedBase + 100 * i } };
    const opts = { speed: SPEED, playbackSpeed: PLAYBACK_SPEED, stt, tts };
    for (const [cond, into] of [
      [{ label: 'clean' }, clean],
      [noise, noisy],
    ] as const) {
      const t0 = Date.now();
      into.push(await within(runVoiceVisit(runtime, v, voice, cond, join(dir, 'wav'), opts), VISIT_RUN_LIMIT_MS, `visit ${v.id} (${cond.label})`));
      runMs.push(Date.now() - t0);
    }
  }
  return { clean, noisy, runMs };
}

/** Seconds in all, and per visit run on average and at most. */
const timing = (runMs: number[]): string =>
  `${(runMs.reduce((a, b) => a + b, 0) / 1000).toFixed(0)} s, per visit run ${(runMs.reduce((a, b) => a + b, 0) / Math.max(1, runMs.length) / 1000).toFixed(1)} s mean, ${(Math.max(0, ...runMs) / 1000).toFixed(1)} s max`;

function rate(os: VisitOutcome[], f: 'phone' | 'email' | 'reason'): number {
  const a = accuracy(os)[f];
  return a.correct / Math.max(1, a.n);
}

describe('voice visits from rendered audio', () => {
  it(
    'stores the right phone, email and service for the fixture visits, clean and at 15 dB SNR',
    async () => {
      const { clean, noisy, runMs } = await runSet(FIXTURE_VISITS, FIXTURE_VOICES, 1000);
      console.log(`${report(`voice visits: fixture set, ${FIXTURE_VOICES.join(', ')}; speed ${SPEED}; ${timing(runMs)}`, { clean, noisy15: noisy })}`);
      expect(clean.length).toBeGreaterThan(0);
      if (ONLY) return;
      expect(rate(clean, 'phone')).toBeGreaterThanOrEqual(FLOORS.clean.phone);
      expect(rate(clean, 'email')).toBeGreaterThanOrEqual(FLOORS.clean.email);
      expect(rate(clean, 'reason')).toBeGreaterThanOrEqual(FLOORS.clean.reason);
      expect(rate(noisy, 'phone')).toBeGreaterThanOrEqual(FLOORS.noisy.phone);
      expect(rate(noisy, 'email')).toBeGreaterThanOrEqual(FLOORS.noisy.email);
    },
    limitFor(FIXTURE_VISITS),
  );

  it.runIf(process.env.VOICE_VISITS_HELD_OUT)(
    'held-out visits (other voices, phrasings and noise seeds): report only',
    async () => {
      const { clean, noisy, runMs } = await runSet(heldOutVisits(7), HELD_OUT_VOICES, 5000);
      console.log(report(`voice visits: held-out set, ${HELD_OUT_VOICES.join(', ')}; speed ${SPEED}; ${timing(runMs)}`, { clean, noisy15: noisy }));
    },
    limitFor(heldOutVisits(7)),
  );
});
