/**
 * The one way tests make speech, never committed: `renderUtterance(text, voice)` speaks text with the product's own
 * engines (models/tts: Flite, Festival) and resampler (drivers/audio/resample.ts) and returns 16 kHz mono int16;
 * `mixNoise(samples, snrDb, seed)` adds deterministic generated noise at a given SNR over the speech.
 *
 * Voices: 'flite:kal' | 'flite:kal16' | 'flite:slt' | 'flite:rms' | 'flite:awb' | 'festival:<voice>' (e.g.
 * 'festival:cmu_us_slt_arctic_hts', 'festival:kal_diphone', 'festival:ked_diphone').
 * Speed: `stretch` > 1 speaks slower, < 1 faster (a duration multiplier): the engine's own duration setting (flite
 * duration_stretch, Festival Duration_Stretch); Festival's HTS voices ignore theirs, so for them sox's `tempo` (pitch
 * kept) changes the rendered audio. (sox tempo on every voice was tried: its artifacts under noise made
 * openWakeWord fire on "Can I pay by card?", which no engine-paced rendering does.)
 *
 * SNR reference (one for every test): active speech RMS (20 ms frames within 35 dB of the loudest frame, see
 * `activeRms`) over the whole noise signal's RMS, in dB. Silence around the speech does not lower the speech level.
 */
import { spawn } from 'node:child_process';
import { SAMPLE_RATE } from '../../drivers/audio/types.js';
import { FestivalTts } from '../../models/tts/festival.js';
import { FliteTts } from '../../models/tts/flite.js';
import { synthesize16k } from '../../models/tts/render.js';
import type { TtsEngine } from '../../models/tts/types.js';
import { pink, random } from '../../device/simulate/noise.js';

export type RenderVoice = `flite:${string}` | `festival:${string}`;

export const TEST_VOICES: RenderVoice[] = ['festival:cmu_us_slt_arctic_hts', 'flite:rms', 'flite:awb', 'flite:slt', 'festival:kal_diphone'];

export interface RenderOptions {
  /** Silence added before and after, ms. */
  padMs?: number;
  /** Duration multiplier: > 1 slower, < 1 faster (pitch kept). */
  stretch?: number;
}

const engines = new Map<string, TtsEngine>();

const paceByTempo = (voice: RenderVoice): boolean => voice.startsWith('festival:') && voice.endsWith('_hts');

function engineFor(voice: RenderVoice, stretch: number): TtsEngine {
  const key = `${voice}@${stretch}`;
  let e = engines.get(key);
  if (!e) {
    const [kind, name = ''] = voice.split(':');
    e = kind === 'festival' ? new FestivalTts({ voice: name, stretch }) : new FliteTts(name, 'flite', stretch);
    engines.set(key, e);
  }
  return e;
}

/** A voice and speed as a label for reports, e.g. `flite:rms@1.2`. */
export function voiceLabel(voice: RenderVoice, stretch = 1): string {
  return stretch === 1 ? voice : `${voice}@${stretch}`;
}

/** Speaks `text` (said as written: pass already-normalised words) and returns 16 kHz mono samples. */
export async function renderUtterance(text: string, voice: RenderVoice, opts: RenderOptions = {}): Promise<Int16Array> {
  const stretch = opts.stretch ?? 1;
  const tempo = stretch !== 1 && paceByTempo(voice);
  let s = await synthesize16k(engineFor(voice, tempo ? 1 : stretch), text);
  if (tempo) s = await changeTempo(s, stretch);
  const pad = Math.round(((opts.padMs ?? 0) * SAMPLE_RATE) / 1000);
  if (!pad) return s;
  const out = new Int16Array(s.length + 2 * pad);
  out.set(s, pad);
  return out;
}

