/**
 * Floors on STT accuracy over rendered speech (three voices: Festival HTS slt, Flite rms and awb), clean and with
 * babble noise at 15 dB SNR. Fixtures are made at test time. Figures per voice: `npm run bench` (test/bench/stt.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PocketSphinxStt } from '../models/stt/pocketsphinx/engine.js';
import { closeRenderers, type RenderVoice } from './support/render-speech.js';
import { measureAccuracy, summarize, type AccuracyRow } from './support/stt-accuracy.js';

const VOICES: RenderVoice[] = ['festival:cmu_us_slt_arctic_hts', 'flite:rms', 'flite:awb'];

/** Share of exact answers that must be reached per field and condition (measured values in the bench). */
const FLOORS: Record<string, number> = {
  'phone|clean': 0.9,
  'yesno|clean': 0.95,
  'choice|clean': 0.95,
  'email-said|clean': 0.6,
  'name|clean': 0.7,
  'name|snr15': 0.6,
  'yesno|snr15': 0.85,
  'choice|snr15': 0.85,
  'phone|snr15': 0.7,
};

describe('STT accuracy on rendered speech', () => {
  const stt = new PocketSphinxStt();
  let rows: AccuracyRow[] = [];
  afterAll(async () => {
    await stt.close();
    await closeRenderers();
  });

  it('reaches the floors for digits, yes/no, choices, names and said emails', async () => {
    rows = await measureAccuracy(stt, VOICES, [null, 15]);
    const sums = summarize(rows);
    const report = [...sums].map(([k, v]) => `${k} ${v.correct}/${v.n}`).join(', ');
    console.log(`stt accuracy: ${report}`);
    for (const [key, floor] of Object.entries(FLOORS)) {
      const s = sums.get(key);
      expect(s, key).toBeDefined();
      expect({ key, rate: (s?.correct ?? 0) / (s?.n ?? 1) }).toEqual({ key, rate: expect.toSatisfy((r: number) => r >= floor) });
    }
  }, 240_000);
});
