/**
 * The audio contracts (drivers/audio/types.ts), as suites every source and sink runs: the twins (file, push, file
 * sink) always, the live microphone and speaker where this machine has a sound card (drivers/audio/audio-contract.test.ts).
 * Sources: 16 kHz frames of at most 20 ms with stream times that advance by the frame's length, an abort that ends
 * the iteration, close() that ends it too. Sinks: any sample rate accepted, drain() settles, stop() for barge-in,
 * close() settles.
 */
import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, SAMPLE_RATE, type AudioFrame, type AudioSink, type AudioSource } from '../../../drivers/audio/types.js';

const FRAME_MS = (FRAME_SAMPLES * 1000) / SAMPLE_RATE;

export interface SourceHarness {
  source: AudioSource;
  /** Makes the source produce at least `ms` of audio (pushes speech, or nothing for a live microphone). */
  feed?(ms: number): void;
}

async function take(source: AudioSource, n: number, signal?: AbortSignal): Promise<AudioFrame[]> {
  const out: AudioFrame[] = [];
  for await (const f of source.frames(signal)) {
    out.push(f);
    if (out.length >= n) break;
  }
  return out;
}

export function audioSourceContract(name: string, open: () => Promise<SourceHarness>): void {
  describe(`AudioSource contract: ${name}`, () => {
    it('yields 20 ms frames of 16 kHz samples whose stream times advance by the frame length', async () => {
      const h = await open();
      h.feed?.(400);
      const frames = await take(h.source, 10);
      expect(frames).toHaveLength(10);
      expect(typeof h.source.kind).toBe('string');
      for (const f of frames) {
        expect(f.samples).toBeInstanceOf(Int16Array);
        expect(f.samples.length).toBeGreaterThan(0);
        expect(f.samples.length).toBeLessThanOrEqual(FRAME_SAMPLES);
      }
      expect(frames[0]!.timeMs).toBe(0);
      for (let i = 1; i < frames.length; i++) expect(frames[i]!.timeMs - frames[i - 1]!.timeMs).toBe(FRAME_MS);
      await h.source.close();
    });

    it('ends the iteration when the signal aborts', async () => {
      const h = await open();
      h.feed?.(60_000);
      const ac = new AbortController();
      let n = 0;
      for await (const _ of h.source.frames(ac.signal)) if (++n === 3) ac.abort();
      expect(n).toBe(3);
      await h.source.close();
    });

    it('close() ends a running iteration', async () => {
      const h = await open();
      h.feed?.(60_000);
      let n = 0;
      for await (const _ of h.source.frames()) if (++n === 3) await h.source.close();
      expect(n).toBeLessThanOrEqual(4); // at most the frame already on its way
    });
  });
}

export function audioSinkContract(name: string, open: () => Promise<AudioSink>): void {
  describe(`AudioSink contract: ${name}`, () => {
    const tone = (rate: number, ms: number): Int16Array =>
      Int16Array.from({ length: Math.round((rate * ms) / 1000) }, (_, i) => Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / rate)));

    it('accepts 16 kHz and other rates, and drain() settles once everything played', async () => {
      const sink = await open();
      expect(typeof sink.kind).toBe('string');
      await sink.write(tone(SAMPLE_RATE, 60), SAMPLE_RATE);
      await sink.write(tone(22_050, 60), 22_050);
      await sink.drain();
      await sink.drain(); // nothing queued: settles at once
      await sink.close();
    });

    it('stop() drops what is queued (barge-in) and the sink plays again afterwards', async () => {
      const sink = await open();
      await sink.write(tone(SAMPLE_RATE, 2_000), SAMPLE_RATE);
      const t0 = Date.now();
      sink.stop();
      await sink.drain();
      expect(Date.now() - t0).toBeLessThan(1_000); // the two seconds queued were not played out
      await sink.write(tone(SAMPLE_RATE, 40), SAMPLE_RATE);
      await sink.drain();
      await sink.close();
    });
  });
}