/** Renders many texts, `parallel` at a time (2 cores here; each Festival voice and pace is one process and serializes). */
export async function renderAll(items: { text: string; voice: RenderVoice; stretch?: number }[], parallel = 2): Promise<Int16Array[]> {
  const out: Int16Array[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      const item = items[i]!;
      out[i] = await renderUtterance(item.text, item.voice, { stretch: item.stretch });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

/** Stops the Festival processes started by renderUtterance. */
export async function closeRenderers(): Promise<void> {
  await Promise.all([...engines.values()].map((e) => e.close()));
  engines.clear();
}

/** sox `tempo -s` (WSOLA tuned for speech) over raw 16 kHz int16: duration x `stretch`, pitch kept. */
function changeTempo(samples: Int16Array, stretch: number): Promise<Int16Array> {
  if (!(stretch > 0.25 && stretch < 4)) throw new RangeError(`stretch ${stretch} is outside 0.25..4`);
  const raw = ['-t', 'raw', '-r', String(SAMPLE_RATE), '-e', 'signed', '-b', '16', '-c', '1', '-L'];
  const sox = spawn('sox', [...raw, '-', ...raw, '-', 'tempo', '-s', String(1 / stretch)]);
  const chunks: Buffer[] = [];
  let stderr = '';
  sox.stdout.on('data', (d: Buffer) => chunks.push(d));
  sox.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Int16Array>((resolve, reject) => {
    sox.on('error', (e) => reject(new Error(`sox could not start (apt-get install sox): ${e.message}`, { cause: e })));
    sox.on('close', (code) => {
      if (code !== 0) return reject(new Error(`sox tempo failed (code ${code}): ${stderr.trim()}`));
      const buf = Buffer.concat(chunks);
      resolve(new Int16Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + (buf.length & ~1))));
    });
  });
  sox.stdin.end(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  return done;
}

// ---- Samples ----

export function silence(ms: number): Int16Array {
  return new Int16Array(Math.round((ms * SAMPLE_RATE) / 1000));
}

export function concat(parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function durationMs(samples: Int16Array): number {
  return (samples.length * 1000) / SAMPLE_RATE;
}

// ---- Noise ----

/** Deterministic PRNG (mulberry32), uniform in [0, 1): the product's, the only one tests use for generated audio. */
export const prng = random;

export type NoiseKind = 'babble' | 'pink' | 'white' | 'brown';

/** White noise, uniform in [-1, 1). */
export function whiteNoise(n: number, rand: () => number): Float64Array {
  return Float64Array.from({ length: n }, () => rand() * 2 - 1);
}

/** Pink-ish noise (Paul Kellet's economy filter over white noise): the simulator's room noise. */
export const pinkNoise = pink;

/** Brown(ian) noise: white noise through a leaky integrator (rumble: traffic, air conditioning). */
export function brownNoise(n: number, rand: () => number): Float64Array {
  const out = new Float64Array(n);
  let y = 0;
  for (let i = 0; i < n; i++) {
    y = 0.995 * y + (rand() * 2 - 1) * 0.1;
    out[i] = y;
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

const GENERATORS: Record<NoiseKind, (n: number, rand: () => number) => Float64Array> = {
  babble: (n, rand) => babbleNoise(n, rand),
  pink: pinkNoise,
  white: whiteNoise,
  brown: brownNoise,
};

/** `n` samples of noise of `kind` from `seed`; same seed, same samples. Unscaled. */
export function noise(n: number, seed: number, kind: NoiseKind): Float64Array {
  return GENERATORS[kind](n, prng(seed));
}

function rmsOf(x: ArrayLike<number>, from = 0, to = x.length): number {
  let a = 0;
  for (let i = from; i < to; i++) a += (x[i] as number) ** 2;
  return Math.sqrt(a / Math.max(1, to - from));
}

/** RMS over the active part of the signal (20 ms frames above -35 dB of the loudest frame): the SNR reference. */
export function activeRms(s: Int16Array): number {
  const frames: number[] = [];
  for (let i = 0; i + 320 <= s.length; i += 320) frames.push(rmsOf(s, i, i + 320));
  const peak = Math.max(0, ...frames);
  const active = frames.filter((r) => r > peak * 10 ** (-35 / 20));
  return Math.sqrt(active.reduce((a, r) => a + r * r, 0) / Math.max(1, active.length));
}

/** Adds noise so that activeRms(speech) / RMS(noise) = snrDb. Same inputs and seed -> same output. Clips to int16. */
export function mixNoise(samples: Int16Array, snrDb: number, seed: number, kind: NoiseKind = 'babble'): Int16Array {
  const n = noise(samples.length, seed, kind);
  const gain = activeRms(samples) / 10 ** (snrDb / 20) / Math.max(1e-9, rmsOf(n));
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = clip16((samples[i] as number) + (n[i] as number) * gain);
  return out;
}

/** Noise alone at a given RMS level in int16 units (e.g. 300 is a quiet room, 3000 a loud one). */
export function noiseOnly(length: number, rms: number, seed: number, kind: NoiseKind = 'pink'): Int16Array {
  const n = noise(length, seed, kind);
  const gain = rms / Math.max(1e-9, rmsOf(n));
  return Int16Array.from(n, (x) => clip16(x * gain));
}

function clip16(x: number): number {
  const v = Math.round(x);
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}
