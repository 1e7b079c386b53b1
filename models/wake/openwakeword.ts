/**
 * openWakeWord as a `WakeWordEngine`: buffers any frame length into 80 ms hops, scores them in a worker thread
 * (or in-thread when asked, for tests and benches) and applies threshold + refractory period (gate.ts).
 * The weights are CC BY-NC-SA 4.0: show OPENWAKEWORD_LICENCE_NOTICE to users.
 */
import type { WakeDetection, WakeWordEngine } from './types.js';
import { DetectionGate, type GateOptions } from './gate.js';
import type { HopScorer } from './hop-scorer.js';
import { InlineHopScorer } from './inline-scorer.js';
import { OPENWAKEWORD_PHRASES, openWakeWordModelPaths, type OpenWakeWordPhrase } from './openwakeword-assets.js';
import { HOP_MS } from './openwakeword-pipeline.js';
import { WorkerHopScorer } from './worker-scorer.js';
import { WakeWordError } from './errors.js';

/**
 * Default score threshold. Measured on generated speech (test/bench/wake.ts): positives at 15 dB SNR and slow
 * speech peak as low as 0.34; 30 minutes of non-wake talk and noise peak at 0.015 with the speech gate (0.36
 * without it, on noise onsets). At 0.5, 3 of 36 positives were missed (8%); at 0.3, none.
 */
export const OPENWAKEWORD_DEFAULT_THRESHOLD = 0.3;

export interface OpenWakeWordOptions extends GateOptions {
  phrase?: OpenWakeWordPhrase; // default 'hey_jarvis'
  /** 'worker' (default): inference off the audio thread. 'inline': in the caller's thread. */
  thread?: 'worker' | 'inline';
  /** Count scores only where Silero VAD heard speech (speech-gate.ts); default true. */
  speechGate?: boolean;
}

export class OpenWakeWord implements WakeWordEngine {
  readonly kind = 'openwakeword';
  readonly phrase: string;
  private readonly gate: DetectionGate;
  private pending: Int16Array;
  private pendingLength = 0;
  private hopsScored = 0;
  private score = 0;
  private closed = false;
  private epoch = 0; // bumped by reset(): scores of audio sent before it are dropped
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly scorer: HopScorer,
    readonly phraseId: OpenWakeWordPhrase,
    gate: GateOptions = {},
  ) {
    this.phrase = OPENWAKEWORD_PHRASES[phraseId].spoken;
    this.gate = new DetectionGate({ ...gate, threshold: gate.threshold ?? OPENWAKEWORD_DEFAULT_THRESHOLD });
    this.pending = new Int16Array(scorer.hopSamples * 4);
  }

  static async create(options: OpenWakeWordOptions = {}): Promise<OpenWakeWord> {
    const phrase = options.phrase ?? 'hey_jarvis';
    openWakeWordModelPaths(phrase); // fails early, in this thread, on an unknown phrase or a missing package
    const gateOptions = { speechGate: options.speechGate };
    const scorer = options.thread === 'inline' ? await InlineHopScorer.load(phrase, gateOptions) : await WorkerHopScorer.start(phrase, gateOptions);
    return new OpenWakeWord(scorer, phrase, options);
  }

  get threshold(): number {
    return this.gate.threshold;
  }

  /** Milliseconds spent in inference so far (worker or inline). */
  get busyMs(): number {
    return (this.scorer as { busyMs?: number }).busyMs ?? 0;
  }

  process(samples: Int16Array): Promise<WakeDetection[]> {
    if (this.closed) return Promise.reject(new WakeWordError('wake_closed', 'The wake word engine was closed; create a new one.'));
    const hops = this.takeWholeHops(samples); // synchronously, so chunks keep their order
    const epoch = this.epoch;
    const next = this.queue.then(() => this.scoreHops(hops, epoch));
    this.queue = next.catch(() => undefined);
    return next;
  }

  lastScore(): number {
    return this.score;
  }

  reset(): void {
    this.epoch++;
    this.pendingLength = 0;
    this.hopsScored = 0;
    this.score = 0;
    this.gate.reset();
    this.queue = this.queue.then(() => this.scorer.reset()).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.scorer.close();
  }

  private takeWholeHops(samples: Int16Array): Int16Array {
    const needed = this.pendingLength + samples.length;
    if (needed > this.pending.length) {
      const bigger = new Int16Array(Math.max(needed, this.pending.length * 2));
      bigger.set(this.pending.subarray(0, this.pendingLength));
      this.pending = bigger;
    }
    this.pending.set(samples, this.pendingLength);
    this.pendingLength = needed;
    const whole = Math.floor(needed / this.scorer.hopSamples) * this.scorer.hopSamples;
    const hops = this.pending.slice(0, whole);
    this.pending.copyWithin(0, whole, needed);
    this.pendingLength = needed - whole;
    return hops;
  }

  private async scoreHops(hops: Int16Array, epoch: number): Promise<WakeDetection[]> {
    if (hops.length === 0 || epoch !== this.epoch) return [];
    const scores = await this.scorer.score(hops);
    if (epoch !== this.epoch) return [];
    const detections: WakeDetection[] = [];
    for (const score of scores) {
      this.hopsScored++;
      this.score = score;
      const atMs = this.hopsScored * HOP_MS;
      if (this.gate.update(score, atMs)) detections.push({ phrase: this.phrase, score, atMs });
    }
    return detections;
  }
}
