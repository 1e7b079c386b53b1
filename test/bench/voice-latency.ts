/**
 * Response latency of the product's voice at real time: end of the visitor's speech (Heard.speechEndAt) to the first
 * sample of the robot's reply (Spoken.startedAt), over every answered turn of fixture visits (test/support/voice-
 * visits.ts) played through the real simulate path: Silero VAD, RNNoise, PocketSphinx worker with its whole-utterance
 * pass for names, phones and emails, the dialog, the store, and the robot's voice as the product builds it
 * (createTts: Festival with the Flite fallback, cached). The microphone runs at speed 1; the robot's playback
 * drains 8x faster, which does not change the measure (it ends at the reply's first sample).
 *
 * Each visitor also asks one question of the salon's profile (parking, a price, the address, cards) at one of the
 * fields, and the robot answers it before asking again.
 *
 * Reported overall, after name and email answers (the turns that wait for the whole-utterance pass and the longer
 * "likely" end silence) and after questions, with where the time goes: the STT's decode after the end of speech
 * (after the end of the wait: ~0 when the decode overlapped it), and the TTS's first chunk (cache hits ~0). Every
 * visit runs twice, back to back so both see the same load: as the product runs (`speech.decodeLeadMs` default:
 * the final decode starts during the end-of-speech wait) and as the baseline with `decodeLeadMs: 0` (the decode
 * starts when the wait ends). Targets (issue 15): p50 < 300 ms, p95 < 600 ms, every group.
 * BENCH_VOICE_LATENCY_VISITS (default 4) visits, voices in turn.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../device/config/load.js';
import { DEFAULT_FIELDS, type SpeechConfig } from '../../device/config/schema.js';
import { DIALOG_MESSAGES } from '../../device/intake/messages.js';
import { silentLogger } from '../../device/log.js';
import { startRuntime } from '../../device/runtime.js';
import { createTts } from '../../device/speech/audio-speech.js';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { PocketSphinxStt } from '../../models/stt/pocketsphinx/engine.js';
import type { TtsEngine } from '../../models/tts/types.js';
import { closeRenderers } from '../support/render-speech.js';
import { SALON_PROFILE } from '../support/salon-profile.js';
import { FIELDS, FIXTURE_VISITS, FIXTURE_VOICES, runVoiceVisit, type VisitOutcome, type VoiceVisit } from '../support/voice-visits.js';
import type { BenchResult } from './types.js';

const VISITS = Number(process.env.BENCH_VOICE_LATENCY_VISITS ?? 4);
const PLAYBACK_SPEED = 8;
const SECOND_PASS_FIELDS = new Set(['name', 'email']);
/** Asked in turn, each at a field in turn (the visitor asks instead of answering, then answers). */
const QUESTIONS = ['is there parking?', 'how much is a haircut?', 'where are you located?', 'do you take cards?'];
const ASKED_AT = ['name', 'phone', 'email', 'reason'];
/** The robot's line after an answered question holds this (DIALOG_MESSAGES.backToIntake without its placeholder). */
const BACK_TO_INTAKE = DIALOG_MESSAGES.backToIntake.split('{')[0]!.trim();

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

export type TurnGroup = 'name/email' | 'question' | 'other';

export interface LatencyTurn {
  fieldId: string;
  group: TurnGroup;
  latencyMs: number;
  decodeMs: number | null;
}

/** Every answered turn's latency, grouped: a question (the robot's next line goes back to the intake), a name or email, or other. */
export function latencyTurns(outcomes: readonly VisitOutcome[]): LatencyTurn[] {
  return outcomes.flatMap((o) =>
    o.result.turns.flatMap((t, i) => {
      if (t.responseLatencyMs === undefined) return [];
      const next = o.result.turns[i + 1];
      const group: TurnGroup = next?.robot.includes(BACK_TO_INTAKE) ? 'question' : SECOND_PASS_FIELDS.has(t.fieldId) ? 'name/email' : 'other';
      return [{ fieldId: t.fieldId, group, latencyMs: t.responseLatencyMs, decodeMs: t.stt?.decodeMs ?? null }];
    }),
  );
}

/** The fixture visit with the visitor asking one question first at one field. */
export function withQuestion(v: VoiceVisit, i: number): VoiceVisit {
  const at = ASKED_AT[i % ASKED_AT.length]!;
  return { ...v, says: { ...v.says, [at]: [QUESTIONS[i % QUESTIONS.length]!, ...(v.says[at] ?? [])] } };
}

interface Arm {
  label: string;
  speech: Partial<SpeechConfig>;
  outcomes: VisitOutcome[];
  firstChunks: number[];
}

