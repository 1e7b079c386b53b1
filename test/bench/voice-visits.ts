/**
 * Response latency of whole voice visits at real time: end of the visitor's speech to the first sample of the
 * robot's reply, over every answered turn of fixture visits (test/support/voice-visits.ts) played through the real
 * simulate path (Silero VAD, PocketSphinx worker with its whole-utterance pass, dialog, store, Festival with cached
 * fixed prompts). The microphone runs at real time (speed 1); the robot's playback drains 8x faster, which does not
 * change the measure (it ends at the reply's first sample) and keeps the bench under 5 minutes.
 *
 * Baseline from the same run: the same visits ending every answer on the plain 600 ms end-of-speech silence (no
 * early completion). Peak RSS is the bench process's (Silero's real-time factor is in wake.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../device/config/load.js';
import { DEFAULT_FIELDS } from '../../device/config/schema.js';
import { silentLogger } from '../../device/log.js';
import { startRuntime } from '../../device/runtime.js';
import { createTts } from '../../device/speech/audio-speech.js';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { PocketSphinxStt } from '../../models/stt/pocketsphinx/engine.js';
import { closeRenderers } from '../support/render-speech.js';
import { FIXTURE_VISITS, FIXTURE_VOICES, runVoiceVisit, type VisitOutcome } from '../support/voice-visits.js';
import {
  FIXTURE_PERSONA_VOICES,
  HELD_OUT_PERSONA_VOICES,
  heldOutPersonas,
  PERSONA_FIXTURES,
  PERSONA_FORM,
  personaFigures,
  personaReport,
  runPersonaSet,
} from '../support/persona-visits.js';
import { SALON_PROFILE } from '../support/salon-profile.js';
import type { BenchResult } from './types.js';

const VISITS = Number(process.env.BENCH_VOICE_VISITS ?? 4);
/** Persona visits per set (fixtures, held out); 0 skips them. They run at PERSONA_SPEED times real time. */
const PERSONAS = Number(process.env.BENCH_PERSONA_VISITS ?? 10);
const PERSONA_SPEED = 10;
const BASELINE_VISITS = Number(process.env.BENCH_VOICE_BASELINE_VISITS ?? 3);
const PLAYBACK_SPEED = 8;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/**
 * Persona visits (test/support/persona-visits.ts): every field type, questions, requests for a person, names and
 * domains outside the vocabulary, spelling, a returning visitor; the fixtures in four voices and the held-out set
 * (other names, domains, phrasings, voices and seeds; never tuned on) in three, clean and at 15 dB SNR. Accuracy,
 * not latency: they run at PERSONA_SPEED times real time with the robot speaking through Flite.
 */
