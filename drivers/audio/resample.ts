/**
 * Pure-TS sample-rate conversion and channel mixing for int16 PCM. Windowed-sinc interpolation (Blackman window,
 * 16 zero crossings each side) with the cut-off at the lower of the two Nyquist rates, so downsampling does not
 * alias. Good enough for speech at 8-48 kHz; not a mastering-grade resampler.
 */
const HALF_TAPS = 16;

export function resample(input: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError(`bad sample rates ${fromRate} -> ${toRate}`);
  if (fromRate === toRate || input.length === 0) return input.slice();
  const ratio = toRate / fromRate;
  const outLen = Math.max(0, Math.round(input.length * ratio));
  const out = new Int16Array(outLen);
  // Cut-off as a fraction of the input rate's Nyquist.
  const cutoff = Math.min(1, ratio);
  const halfWidth = HALF_TAPS / cutoff; // in input samples
  for (let i = 0; i < outLen; i++) {
    const center = i / ratio;
    const lo = Math.max(0, Math.ceil(center - halfWidth));
    const hi = Math.min(input.length - 1, Math.floor(center + halfWidth));
    let acc = 0;
    let wsum = 0;
    for (let j = lo; j <= hi; j++) {
      const x = j - center;
      const w = kernel(x * cutoff, x / halfWidth);
      acc += (input[j] as number) * w;
      wsum += w;
    }
    // Normalise by the kernel sum near the edges so a constant signal stays constant.
    const v = wsum !== 0 ? acc / wsum : 0;
    out[i] = clamp16(v);
  }
  return out;
}

function kernel(x: number, t: number): number {
  if (Math.abs(t) >= 1) return 0;
  const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
  // Blackman window over t in [-1, 1].
  const win = 0.42 + 0.5 * Math.cos(Math.PI * t) + 0.08 * Math.cos(2 * Math.PI * t);
  return sinc * win;
}

/** Averages interleaved channels into one. */
export function toMono(interleaved: Int16Array, channels: number): Int16Array {
  if (channels === 1) return interleaved.slice();
  const n = Math.floor(interleaved.length / channels);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += interleaved[i * channels + c] as number;
    out[i] = clamp16(s / channels);
  }
  return out;
}

export function clamp16(v: number): number {
  const r = Math.round(v);
  return r > 32767 ? 32767 : r < -32768 ? -32768 : r;
}
