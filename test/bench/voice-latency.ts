/**
 * Response latency of the product's voice at real time: end of the visitor's speech (Heard.speechEndAt) to the first
 * sample of the robot's reply (Spoken.startedAt), over every answered turn of fixture visits (test/support/voice-
 * visits.ts) played through the real simulate path: Silero VAD, RNNoise, PocketSphinx worker with its whole-utterance
 * pass for names, phones and emails, the dialog, the store, and the robot's voice as the product builds it
 * (createTts: Festival with the Flite fallback, cached). The microphone runs at speed 1; the robot's playback
 * drains 8x faster, which does not change the measure (it ends at the reply's first sample).
 *
 * Reported overall and after name and email answers (the turns that wait for the whole-utterance pass and, without
 * early completion, the full end-of-speech silence), with where the time goes: the STT's decode after the end of
 * speech, and the TTS's first chunk (cache hits ~0). Targets (issue 15): p50 < 300 ms, p95 < 600 ms, both groups.
 * BENCH_VOICE_LATENCY_VISITS (default 4) visits, voices in turn.
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
import type { TtsEngine } from '../../models/tts/types.js';
import { closeRenderers } from '../support/render-speech.js';
import { FIXTURE_VISITS, FIXTURE_VOICES, runVoiceVisit, type VisitOutcome } from '../support/voice-visits.js';
import type { BenchResult } from './types.js';

const VISITS = Number(process.env.BENCH_VOICE_LATENCY_VISITS ?? 4);
const PLAYBACK_SPEED = 8;
const SECOND_PASS_FIELDS = new Set(['name', 'email']);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** The product's TTS, recording each call's time to its first chunk. */
function recording(tts: TtsEngine, firstChunks: number[]): TtsEngine {
  return Object.assign(Object.create(tts) as TtsEngine, {
    synthesize: async (text: string, opts?: Parameters<TtsEngine['synthesize']>[1]) => {
      const t0 = performance.now();
      let first = -1;
      const r = await tts.synthesize(text, {
        ...opts,
        onChunk: (s: Int16Array, rate: number) => {
          if (first < 0) first = performance.now() - t0;
          opts?.onChunk?.(s, rate);
        },
      });
      if (opts?.onChunk) firstChunks.push(first < 0 ? r.firstChunkMs : first); // said, not warmed
      return r;
    },
  });
}

export interface LatencyTurn {
  fieldId: string;
  latencyMs: number;
  decodeMs: number | null;
}

export function latencyTurns(outcomes: readonly VisitOutcome[]): LatencyTurn[] {
  return outcomes.flatMap((o) =>
    o.result.turns.flatMap((t) =>
      t.responseLatencyMs === undefined ? [] : [{ fieldId: t.fieldId, latencyMs: t.responseLatencyMs, decodeMs: t.stt?.decodeMs ?? null }],
    ),
  );
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fd-bench-latency-'));
  const fields = DEFAULT_FIELDS.filter((f) => ['name', 'phone', 'email', 'reason', 'consent'].includes(f.id));
  const config = parseConfig({ device: { id: 'bench-latency' }, intake: { fields }, speech: { mode: 'audio' } });
  const runtime = await startRuntime({ config, dataDir: join(dir, 'data'), log: silentLogger(), http: false, body: new SimulatedBody(0) });
  const stt = new PocketSphinxStt();
  await stt.ready();
  const product = createTts(config.speech);
  const firstChunks: number[] = [];
  const tts = recording(product, firstChunks);
  const t0 = Date.now();
  try {
    const outcomes: VisitOutcome[] = [];
    for (const [i, v] of FIXTURE_VISITS.slice(0, VISITS).entries()) {
      const voice = FIXTURE_VOICES[i % FIXTURE_VOICES.length]!;
      outcomes.push(await runVoiceVisit(runtime, v, voice, { label: 'clean' }, join(dir, 'wav'), { speed: 1, playbackSpeed: PLAYBACK_SPEED, stt, tts }));
    }
    const turns = latencyTurns(outcomes);
    const all = turns.map((t) => t.latencyMs);
    const second = turns.filter((t) => SECOND_PASS_FIELDS.has(t.fieldId));
    const after = second.map((t) => t.latencyMs);
    const decodes = second.flatMap((t) => (t.decodeMs === null ? [] : [t.decodeMs]));
    const stored = outcomes.filter((o) => o.result.outcome === 'stored').length;
    const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
    const note = `${all.length} turns over ${outcomes.length} visits (${stored} stored); target < 300 ms p50, < 600 ms p95; load ${load}; ${((Date.now() - t0) / 1000).toFixed(0)} s`;
    return [
      { name: 'response latency p50 (speed 1)', value: pct(all, 50), unit: 'ms', better: 'lower', note },
      { name: 'response latency p95 (speed 1)', value: pct(all, 95), unit: 'ms', better: 'lower' },
      { name: 'response latency after name/email p50', value: pct(after, 50), unit: 'ms', better: 'lower', note: `${after.length} turns` },
      { name: 'response latency after name/email p95', value: pct(after, 95), unit: 'ms', better: 'lower' },
      { name: 'STT decode after end of speech, name/email p50', value: pct(decodes, 50), unit: 'ms', better: 'lower', note: 'live + whole-utterance pass' },
      { name: 'STT decode after end of speech, name/email p95', value: pct(decodes, 95), unit: 'ms', better: 'lower' },
      { name: 'TTS first chunk p50', value: pct(firstChunks, 50), unit: 'ms', better: 'lower', note: `${firstChunks.length} utterances, cached prompts ~0` },
      { name: 'TTS first chunk p95', value: pct(firstChunks, 95), unit: 'ms', better: 'lower' },
    ];
  } finally {
    await stt.close();
    await product.close();
    await runtime.stop();
    await closeRenderers();
    rmSync(dir, { recursive: true, force: true });
  }
}
