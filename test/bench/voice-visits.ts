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
import { personaVisits } from './persona-visits.js';
import type { BenchResult } from './types.js';

const VISITS = Number(process.env.BENCH_VOICE_VISITS ?? 4);
const BASELINE_VISITS = Number(process.env.BENCH_VOICE_BASELINE_VISITS ?? 3);
const PLAYBACK_SPEED = 8;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
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
