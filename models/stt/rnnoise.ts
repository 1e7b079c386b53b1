/**
 * RNNoise (Valin, Xiph; BSD, weights built in) in front of a recognizer: a small recurrent network that predicts a
 * gain per band every 10 ms, trained on real speech and real noise. It runs at 48 kHz, so 16 kHz audio is upsampled
 * by 3 on the way in and downsampled on the way out (one windowed-sinc low-pass at 7.6 kHz serves both). Output
 * lags input by 11.9 ms (RNNoise's 10 ms frame plus the two filters); flush() pushes the tail out.
 *
 * The WebAssembly build is the one in `@jitsi/rnnoise-wasm` (Apache-2.0; pinned): its Emscripten glue is written for
 * browsers, so the .wasm is instantiated here with the two functions it imports. The export names are minified by
 * Emscripten; RNNOISE_EXPORTS maps them and rnnoise.test.ts checks the map against the package's own glue.
 *
 * Measured against the Wiener filter (denoise.ts) on the voice-visit answers decoded alone (fixture + held-out sets,
 * 15 dB babble and pink noise): noisy phones 26 -> 32 of 42 exact, clean phones 39 -> 39 of 42, emails unchanged.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { concat16 } from '../../drivers/audio/frames.js';

/** Exports of rnnoise.wasm by their C names (Emscripten minifies them to letters). */
export const RNNOISE_EXPORTS = {
  memory: 'c',
  ctors: 'd',
  rnnoise_create: 'f',
  malloc: 'g',
  rnnoise_destroy: 'h',
  free: 'i',
  rnnoise_process_frame: 'j',
} as const;

/** Samples per RNNoise frame at 48 kHz (10 ms). */
const FRAME = 480;
/** Taps of the 48 kHz low-pass, per phase of the 1:3 polyphase resampler. */
const TAPS_PER_PHASE = 32;
const TAPS = 3 * TAPS_PER_PHASE;

interface RnnoiseWasm {
  memory: WasmMemory;
  create(): number;
  destroy(state: number): void;
  /** Denoises FRAME floats (int16 scale) at `inp` into `out`; returns RNNoise's voice probability. */
  processFrame(state: number, out: number, inp: number): number;
  malloc(bytes: number): number;
  free(ptr: number): void;
}

/** The bits of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const isMemory = (m: unknown): m is WasmMemory =>
  typeof m === 'object' && m !== null && typeof (m as WasmMemory).grow === 'function' && (m as WasmMemory).buffer instanceof ArrayBuffer;

let loaded: RnnoiseWasm | undefined;

/** The package's .wasm file. */
export function rnnoiseWasmPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@jitsi/rnnoise-wasm/package.json')), 'dist', 'rnnoise.wasm');
}

/** Instantiates RNNoise once per thread (synchronously: the module is 110 kB). */
export function loadRnnoise(): RnnoiseWasm {
  if (loaded) return loaded;
  const module = new wasmApi.Module(readFileSync(rnnoiseWasmPath()));
  let memory: WasmMemory | undefined;
  const mem = (): WasmMemory => {
    if (!memory) throw new Error('RNNoise memory used before instantiation');
    return memory;
  };
  const imports = {
    a: {
      // emscripten_resize_heap(requestedBytes): grow the linear memory; false when it cannot.
      a: (requested: number): boolean => {
        const m = mem();
        const need = (requested >>> 0) - m.buffer.byteLength;
        if (need <= 0) return true;
        try {
          m.grow(Math.ceil(need / 65536));
          return true;
        } catch {
          return false;
        }
      },
      // emscripten_memcpy_big(dest, src, n)
      b: (dest: number, src: number, n: number): void => {
        const u8 = new Uint8Array(mem().buffer);
        u8.copyWithin(dest, src, src + n);
      },
    },
  };
  const instance = new wasmApi.Instance(module, imports);
  const ex = instance.exports as Record<string, unknown>;
  const fn = (name: keyof typeof RNNOISE_EXPORTS): ((...args: number[]) => number) => {
    const f = ex[RNNOISE_EXPORTS[name]];
    if (typeof f !== 'function') throw new Error(`rnnoise.wasm has no export for ${name}; is @jitsi/rnnoise-wasm the pinned version?`);
    return f as (...args: number[]) => number;
  };
  const m = ex[RNNOISE_EXPORTS.memory];
  if (!isMemory(m)) throw new Error('rnnoise.wasm exports no memory; is @jitsi/rnnoise-wasm the pinned version?');
  memory = m;
  fn('ctors')();
  const create = fn('rnnoise_create');
  const destroy = fn('rnnoise_destroy');
  const processFrame = fn('rnnoise_process_frame');
  const malloc = fn('malloc');
  const free = fn('free');
  loaded = {
    memory: m,
    create: () => create(0), // 0: the built-in model
    destroy: (s) => void destroy(s),
    processFrame: (s, out, inp) => processFrame(s, out, inp),
    malloc: (n) => malloc(n),
    free: (p) => void free(p),
  };
  return loaded;
}

