import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenWakeWord } from './openwakeword.js';
import { OPENWAKEWORD_LICENCE_NOTICE, OPENWAKEWORD_PHRASE_IDS } from './openwakeword-assets.js';
import type { WakeDetection } from './types.js';
import { WakeWordError } from './errors.js';
import { closeRenderers, concat, durationMs, renderUtterance, silence } from '../../test/support/render-speech.js';

async function feed(engine: OpenWakeWord, samples: Int16Array, chunk: number): Promise<WakeDetection[]> {
  const out: WakeDetection[] = [];
  for (let at = 0; at < samples.length; at += chunk) out.push(...(await engine.process(samples.subarray(at, at + chunk))));
  return out;
}

describe('OpenWakeWord (worker thread)', () => {
  let engine: OpenWakeWord;
  let inline: OpenWakeWord;
  let speech: Int16Array;
  let stream: Int16Array;

  beforeAll(async () => {
    [engine, inline, speech] = await Promise.all([
      OpenWakeWord.create({ phrase: 'hey_jarvis' }),
      OpenWakeWord.create({ phrase: 'hey_jarvis', thread: 'inline' }),
      renderUtterance('hey jarvis', 'flite:rms'),
    ]);
    stream = concat([silence(1500), speech, silence(1500)]);
  });
  afterAll(async () => {
    await Promise.all([engine?.close(), inline?.close(), closeRenderers()]);
  });

  it('detects "hey jarvis" once, fed in 20 ms frames, at a time inside the utterance', async () => {
    engine.reset();
    const hits = await feed(engine, stream, 320);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.phrase).toBe('hey jarvis');
    expect(hits[0]!.score).toBeGreaterThanOrEqual(engine.threshold);
    expect(hits[0]!.atMs).toBeGreaterThan(1500);
    expect(hits[0]!.atMs).toBeLessThanOrEqual(1500 + durationMs(speech) + 1000);
  });

  it('gives the same detections whatever the chunk size, and the same as in-thread inference', async () => {
    engine.reset();
    const odd = await feed(engine, stream, 999);
    inline.reset();
    const big = await feed(inline, stream, stream.length);
    expect(odd).toEqual(big);
    expect(odd).toHaveLength(1);
  });

  it('does not wake on silence, and reports a low last score', async () => {
    engine.reset();
    expect(await feed(engine, silence(4000), 320)).toEqual([]);
    expect(engine.lastScore()).toBeLessThan(0.05);
  });

  it('detects two utterances separated by more than the refractory period, one each', async () => {
    engine.reset();
    const twice = concat([stream, silence(1000), stream]);
    const hits = await feed(engine, twice, 640);
    expect(hits).toHaveLength(2);
    expect(hits[1]!.atMs - hits[0]!.atMs).toBeGreaterThan(durationMs(stream));
  });

  it('drops what was in flight when reset() is called, and starts the stream clock again', async () => {
    engine.reset();
    const inFlight = engine.process(stream);
    engine.reset();
    const after = await feed(engine, stream, 320);
    expect(await inFlight).toEqual([]);
    expect(after).toHaveLength(1);
    expect(after[0]!.atMs).toBeLessThanOrEqual(durationMs(stream));
  });

  it('refuses an unknown phrase with a coded error naming the choices', async () => {
    const err = await OpenWakeWord.create({ phrase: 'hey_frontdesk' as never }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WakeWordError);
    expect((err as WakeWordError).code).toBe('wake_unknown_phrase');
    for (const id of OPENWAKEWORD_PHRASE_IDS) expect((err as Error).message).toContain(id);
  });

  it('rejects audio after close', async () => {
    const e = await OpenWakeWord.create({ thread: 'inline' });
    await e.close();
    await expect(e.process(new Int16Array(320))).rejects.toMatchObject({ code: 'wake_closed' });
  });

  it('exports the non-commercial licence notice', () => {
    expect(OPENWAKEWORD_LICENCE_NOTICE).toMatch(/CC BY-NC-SA 4\.0/);
  });
});
