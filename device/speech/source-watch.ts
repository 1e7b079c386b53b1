import type { AudioFrame, AudioSource } from '../../drivers/audio/types.js';

/**
 * Passes the source's frames through and reports when they stop for any reason other than our own stop
 * (`signal` aborted or `close()`): a microphone that was unplugged, a recorder that died. The voice host
 * (voice-host.ts) then turns voice off and tries the devices again later.
 */
export function watchSource(source: AudioSource, onEnded: (err: Error | null) => void): AudioSource {
  let closed = false;
  return {
    kind: source.kind,
    async *frames(signal?: AbortSignal): AsyncIterable<AudioFrame> {
      let failure: Error | null = null;
      try {
        yield* source.frames(signal);
      } catch (err) {
        failure = err instanceof Error ? err : new Error(String(err));
        throw err;
      } finally {
        if (!closed && !signal?.aborted) onEnded(failure);
      }
    },
    close: () => {
      closed = true;
      return source.close();
    },
  };
}