async function personaVisits(dir: string, stt: PocketSphinxStt): Promise<BenchResult[]> {
  if (PERSONAS <= 0) return [];
  const config = parseConfig({
    device: { id: 'bench-personas' },
    intake: { fields: PERSONA_FORM },
    business: SALON_PROFILE,
    speech: { mode: 'audio', tts: { engine: 'flite' } },
  });
  const runtime = await startRuntime({ config, dataDir: join(dir, 'persona-data'), log: silentLogger(), http: false, body: new SimulatedBody(0) });
  const tts = createTts(config.speech);
  const opts = { speed: PERSONA_SPEED, playbackSpeed: 4 * PERSONA_SPEED, stt, tts };
  const out: BenchResult[] = [];
  try {
    const sets = [
      { name: 'fixtures', visits: PERSONA_FIXTURES.slice(0, PERSONAS), voices: FIXTURE_PERSONA_VOICES, seed: 7000 },
      { name: 'held out', visits: heldOutPersonas(31, PERSONAS), voices: HELD_OUT_PERSONA_VOICES, seed: 9000 },
    ];
    for (const set of sets) {
      const t0 = Date.now();
      const groups = await runPersonaSet(runtime, set.visits, set.voices, set.seed, opts);
      process.stdout.write(`${personaReport(`persona visits, ${set.name}: ${set.voices.join(', ')}; ${((Date.now() - t0) / 1000).toFixed(0)} s`, groups)}\n`);
      for (const [label, os] of Object.entries(groups)) {
        const f = personaFigures(os);
        const cells = Object.entries(f.exact)
          .map(([id, x]) => `${id} ${Math.round(100 * x)}%`)
          .join(', ');
        out.push(
          { name: `persona ${set.name} ${label}: wrong values stored`, value: f.wrong, unit: 'fields', better: 'lower', note: `exact: ${cells}` },
          { name: `persona ${set.name} ${label}: questions answered right`, value: f.questions.right, unit: `of ${f.questions.asked}`, better: 'higher' },
          {
            name: `persona ${set.name} ${label}: person requests recognised`,
            value: f.person.recognised,
            unit: `of ${f.person.asked}`,
            better: 'higher',
            note: `false triggers ${f.person.falseTriggers}`,
          },
          { name: `persona ${set.name} ${label}: median turns per visit`, value: f.medianTurns, unit: 'turns', better: 'lower' },
        );
      }
    }
  } finally {
    await tts.close();
    await runtime.stop();
  }
  return out;
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fd-bench-visits-'));
  // The form the fixture visits answer (the later defaults add two optional questions the fixtures do not script).
  const fields = DEFAULT_FIELDS.filter((f) => ['name', 'phone', 'email', 'reason', 'consent'].includes(f.id));
  const config = parseConfig({ device: { id: 'bench-visits' }, intake: { fields }, speech: { mode: 'audio' } });
  const runtime = await startRuntime({ config, dataDir: join(dir, 'data'), log: silentLogger(), http: false, body: new SimulatedBody(0) });
  const stt = new PocketSphinxStt();
  await stt.ready();
  const tts = createTts(config.speech);
  const t0 = Date.now();
  const play = async (n: number, speech: { completeEndSilenceMs?: number }): Promise<VisitOutcome[]> => {
    const out: VisitOutcome[] = [];
    for (const [i, v] of FIXTURE_VISITS.slice(0, n).entries()) {
      const voice = FIXTURE_VOICES[i % FIXTURE_VOICES.length]!;
      out.push(await runVoiceVisit(runtime, v, voice, { label: 'clean' }, join(dir, 'wav'), { speed: 1, playbackSpeed: PLAYBACK_SPEED, stt, tts, speech }));
    }
    return out;
  };
  try {
    const product = await play(VISITS, {});
    const baseline = await play(BASELINE_VISITS, { completeEndSilenceMs: 0 });
    const lat = (os: VisitOutcome[]) => os.flatMap((o) => o.result.metrics.responseLatencyMs);
    const decode = (os: VisitOutcome[]) => os.flatMap((o) => o.result.turns.flatMap((t) => (t.stt?.decodeMs !== undefined ? [t.stt.decodeMs] : [])));
    const p = lat(product);
    const b = lat(baseline);
    const stored = product.filter((o) => o.result.outcome === 'stored').length;
    const seconds = ((Date.now() - t0) / 1000).toFixed(0);
    const personas = await personaVisits(dir, stt);
    return [
      ...personas,
      {
        name: 'visit response latency p50 (speed 1)',
        value: pct(p, 50),
        unit: 'ms',
        better: 'lower',
        baseline: { name: '600 ms end silence, no early completion', value: pct(b, 50) },
        note: `${p.length} turns over ${product.length} visits (${stored} stored), baseline ${b.length} turns; target < 700 ms; ${seconds} s`,
      },
      {
        name: 'visit response latency p95 (speed 1)',
        value: pct(p, 95),
        unit: 'ms',
        better: 'lower',
        baseline: { name: '600 ms end silence, no early completion', value: pct(b, 95) },
      },
      {
        name: 'visit STT decode after end of speech p50',
        value: pct(decode(product), 50),
        unit: 'ms',
        better: 'lower',
        note: 'live pass + whole-utterance pass',
      },
      { name: 'visit STT decode after end of speech p95', value: pct(decode(product), 95), unit: 'ms', better: 'lower' },
      { name: 'peak RSS after the visits', value: process.resourceUsage().maxRSS / 1024, unit: 'MB', better: 'lower', note: 'whole bench process' },
    ];
  } finally {
    await stt.close();
    await tts.close();
    await runtime.stop();
    await closeRenderers();
    rmSync(dir, { recursive: true, force: true });
  }
}
