/**
 * RNNoise denoisers by utterance, behind messages: the same handler runs in the worker thread (rnnoise-worker.ts) or
 * on the calling thread (RnnoiseStt's `thread: 'main'`, for measurement).
 */
import { loadRnnoise, RnnoiseDenoiser } from './rnnoise.js';

/**
 * In:  {t:'begin', id} | {t:'audio', id, samples} | {t:'end', id} | {t:'cancel', id} | {t:'close'}
 * Out: {t:'ready'} or {t:'error', message} once, after loading | {t:'audio', id, samples} (denoised, in order) |
 *      {t:'end', id, samples} (the tail; the utterance is closed) | {t:'error', id, message}
 */
export type ToDenoiser =
  { t: 'begin'; id: number } | { t: 'audio'; id: number; samples: Int16Array } | { t: 'end'; id: number } | { t: 'cancel'; id: number } | { t: 'close' };
export type FromDenoiser =
  | { t: 'ready' }
  | { t: 'audio'; id: number; samples: Int16Array }
  | { t: 'end'; id: number; samples: Int16Array }
  | { t: 'error'; id?: number; message: string };

/** Loads RNNoise (answering ready or error) and returns the message handler. */
export function createDenoiseHost(send: (msg: FromDenoiser, transfer?: ArrayBuffer[]) => void): (msg: ToDenoiser) => void {
  const open = new Map<number, RnnoiseDenoiser>();
  try {
    loadRnnoise();
    send({ t: 'ready' });
  } catch (err) {
    send({ t: 'error', message: err instanceof Error ? err.message : String(err) });
  }
  return (msg) => {
    try {
      switch (msg.t) {
        case 'begin':
          open.get(msg.id)?.destroy();
          open.set(msg.id, new RnnoiseDenoiser());
          return;
        case 'audio': {
          const d = open.get(msg.id);
          if (!d) return; // cancelled meanwhile
          const out = d.process(msg.samples);
          send({ t: 'audio', id: msg.id, samples: out }, [out.buffer as ArrayBuffer]);
          return;
        }
        case 'end': {
          const d = open.get(msg.id);
          if (!d) return;
          open.delete(msg.id);
          const out = d.flush();
          d.destroy();
          send({ t: 'end', id: msg.id, samples: out }, [out.buffer as ArrayBuffer]);
          return;
        }
        case 'cancel':
          open.get(msg.id)?.destroy();
          open.delete(msg.id);
          return;
        case 'close':
          for (const d of open.values()) d.destroy();
          open.clear();
          return;
      }
    } catch (err) {
      const id = 'id' in msg ? msg.id : undefined;
      if (id !== undefined) {
        open.get(id)?.destroy();
        open.delete(id);
      }
      send({ t: 'error', ...(id === undefined ? {} : { id }), message: err instanceof Error ? err.message : String(err) });
    }
  };
}
