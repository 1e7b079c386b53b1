/**
 * Where the decoder runs: a worker thread (default: decoding never blocks the event loop that carries audio,
 * the UI server and the store) or the calling thread (for measurement; see test/bench/stt.ts).
 */
import { Worker } from 'node:worker_threads';
import { createHost } from './host.mjs';

/** Decoder protocol messages (host.mjs documents each). */
export type HostMessage = { t: string; id?: number } & Record<string, unknown>;

export interface DecoderChannel {
  post(msg: HostMessage, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (msg: HostMessage) => void): void;
  close(): Promise<void>;
}

export function workerChannel(): DecoderChannel {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url));
  worker.unref();
  const listeners: ((m: HostMessage) => void)[] = [];
  worker.on('message', (m: HostMessage) => listeners.forEach((l) => l(m)));
  worker.on('error', (e) => listeners.forEach((l) => l({ t: 'error', code: 'stt_failed', message: `decoder thread crashed: ${e.message}` })));
  return {
    post: (msg, transfer) => worker.postMessage(msg, transfer ?? []),
    onMessage: (l) => listeners.push(l),
    close: async () => {
      worker.postMessage({ t: 'close' });
      await Promise.race([new Promise((r) => worker.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
      await worker.terminate();
    },
  };
}

export function inProcessChannel(): DecoderChannel {
  const listeners: ((m: HostMessage) => void)[] = [];
  const handle = createHost((m) => {
    const msg = m as HostMessage;
    queueMicrotask(() => listeners.forEach((l) => l(msg)));
  });
  return {
    post: (msg) => handle(msg),
    onMessage: (l) => listeners.push(l),
    close: async () => handle({ t: 'close' }),
  };
}
