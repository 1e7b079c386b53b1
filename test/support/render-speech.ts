/**
 * Speech fixtures made at test time, never committed: `renderUtterance(text, voice)` speaks text with a Flite or
 * Festival voice and returns 16 kHz mono int16; `mixNoise(samples, snrDb, seed)` adds deterministic generated
 * noise (babble-like or pink) at a given SNR over the speech.
 *
 * Voices: 'flite:kal' | 'flite:kal16' | 'flite:slt' | 'flite:rms' | 'flite:awb' | 'festival:<voice>' (e.g.
 * 'festival:cmu_us_slt_arctic_hts', 'festival:kal_diphone', 'festival:ked_diphone').
 */
import { SAMPLE_RATE } from '../../drivers/audio/types.js';
import { FestivalTts } from '../../models/tts/festival.js';
import { FliteTts } from '../../models/tts/flite.js';
import { synthesize16k } from '../../models/tts/render.js';
import type { TtsEngine } from '../../models/tts/types.js';

export type RenderVoice = `flite:${string}` | `festival:${string}`;

export const TEST_VOICES: RenderVoice[] = ['festival:cmu_us_slt_arctic_hts', 'flite:rms', 'flite:awb', 'flite:slt', 'festival:kal_diphone'];

const engines = new Map<string, TtsEngine>();

function engineFor(voice: RenderVoice): TtsEngine {
  let e = engines.get(voice);
  if (!e) {
    const [kind, name = ''] = voice.split(':');
    e = kind === 'festival' ? new FestivalTts({ voice: name }) : new FliteTts(name);
    engines.set(voice, e);
  }
  return e;
}

/** Speaks `text` (said as written: pass already-normalised words) and returns 16 kHz mono samples. */
export async function renderUtterance(text: string, voice: RenderVoice, opts: { padMs?: number } = {}): Promise<Int16Array> {
  const s = await synthesize16k(engineFor(voice), text);
  const pad = Math.round(((opts.padMs ?? 0) * SAMPLE_RATE) / 1000);
  if (!pad) return s;
  const out = new Int16Array(s.length + 2 * pad);
  out.set(s, pad);
  return out;
}

/** Stops the Festival processes started by renderUtterance. */
export async function closeRenderers(): Promise<void> {
  await Promise.all([...engines.values()].map((e) => e.close()));
  engines.clear();
}

/** Deterministic PRNG (mulberry32), uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pink-ish noise (Paul Kellet's economy filter over white noise), unit-less floats. */
export function pinkNoise(n: number, rand: () => number): Float64Array {
  const out = new Float64Array(n);
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  for (let i = 0; i < n; i++) {
    const w = rand() * 2 - 1;
    b0 = 0.99765 * b0 + w * 0.099046;
    b1 = 0.963 * b1 + w * 0.2965164;
    b2 = 0.57 * b2 + w * 1.0526913;
    out[i] = b0 + b1 + b2 + w * 0.1848;
  }
  return out;
}

/**
 * Babble-like noise: several "talkers", each pink noise through a resonator at a drifting formant-like frequency,
 * amplitude-modulated at a syllable rate (3-6 Hz). Not speech, but speech-shaped in spectrum and rhythm.
 */
export function babbleNoise(n: number, rand: () => number, talkers = 6): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < talkers; k++) {
    const src = pinkNoise(n, rand);
    const rate = 3 + rand() * 3;
    const phase = rand() * Math.PI * 2;
    const f0 = 300 + rand() * 1500;
    let y1 = 0;
    let y2 = 0;
    for (let i = 0; i < n; i++) {
      const t = i / SAMPLE_RATE;
      const f = f0 * (1 + 0.3 * Math.sin(2 * Math.PI * 0.7 * t + phase));
      const r = 0.97;
      const c = 2 * r * Math.cos((2 * Math.PI * f) / SAMPLE_RATE);
      const y = (src[i] as number) * (1 - r) + c * y1 - r * r * y2;
      y2 = y1;
      y1 = y;
      const env = Math.max(0, Math.sin(2 * Math.PI * rate * t + phase));
      out[i] = (out[i] as number) + y * env;
    }
  }
  return out;
}

function rmsOf(x: ArrayLike<number>, from = 0, to = x.length): number {
  let a = 0;
  for (let i = from; i < to; i++) a += (x[i] as number) ** 2;
  return Math.sqrt(a / Math.max(1, to - from));
}

/** RMS over the active part of the signal (20 ms frames above -35 dB of the loudest frame). */
export function activeRms(s: Int16Array): number {
  const frames: number[] = [];
  for (let i = 0; i + 320 <= s.length; i += 320) frames.push(rmsOf(s, i, i + 320));
  const peak = Math.max(0, ...frames);
  const active = frames.filter((r) => r > peak * 10 ** (-35 / 20));
  return Math.sqrt(active.reduce((a, r) => a + r * r, 0) / Math.max(1, active.length));
}

/** Adds noise so that speech RMS / noise RMS = snrDb. Same inputs and seed -> same output. */
export function mixNoise(samples: Int16Array, snrDb: number, seed: number, kind: 'babble' | 'pink' = 'babble'): Int16Array {
  const rand = prng(seed);
  const noise = kind === 'babble' ? babbleNoise(samples.length, rand) : pinkNoise(samples.length, rand);
  const gain = activeRms(samples) / 10 ** (snrDb / 20) / Math.max(1e-9, rmsOf(noise));
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round((samples[i] as number) + (noise[i] as number) * gain);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}
