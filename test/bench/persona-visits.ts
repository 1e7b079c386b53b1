/**
 * Persona voice visits (test/support/persona-visits.ts): every field type, questions, requests for a person, names and
 * domains outside the vocabulary, spelling, a returning visitor; the fixtures in four voices and the held-out set
 * (other names, domains, phrasings, voices and seeds; never tuned on) in three, clean and at 15 dB SNR. Accuracy,
 * not latency: they run at PERSONA_SPEED times real time with the robot speaking through Flite.
 *
 *   node dist/test/bench/run.js persona-visits      both sets (BENCH_PERSONA_VISITS per set, default 10)
 *   PERSONA_VISITS_ONLY=p02,hp04                     only those visits (fixture ids p.., held-out ids hp..)
 *   PERSONA_TRACE=all                                every visit's conversation (default: visits with a wrong value)
 * The voice-visits bench runs the same after its latency visits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../device/config/load.js';
import { silentLogger } from '../../device/log.js';
import { startRuntime } from '../../device/runtime.js';
import { createTts } from '../../device/speech/audio-speech.js';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { PocketSphinxStt } from '../../models/stt/pocketsphinx/engine.js';
import {
  FIXTURE_PERSONA_VOICES,
  HELD_OUT_PERSONA_VOICES,
  heldOutPersonas,
  PERSONA_FIXTURES,
  PERSONA_FORM,
  personaFigures,
  personaReport,
  personaTrace,
  runPersonaSet,
} from '../support/persona-visits.js';
import { closeRenderers } from '../support/render-speech.js';
import { SALON_PROFILE } from '../support/salon-profile.js';
import type { BenchResult } from './types.js';

/** Persona visits per set (fixtures, held out); 0 skips them. They run at PERSONA_SPEED times real time. */
const PERSONAS = Number(process.env.BENCH_PERSONA_VISITS ?? 10);
const PERSONA_SPEED = 10;
const ONLY = process.env.PERSONA_VISITS_ONLY?.split(',').map((s) => s.trim());

/** Runs both persona sets on a runtime of their own and returns their figures (the report goes to stdout). */
export async function personaVisits(dir: string, stt: PocketSphinxStt): Promise<BenchResult[]> {
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
      const only = ONLY ? (id: string) => ONLY.includes(id) : undefined;
      if (only && !set.visits.some((v) => only(v.id))) continue;
      const groups = await runPersonaSet(runtime, set.visits, set.voices, set.seed, opts, only);
      process.stdout.write(`${personaReport(`persona visits, ${set.name}: ${set.voices.join(', ')}; ${((Date.now() - t0) / 1000).toFixed(0)} s`, groups)}\n`);
      const trace = personaTrace(groups, process.env.PERSONA_TRACE === 'all');
      if (trace) process.stdout.write(`${trace}\n`);
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
  const dir = mkdtempSync(join(tmpdir(), 'fd-bench-personas-'));
  const stt = new PocketSphinxStt();
  try {
    await stt.ready();
    return await personaVisits(dir, stt);
  } finally {
    await stt.close();
    await closeRenderers();
    rmSync(dir, { recursive: true, force: true });
  }
}
