/**
 * Room noise for simulated visits in audio: seeded pink noise mixed into what the virtual visitor says, at a
 * signal-to-noise ratio measured against the speech's active part (its louder 20 ms frames), so a quiet voice and a
 * loud one are equally hard to hear. The noise runs through a lead and a trail around each utterance, as a room's
 * does, so the endpointer must find the speech in it.
 */

export interface NoiseSpec {
  /** Speech to noise power, dB (15 is a busy lobby). */
  snrDb: number;
  /** Picks the noise, so a run is repeatable. */
  seed: number;
}

/** Noise before and after each utterance, ms. */
export const NOISE_LEAD_MS = 300;
export const NOISE_TRAIL_MS = 800;
const RATE = 16_000;

/** mulberry32: small, seeded, good enough for noise (test/support/render-speech.ts uses it too). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pink (1/f) noise, Paul Kellet's economy filter over white noise, unit-free. */
export function pink(n: number, rand: () => number): Float64Array {
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

/** Power of the speech's active frames: the 20 ms frames within 30 dB of the loudest. */
function activePower(s: Int16Array): number {
  const frame = RATE / 50;
  const powers: number[] = [];
  for (let i = 0; i + frame <= s.length; i += frame) {
    let p = 0;
    for (let j = i; j < i + frame; j++) p += s[j]! * s[j]!;
    powers.push(p / frame);
  }
  const max = Math.max(0, ...powers);
  const active = powers.filter((p) => p > max / 1000);
  return active.length ? active.reduce((a, b) => a + b, 0) / active.length : 0;
}

/** `speech` padded with a lead and a trail, with noise at `spec.snrDb` over the whole. */
export function withNoise(speech: Int16Array, spec: NoiseSpec): Int16Array {
  if (!Number.isFinite(spec.snrDb)) throw new RangeError(`snrDb must be a number, got ${spec.snrDb}`);
  const lead = (NOISE_LEAD_MS * RATE) / 1000;
  const out = new Int16Array(speech.length + lead + (NOISE_TRAIL_MS * RATE) / 1000);
  const noise = pink(out.length, random(spec.seed));
  let np = 0;
  for (const x of noise) np += x * x;
  np /= noise.length;
  const gain = np > 0 ? Math.sqrt(activePower(speech) / 10 ** (spec.snrDb / 10) / np) : 0;
  for (let i = 0; i < out.length; i++) {
    const s = i >= lead && i < lead + speech.length ? speech[i - lead]! : 0;
    out[i] = Math.max(-32768, Math.min(32767, Math.round(s + gain * noise[i]!)));
  }
  return out;
}
