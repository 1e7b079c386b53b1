/**
 * Voice over audio: normalise text for speech -> TTS -> sink, streamed sentence by sentence. `startedAt` is the
 * epoch ms the first sample was handed to the sink. Marks the echo guard while playing; on barge-in stops the
 * sink and returns `interrupted: true`. An aborted `signal` stops playback and rethrows the signal's reason.
 */
import type { AudioSink } from '../../drivers/audio/types.js';
import type { Spoken, Voice } from '../speech.js';
import { normalizeForSpeech, splitSentences } from '../tts/normalize.js';
import type { TtsEngine } from '../tts/types.js';
import type { EchoGuard } from './echo-guard.js';

export interface AudioVoiceOptions {
  tts: TtsEngine;
  sink: AudioSink;
  echo?: EchoGuard;
  /** Apply normalizeForSpeech (phones by digit, emails spelled...). Default true. */
  normalize?: boolean;
}

export class AudioVoice implements Voice {
  readonly kind = 'audio';
  /** Time to first audio of the last say(), ms (synthesis latency as heard). */
  lastFirstChunkMs = 0;

  constructor(private readonly opts: AudioVoiceOptions) {}

  /** Synthesizes the first sentence ahead into the TTS's cache (when it has one: CachedTts.warm). */
  prepare(text: string): void {
    const tts = this.opts.tts as TtsEngine & { warm?: (texts: readonly string[]) => Promise<void> };
    const first = splitSentences(this.opts.normalize === false ? text : normalizeForSpeech(text))[0];
    if (first && tts.warm) tts.warm([first]).catch(() => undefined); // a hint: say() synthesizes anyway if this failed
  }

  async say(text: string, signal?: AbortSignal): Promise<Spoken> {
    const { tts, sink, echo } = this.opts;
    if (signal?.aborted) throw signal.reason;
    const spoken = this.opts.normalize === false ? text : normalizeForSpeech(text);
    const stop = new AbortController();
    let interrupted = false;
    const onAbort = () => stop.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const offBarge = echo?.onBargeIn(() => {
      interrupted = true;
      stop.abort(new Error('barge-in'));
    });
    const t0 = performance.now();
    let startedAt = 0;
    let writes: Promise<void> = Promise.resolve();
    echo?.speaking();
    try {
      await tts.synthesize(spoken, {
        signal: stop.signal,
        onChunk: (samples, rate) => {
          if (stop.signal.aborted) return;
          writes = writes.then(() => {
            if (stop.signal.aborted) return;
            if (!startedAt) {
              startedAt = Date.now();
              this.lastFirstChunkMs = performance.now() - t0;
            }
            const written = sink.write(samples, rate);
            echo?.played(samples, rate); // the guard tells the robot's echo from a visitor talking over it
            return written;
          });
        },
      });
      await writes;
      if (!stop.signal.aborted) await raceAbort(sink.drain(), stop.signal);
    } catch (e) {
      if (!stop.signal.aborted) throw e;
    } finally {
      if (stop.signal.aborted) sink.stop();
      echo?.silent();
      offBarge?.();
      signal?.removeEventListener('abort', onAbort);
    }
    if (signal?.aborted && !interrupted) throw signal.reason;
    const endedAt = Date.now();
    return { text, startedAt: startedAt || endedAt, endedAt, interrupted, engine: `${tts.kind}:${tts.voice}` };
  }
}

function raceAbort(p: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
