import { describe, expect, it } from 'vitest';
import { activePower, concat, mixNoise, noiseOnly, renderSpeech, resampleLinear, silence } from './speech-fixtures.js';
import { encodeWav, parseWav } from './wav.js';

describe('speech fixtures', () => {
  it('round-trips 16-bit PCM through the WAV writer and reader', () => {
    const samples = Int16Array.from({ length: 1000 }, (_, i) => ((i * 37) % 65536) - 32768);
    const back = parseWav(encodeWav({ sampleRate: 16_000, samples }));
    expect(back.sampleRate).toBe(16_000);
    expect(Array.from(back.samples)).toEqual(Array.from(samples));
  });

  it('refuses a file that is not RIFF/WAVE with a coded error', () => {
    expect(() => parseWav(new TextEncoder().encode('not a wav file at all'))).toThrow(expect.objectContaining({ code: 'audio_bad_wav' }));
  });

  it('renders speech with flite and festival at 16 kHz, the same samples from the cache', async () => {
    for (const voice of [
      { engine: 'flite', voice: 'slt' },
      { engine: 'festival', voice: 'kal_diphone' },
    ] as const) {
      const first = await renderSpeech('hello there', voice);
      expect(first.length).toBeGreaterThan(16_000 * 0.4);
      expect(first.length).toBeLessThan(16_000 * 3);
      expect(Array.from(await renderSpeech('hello there', voice))).toEqual(Array.from(first));
    }
  });

  it('mixes noise deterministically at the requested SNR of active speech', async () => {
    const speech = concat([silence(500), await renderSpeech('one two three four', { engine: 'flite', voice: 'rms' }), silence(500)]);
    const a = mixNoise(speech, 15, 42);
    expect(Array.from(a)).toEqual(Array.from(mixNoise(speech, 15, 42)));
    expect(Array.from(a)).not.toEqual(Array.from(mixNoise(speech, 15, 43)));
    const noisePart = Float64Array.from(a, (x, i) => x - speech[i]!);
    const noisePower = noisePart.reduce((s, x) => s + x * x, 0) / noisePart.length;
    const snr = 10 * Math.log10(activePower(speech) / noisePower);
    expect(Math.abs(snr - 15)).toBeLessThan(0.5);
  });

  it('makes noise of the asked RMS level', () => {
    const n = noiseOnly(16_000, 1000, 1, 'white');
    const rms = Math.sqrt(n.reduce((s, x) => s + x * x, 0) / n.length);
    expect(rms).toBeGreaterThan(950);
    expect(rms).toBeLessThan(1050);
  });

  it('resamples 8 kHz to 16 kHz with twice the samples', () => {
    const x = Int16Array.from({ length: 800 }, (_, i) => Math.round(1000 * Math.sin(i / 5)));
    const y = resampleLinear(x, 8000, 16_000);
    expect(y.length).toBe(1600);
    expect(y[200]).toBe(x[100]);
  });
});
