import { afterAll, describe, expect, it } from 'vitest';
import { activeRms, closeRenderers, concat, durationMs, mixNoise, noise, noiseOnly, renderUtterance, silence } from './render-speech.js';
import { encodeWav, parseWav } from './wav.js';

const rms = (x: ArrayLike<number>): number => {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]! * x[i]!;
  return Math.sqrt(sum / x.length);
};

describe('test speech', () => {
  afterAll(closeRenderers);

  it('round-trips 16-bit PCM through the WAV writer and reader', () => {
    const samples = Int16Array.from({ length: 1000 }, (_, i) => ((i * 37) % 65536) - 32768);
    const back = parseWav(encodeWav({ sampleRate: 16_000, samples }));
    expect(back.sampleRate).toBe(16_000);
    expect(Array.from(back.samples)).toEqual(Array.from(samples));
  });

  it('refuses a file that is not RIFF/WAVE with a coded error', () => {
    expect(() => parseWav(new TextEncoder().encode('not a wav file at all'))).toThrow(expect.objectContaining({ code: 'audio_bad_wav' }));
  });

  it('renders speech with the product engines at 16 kHz (8 kHz kal resampled), the same samples every time', async () => {
    for (const voice of ['flite:slt', 'flite:kal', 'festival:kal_diphone'] as const) {
      const first = await renderUtterance('hello there', voice);
      expect(durationMs(first), voice).toBeGreaterThan(400);
      expect(durationMs(first), voice).toBeLessThan(3000);
      expect(Array.from(await renderUtterance('hello there', voice))).toEqual(Array.from(first));
    }
  });

  it('pads with silence, and stretches the duration with every engine', async () => {
    const plain = await renderUtterance('one two three four', 'flite:rms');
    expect((await renderUtterance('one two three four', 'flite:rms', { padMs: 250 })).length).toBe(plain.length + 8000);
    for (const voice of ['flite:rms', 'festival:kal_diphone', 'festival:cmu_us_slt_arctic_hts'] as const) {
      const own = await renderUtterance('one two three four', voice);
      for (const stretch of [0.85, 1.2]) {
        const stretched = await renderUtterance('one two three four', voice, { stretch });
        // Engines stretch the speech, not always the silence at its ends: roughly, and in the right direction.
        expect(Math.abs(stretched.length / own.length - stretch), `${voice}@${stretch}`).toBeLessThan(0.15);
        expect(activeRms(stretched) / activeRms(own)).toBeGreaterThan(0.7); // loudness kept
      }
    }
  });

  it('mixes noise deterministically at the requested SNR of active speech, for every kind', async () => {
    const speech = concat([silence(500), await renderUtterance('one two three four', 'flite:rms'), silence(500)]);
    for (const kind of ['babble', 'pink', 'white', 'brown'] as const) {
      const a = mixNoise(speech, 15, 42, kind);
      expect(Array.from(a)).toEqual(Array.from(mixNoise(speech, 15, 42, kind)));
      expect(Array.from(a)).not.toEqual(Array.from(mixNoise(speech, 15, 43, kind)));
      const snr = 20 * Math.log10(activeRms(speech) / rms(Float64Array.from(a, (x, i) => x - speech[i]!)));
      expect(Math.abs(snr - 15), kind).toBeLessThan(0.1);
    }
    expect(Array.from(mixNoise(speech, 15, 42))).toEqual(Array.from(mixNoise(speech, 15, 42, 'babble'))); // babble by default
  });

  it('makes noise of the asked RMS level, of distinct kinds from one seed', () => {
    for (const kind of ['babble', 'pink', 'white', 'brown'] as const) {
      const level = rms(noiseOnly(16_000, 1000, 1, kind));
      expect(Math.abs(level - 1000), kind).toBeLessThan(5);
    }
    expect(Array.from(noise(100, 1, 'white'))).not.toEqual(Array.from(noise(100, 1, 'pink')));
  });
});
