/**
 * Any recognizer, with each utterance cleaned by RNNoise (rnnoise.ts) on its way in. RNNoise runs in its own worker
 * thread by default: it is a neural network (RTF 0.03-0.04 with the resampling; `npm run bench -- denoise`), and the
 * thread that carries audio, the UI server and the store must not wait on it. Denoised audio reaches the inner
 * recognizer in order; end() waits for the tail, so the final result covers every sample written.
 */
import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../worker/spawn.js';
import { SttError } from './errors.js';
import { createDenoiseHost, type FromDenoiser, type ToDenoiser } from './rnnoise-host.js';
import type { SttEngine, SttResult, SttSearch, SttStream } from './types.js';

export interface RnnoiseSttOptions {
  /** 'worker' (default) runs RNNoise in a worker thread; 'main' on the calling thread (for measurement). */
  thread?: 'worker' | 'main';
  /** close() closes the inner recognizer too. Default true. */
  closeInner?: boolean;
}

interface Channel {
  post(msg: ToDenoiser, transfer?: ArrayBuffer[]): void;
  close(): Promise<void>;
}

interface OpenUtterance {
  onAudio(samples: Int16Array): void;
  onEnd(samples: Int16Array): void;
  onError(err: SttError): void;
}

export class RnnoiseStt implements SttEngine {
  private readonly open = new Map<number, OpenUtterance>();
  private nextId = 1;
  private failure: SttError | undefined;
  private closed = false;

  private constructor(
    readonly inner: SttEngine,
    private readonly channel: Channel,
    private readonly closeInner: boolean,
  ) {}

  /** Starts RNNoise and resolves once it is loaded; rejects with stt_engine_missing when it cannot load. */
  static async start(inner: SttEngine, opts: RnnoiseSttOptions = {}): Promise<RnnoiseStt> {
    let self: RnnoiseStt | undefined;
    let settle: ((err?: SttError) => void) | undefined;
    const loaded = new Promise<void>((resolve, reject) => {
      settle = (err) => (err ? reject(err) : resolve());
    });
    const onMessage = (msg: FromDenoiser): void => {
      if (msg.t === 'ready') return settle?.();
      if (msg.t === 'error' && msg.id === undefined && !self) {
        return settle?.(
          new SttError('stt_engine_missing', `RNNoise could not load (${msg.message}). Reinstall with "npm ci", or set speech.denoise to "wiener" or "off".`),
        );
      }
      self?.onMessage(msg);
    };
    let channel: Channel;
    if (opts.thread === 'main') {
      const handle = createDenoiseHost((msg) => queueMicrotask(() => onMessage(msg)));
      channel = { post: (msg) => handle(msg), close: async () => handle({ t: 'close' }) };
    } else {
      const worker: Worker = spawnModuleWorker(import.meta.url, 'rnnoise-worker');
      worker.unref();
      worker.on('message', onMessage);
      worker.on('error', (err) => {
        const e = new SttError('stt_failed', `The noise reduction thread crashed: ${err.message}`, { cause: err });
        if (self) self.fail(e);
        else settle?.(e);
      });
      worker.on('exit', () => self?.fail(new SttError('stt_failed', 'The noise reduction thread exited.')));
      channel = {
        post: (msg, transfer) => worker.postMessage(msg, transfer ?? []),
        close: async () => {
          worker.postMessage({ t: 'close' } satisfies ToDenoiser);
          await Promise.race([new Promise((r) => worker.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
          await worker.terminate();
        },
      };
    }
    try {
      await loaded;
    } catch (err) {
      await channel.close();
      throw err;
    }
    self = new RnnoiseStt(inner, channel, opts.closeInner ?? true);
    return self;
  }

  get kind(): string {
    return this.inner.kind;
  }

  /** Why RNNoise stopped, if its thread failed; answers are then passed on as they are. */
  get lastError(): SttError | undefined {
    return this.closed ? undefined : this.failure;
  }

  begin(search: SttSearch): SttStream {
    if (this.closed) throw new SttError('stt_closed', 'The recognizer was closed.');
    // A robot that hears noisy answers is better than a deaf one.
    if (this.failure) return this.inner.begin(search);
    const id = this.nextId++;
    const s = this.inner.begin(search);
    let ended: Promise<SttResult> | undefined;
    let done = false;
    let failed: SttError | undefined;
    let settle: { resolve: (r: Promise<SttResult>) => void; reject: (e: Error) => void } | undefined;
    this.open.set(id, {
      onAudio: (x) => s.write(x),
      onEnd: (x) => {
        this.open.delete(id);
        if (x.length) s.write(x);
        settle?.resolve(s.end());
      },
      onError: (err) => {
        this.open.delete(id);
        failed = err;
        s.cancel();
        settle?.reject(err);
      },
    });
    this.channel.post({ t: 'begin', id });
    return {
      write: (samples) => {
        if (done || samples.length === 0) return;
        const copy = samples.slice(); // the caller keeps its buffer; the copy is transferred
        this.channel.post({ t: 'audio', id, samples: copy }, [copy.buffer as ArrayBuffer]);
      },
      partial: () => s.partial(),
      end: () => {
        if (ended) return ended;
        if (failed) return (ended = Promise.reject(failed));
        if (done) return (ended = s.end()); // cancelled: the inner stream says so
        done = true;
        ended = new Promise<SttResult>((resolve, reject) => (settle = { resolve, reject }));
        this.channel.post({ t: 'end', id });
        return ended;
      },
      cancel: () => {
        if (!done) this.channel.post({ t: 'cancel', id });
        done = true;
        this.open.delete(id);
        s.cancel();
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.channel.close();
    this.fail(new SttError('stt_closed', 'The recognizer was closed.'));
    if (this.closeInner) await this.inner.close();
  }

  private onMessage(msg: FromDenoiser): void {
    if (msg.t === 'ready') return;
    if (msg.id === undefined) return;
    const u = this.open.get(msg.id);
    if (!u) return;
    if (msg.t === 'audio') u.onAudio(msg.samples);
    else if (msg.t === 'end') u.onEnd(msg.samples);
    else u.onError(new SttError('stt_failed', `Noise reduction failed: ${msg.message}`));
  }

  private fail(err: SttError): void {
    this.failure ??= err;
    for (const u of this.open.values()) u.onError(err);
    this.open.clear();
  }
}
