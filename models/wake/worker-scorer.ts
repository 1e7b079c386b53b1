/** Main-thread side of the wake word worker: the audio path posts hops and awaits scores, never blocking. */
import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../worker/spawn.js';
import { WakeWordError, type WakeErrorCode } from './errors.js';
import type { HopScorer } from './hop-scorer.js';
import type { InlineScorerOptions } from './inline-scorer.js';
import { HOP_SAMPLES } from './openwakeword-pipeline.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

interface Pending {
  resolve: (msg: FromWorker) => void;
  reject: (err: Error) => void;
}

export class WorkerHopScorer implements HopScorer {
  readonly hopSamples = HOP_SAMPLES;
  /** Milliseconds the worker spent inside inference so far (for CPU share figures). */
  busyMs = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (msg: FromWorker) => this.onMessage(msg));
    worker.on('error', (err) => this.fail(new WakeWordError('wake_worker_exit', `Wake word worker crashed: ${err.message}`, { cause: err })));
    worker.on('exit', (code) => this.fail(new WakeWordError('wake_worker_exit', `Wake word worker exited (code ${code}).`)));
  }

  static async start(phrase: string, options: InlineScorerOptions = {}): Promise<WorkerHopScorer> {
    const worker = spawnModuleWorker(import.meta.url, 'worker');
    const loaded = new Promise<FromWorker>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    worker.postMessage({ type: 'load', phrase, speechGate: options.speechGate !== false } satisfies ToWorker);
    const first = await loaded.catch((err: unknown) => {
      void worker.terminate();
      throw new WakeWordError('wake_model_load', `Wake word worker failed to start: ${String(err)}`, { cause: err });
    });
    if (first.type === 'failed') {
      await worker.terminate();
      throw new WakeWordError(first.code as WakeErrorCode, first.message);
    }
    return new WorkerHopScorer(worker);
  }

  async score(hops: Int16Array): Promise<number[]> {
    if (hops.length === 0) return [];
    // Copy so the caller's buffer stays usable; the copy is transferred, not cloned.
    const copy = hops.slice();
    const reply = await this.request((id) => ({ type: 'score', id, hops: copy }), [copy.buffer as ArrayBuffer]);
    if (reply.type !== 'scores') throw new WakeWordError('wake_inference', `Unexpected reply ${reply.type}`);
    this.busyMs += reply.busyMs;
    return reply.scores;
  }

  async reset(): Promise<void> {
    await this.request((id) => ({ type: 'reset', id }));
  }

  async close(): Promise<void> {
    if (this.failure) return;
    try {
      await this.request((id) => ({ type: 'close', id }));
    } finally {
      this.failure = new WakeWordError('wake_closed', 'The wake word engine was closed; create a new one.');
      await this.worker.terminate();
    }
  }

  private request(make: (id: number) => ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<FromWorker>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(make(id), transfer);
    });
  }

  private onMessage(msg: FromWorker): void {
    if (msg.type === 'loaded' || msg.id === undefined) return;
    const waiter = this.pending.get(msg.id);
    if (!waiter) return;
    this.pending.delete(msg.id);
    if (msg.type === 'failed') waiter.reject(new WakeWordError(msg.code as WakeErrorCode, msg.message));
    else waiter.resolve(msg);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
  }
}
