/**
 * Speech fixtures rendered at test time: text -> flite or festival -> 16 kHz mono Int16Array, cached under
 * test/.tmp/speech keyed by a hash of (engine, voice, stretch, text), so a corpus is synthesized once per machine.
 * Noise is generated from a seeded PRNG: the same seed gives the same samples on every run.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseWav } from './wav.js';

const run = promisify(execFile);
export const FIXTURE_RATE = 16_000;
const CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '.tmp', 'speech');

export type FliteVoice = 'slt' | 'rms' | 'awb' | 'kal16' | 'kal';
export type FestivalVoice = 'cmu_us_slt_arctic_hts' | 'kal_diphone';
/** stretch > 1 speaks slower, < 1 faster (duration multiplier). */
export type VoiceSpec = { engine: 'flite'; voice: FliteVoice; stretch?: number } | { engine: 'festival'; voice: FestivalVoice; stretch?: number };

export function voiceLabel(v: VoiceSpec): string {
  return `${v.engine}:${v.voice}${v.stretch && v.stretch !== 1 ? `@${v.stretch}` : ''}`;
}

/** Renders `text` with `voice`; 16 kHz mono. Cached on disk. */
export async function renderSpeech(text: string, voice: VoiceSpec): Promise<Int16Array> {
  const key = createHash('sha256')
    .update(JSON.stringify({ v: 2, voice, text }))
    .digest('hex')
    .slice(0, 32);
  const cached = join(CACHE_DIR, `${key}.wav`);
  if (existsSync(cached)) return toRate(parseWav(await readFile(cached)));
  await mkdir(CACHE_DIR, { recursive: true });
  const tmp = join(tmpdir(), `fd-speech-${process.pid}-${key}.wav`);
  try {
    const stretch = String(voice.stretch ?? 1);
    if (voice.engine === 'flite') {
      await run('flite', ['-voice', voice.voice, '--setf', `duration_stretch=${stretch}`, '-t', text, '-o', tmp]);
    } else {
      const textFile = `${tmp}.txt`;
      await writeFile(textFile, text);
      try {
        const setup = `(begin (voice_${voice.voice}) (Parameter.set 'Duration_Stretch ${stretch}))`;
        await run('text2wave', ['-eval', setup, '-F', String(FIXTURE_RATE), '-o', tmp, textFile]);
        // HTS voices ignore Duration_Stretch: change their tempo (pitch kept) with sox instead.
        if (voice.voice.endsWith('_hts') && stretch !== '1') {
          const slowed = `${tmp}.tempo.wav`;
          await run('sox', [tmp, slowed, 'tempo', '-s', String(1 / Number(stretch))]);
          await rename(slowed, tmp);
        }
      } finally {
        await rm(textFile, { force: true });
      }
    }
    const samples = toRate(parseWav(await readFile(tmp)));
    await rename(tmp, cached).catch(() => undefined);
    return samples;
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Renders many texts, `parallel` processes at a time (2 cores here). */
export async function renderAll(items: { text: string; voice: VoiceSpec }[], parallel = 2): Promise<Int16Array[]> {
  const out: Int16Array[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      const item = items[i]!;
      out[i] = await renderSpeech(item.text, item.voice);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

function toRate(audio: { sampleRate: number; samples: Int16Array }): Int16Array {
  return audio.sampleRate === FIXTURE_RATE ? audio.samples : resampleLinear(audio.samples, audio.sampleRate, FIXTURE_RATE);
}

/** Linear-interpolation resampler; good enough for fixtures (8 kHz voices up to 16 kHz). */
export function resampleLinear(input: Int16Array, fromHz: number, toHz: number): Int16Array {
  const n = Math.floor((input.length * toHz) / fromHz);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const pos = (i * fromHz) / toHz;
    const j = Math.floor(pos);
    const a = input[j] ?? 0;
    const b = input[j + 1] ?? a;
    out[i] = Math.round(a + (b - a) * (pos - j));
  }
  return out;
}

/** Deterministic PRNG (mulberry32): uniform in [0, 1). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type NoiseColor = 'white' | 'pink' | 'brown';

/** Gaussian-ish noise of unit RMS (float), coloured by simple filters. */
export function noise(length: number, seed: number, color: NoiseColor = 'pink'): Float32Array {
  const rand = prng(seed);
  const out = new Float32Array(length);
  let b0 = 0,
    b1 = 0,
    b2 = 0,
    brown = 0;
  for (let i = 0; i < length; i++) {
    const w = (rand() + rand() + rand() + rand() - 2) * 1.732; // approx N(0,1)
    if (color === 'white') out[i] = w;
    else if (color === 'pink') {
      // Paul Kellet's economy pink filter.
      b0 = 0.99765 * b0 + w * 0.099046;
      b1 = 0.963 * b1 + w * 0.2965164;
      b2 = 0.57 * b2 + w * 1.0526913;
      out[i] = b0 + b1 + b2 + w * 0.1848;
    } else {
      brown = 0.995 * brown + w * 0.1;
      out[i] = brown;
    }
  }
  const rms = Math.sqrt(out.reduce((s, x) => s + x * x, 0) / Math.max(1, length)) || 1;
  for (let i = 0; i < length; i++) out[i] = out[i]! / rms;
  return out;
}

/** Power of the active part of a signal: mean square over 20 ms frames within 40 dB of the loudest frame. */
export function activePower(samples: Int16Array): number {
  const frame = 320;
  const powers: number[] = [];
  for (let at = 0; at + frame <= samples.length; at += frame) {
    let p = 0;
    for (let i = at; i < at + frame; i++) p += samples[i]! * samples[i]!;
    powers.push(p / frame);
  }
  const max = Math.max(0, ...powers);
  const active = powers.filter((p) => p > max * 1e-4);
  return active.length ? active.reduce((a, b) => a + b, 0) / active.length : 0;
}

/** Adds seeded noise so that (active speech power) / (noise power) = snrDb. Clips to int16. */
export function mixNoise(samples: Int16Array, snrDb: number, seed: number, color: NoiseColor = 'pink'): Int16Array {
  const n = noise(samples.length, seed, color);
  const noiseRms = Math.sqrt(activePower(samples) / 10 ** (snrDb / 10));
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = clip16(samples[i]! + n[i]! * noiseRms);
  return out;
}

/** Noise alone at a given RMS level in int16 units (e.g. 300 is a quiet room, 3000 a loud one). */
export function noiseOnly(length: number, rms: number, seed: number, color: NoiseColor = 'pink'): Int16Array {
  const n = noise(length, seed, color);
  const out = new Int16Array(length);
  for (let i = 0; i < length; i++) out[i] = clip16(n[i]! * rms);
  return out;
}

export function silence(ms: number): Int16Array {
  return new Int16Array(Math.round((ms * FIXTURE_RATE) / 1000));
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
  return (samples.length * 1000) / FIXTURE_RATE;
}

function clip16(x: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(x)));
}