/** Latency figures of one arm, each with the baseline arm's as its baseline when given. */
function figures(arm: Arm, base?: Arm): BenchResult[] {
  const turns = latencyTurns(arm.outcomes);
  const baseTurns = base ? latencyTurns(base.outcomes) : [];
  const groups: [string, (t: LatencyTurn) => boolean][] = [
    ['', () => true],
    [' after name/email', (t) => t.group === 'name/email'],
    [' after questions', (t) => t.group === 'question'],
  ];
  const out: BenchResult[] = [];
  for (const [label, keep] of groups) {
    const xs = turns.filter(keep).map((t) => t.latencyMs);
    const bs = baseTurns.filter(keep).map((t) => t.latencyMs);
    for (const p of [50, 95]) {
      const name = `response latency${label} p${p}`;
      out.push({
        name: `${name} (${arm.label})`,
        value: pct(xs, p),
        unit: 'ms',
        better: 'lower',
        ...(base ? { baseline: { name: base.label, value: pct(bs, p) } } : {}),
        ...(p === 50 ? { note: `${xs.length} turns` } : {}),
      });
    }
  }
  const decodes = turns.filter((t) => t.group === 'name/email').flatMap((t) => (t.decodeMs === null ? [] : [t.decodeMs]));
  const baseDecodes = baseTurns.filter((t) => t.group === 'name/email').flatMap((t) => (t.decodeMs === null ? [] : [t.decodeMs]));
  for (const p of [50, 95]) {
    out.push({
      name: `STT decode, name/email p${p} (${arm.label})`,
      value: pct(decodes, p),
      unit: 'ms',
      better: 'lower',
      ...(base ? { baseline: { name: base.label, value: pct(baseDecodes, p) } } : {}),
      ...(p === 50 ? { note: 'live + whole-utterance pass, from when the stream ended' } : {}),
    });
  }
  for (const p of [50, 95]) {
    out.push({ name: `TTS first chunk p${p} (${arm.label})`, value: pct(arm.firstChunks, p), unit: 'ms', better: 'lower' });
  }
  const exact = FIELDS.map((f) => `${f} ${arm.outcomes.filter((o) => o.ok[f]).length}/${arm.outcomes.length}`).join(', ');
  const stored = arm.outcomes.filter((o) => o.result.outcome === 'stored').length;
  out.push({ name: `visits stored (${arm.label})`, value: stored, unit: 'visits', better: 'higher', note: `exact: ${exact}` });
  return out;
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fd-bench-latency-'));
  const fields = DEFAULT_FIELDS.filter((f) => ['name', 'phone', 'email', 'reason', 'consent'].includes(f.id));
  const config = parseConfig({ device: { id: 'bench-latency' }, intake: { fields }, business: SALON_PROFILE, speech: { mode: 'audio' } });
  const runtime = await startRuntime({ config, dataDir: join(dir, 'data'), log: silentLogger(), http: false, body: new SimulatedBody(0) });
  const stt = new PocketSphinxStt();
  await stt.ready();
  const product = createTts(config.speech);
  const early: Arm = { label: `decode ${config.speech.decodeLeadMs} ms early`, speech: {}, outcomes: [], firstChunks: [] };
  const late: Arm = { label: 'decode after the wait', speech: { decodeLeadMs: 0 }, outcomes: [], firstChunks: [] };
  const t0 = Date.now();
  const loads: number[] = [];
  try {
    for (const [i, fixture] of FIXTURE_VISITS.slice(0, VISITS).entries()) {
      const v = withQuestion(fixture, i);
      const voice = FIXTURE_VOICES[i % FIXTURE_VOICES.length]!;
      // Alternate which arm goes first, so neither always follows the other's warm-up.
      for (const arm of i % 2 ? [late, early] : [early, late]) {
        loads.push(loadavg()[0]!);
        const tts = recording(product, arm.firstChunks);
        arm.outcomes.push(
          await runVoiceVisit(runtime, v, voice, { label: 'clean' }, join(dir, 'wav'), {
            speed: 1,
            playbackSpeed: PLAYBACK_SPEED,
            stt,
            tts,
            speech: arm.speech,
          }),
        );
      }
    }
    const note = `${VISITS} visits per arm; target < 300 ms p50, < 600 ms p95; load ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}; ${((Date.now() - t0) / 1000).toFixed(0)} s`;
    const [first, ...rest] = [...figures(early, late), ...figures(late)];
    return [{ ...first!, note: `${first!.note}; ${note}` }, ...rest];
  } finally {
    await stt.close();
    await product.close();
    await runtime.stop();
    await closeRenderers();
    rmSync(dir, { recursive: true, force: true });
  }
}
