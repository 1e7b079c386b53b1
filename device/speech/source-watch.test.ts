import { describe, expect, it } from 'vitest';
import type { AudioFrame, AudioSource } from '../../drivers/audio/types.js';
import { watchSource } from './source-watch.js';

/** A source that yields `n` frames, then ends or fails. */
function source(n: number, failWith?: Error): AudioSource {
  return {
    kind: 'test',
    async *frames(signal?: AbortSignal): AsyncIterable<AudioFrame> {
      for (let i = 0; i < n && !signal?.aborted; i++) yield { samples: new Int16Array(320), timeMs: i * 20 };
      if (failWith) throw failWith;
    },
    close: async () => undefined,
  };
}

async function drain(s: AudioSource, signal?: AbortSignal, stopAfter = Infinity): Promise<number> {
  let n = 0;
  try {
    for await (const _ of s.frames(signal)) if (++n >= stopAfter) break;
  } catch {
    // the watched source rethrows its failure
  }
  return n;
}

describe('watchSource', () => {
  it('reports a source that stopped on its own (unplugged), with the error when it failed', async () => {
    const ended: (Error | null)[] = [];
    expect(await drain(watchSource(source(3), (e) => ended.push(e)))).toBe(3);
    await drain(watchSource(source(2, new Error('arecord died')), (e) => ended.push(e)));
    expect(ended.map((e) => e?.message ?? null)).toEqual([null, 'arecord died']);
  });

  it('stays quiet when we stopped it: an aborted signal or close()', async () => {
    const ended: (Error | null)[] = [];
    const ac = new AbortController();
    ac.abort();
    await drain(
      watchSource(source(3), (e) => ended.push(e)),
      ac.signal,
    );
    const closing = watchSource(source(3), (e) => ended.push(e));
    await closing.close();
    await drain(closing);
    expect(ended).toEqual([]);
  });
});