/** Windowed-sinc (Blackman) low-pass at 48 kHz, cut at 7.6 kHz, unit DC gain. */
const LOW_PASS = ((): Float64Array => {
  const h = new Float64Array(TAPS);
  const fc = 7600 / 48000;
  const mid = (TAPS - 1) / 2;
  let sum = 0;
  for (let j = 0; j < TAPS; j++) {
    const t = j - mid;
    const sinc = t === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
    const w = 0.42 - 0.5 * Math.cos((2 * Math.PI * j) / (TAPS - 1)) + 0.08 * Math.cos((4 * Math.PI * j) / (TAPS - 1));
    h[j] = sinc * w;
    sum += sinc * w;
  }
  for (let j = 0; j < TAPS; j++) h[j] = (h[j] as number) / sum;
  return h;
})();

/** One utterance's denoiser: 16 kHz int16 in, 16 kHz int16 out. destroy() frees its state in the wasm heap. */
export class RnnoiseDenoiser {
  private readonly wasm: RnnoiseWasm;
  private readonly state: number;
  private readonly buf: number;
  /** Last input samples at 16 kHz, for the upsampling filter. */
  private upHist = new Float64Array(TAPS_PER_PHASE - 1);
  /** Last output samples at 48 kHz, for the downsampling filter. */
  private downHist = new Float64Array(TAPS - 1);
  private readonly frame = new Float32Array(FRAME);
  private fill = 0;
  private destroyed = false;

  constructor(wasm: RnnoiseWasm = loadRnnoise()) {
    this.wasm = wasm;
    this.state = wasm.create();
    this.buf = wasm.malloc(FRAME * 4);
    if (!this.state || !this.buf) throw new Error('RNNoise could not allocate its state');
  }

  /** Feeds samples; returns the denoised samples ready so far (multiples of 160). */
  process(samples: Int16Array): Int16Array {
    if (this.destroyed) throw new Error('RNNoise denoiser used after destroy()');
    const K = TAPS_PER_PHASE;
    const x = new Float64Array(K - 1 + samples.length);
    x.set(this.upHist);
    for (let i = 0; i < samples.length; i++) x[K - 1 + i] = samples[i] as number;
    const out: Int16Array[] = [];
    for (let n = 0; n < samples.length; n++) {
      for (let p = 0; p < 3; p++) {
        let acc = 0;
        for (let k = 0; k < K; k++) acc += (x[n + K - 1 - k] as number) * (LOW_PASS[3 * k + p] as number);
        this.frame[this.fill++] = 3 * acc;
        if (this.fill === FRAME) {
          out.push(this.runFrame());
          this.fill = 0;
        }
      }
    }
    this.upHist = x.slice(x.length - (K - 1));
    return out.length === 1 ? (out[0] as Int16Array) : concat16(out);
  }

  /** Pushes out what is still inside the filters (about 12 ms of audio). */
  flush(): Int16Array {
    return this.process(new Int16Array(320));
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.wasm.free(this.buf);
    this.wasm.destroy(this.state);
  }

  private runFrame(): Int16Array {
    // The heap view is taken per frame: the wasm memory may have grown (and its buffer been replaced).
    new Float32Array(this.wasm.memory.buffer, this.buf, FRAME).set(this.frame);
    this.wasm.processFrame(this.state, this.buf, this.buf);
    const z = new Float32Array(this.wasm.memory.buffer, this.buf, FRAME);
    const L = TAPS;
    const zb = new Float64Array(L - 1 + FRAME);
    zb.set(this.downHist);
    for (let i = 0; i < FRAME; i++) zb[L - 1 + i] = z[i] as number;
    const out = new Int16Array(FRAME / 3);
    for (let m = 0; m < FRAME / 3; m++) {
      let acc = 0;
      for (let j = 0; j < L; j++) acc += (zb[3 * m + L - 1 - j] as number) * (LOW_PASS[j] as number);
      out[m] = Math.max(-32768, Math.min(32767, Math.round(acc)));
    }
    this.downHist = zb.slice(zb.length - (L - 1));
    return out;
  }
}
