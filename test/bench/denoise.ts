/**
 * Noise reduction in front of the STT: real-time factor of RNNoise (with its 16 <-> 48 kHz resampling) against the
 * Wiener filter it replaced as the default, on the same noisy speech; what RNNoise's thread adds to the wait for a
 * final result (end() to result, over a recognizer that answers at once); and how busy the calling thread's event
 * loop is while utterances are denoised at real time, with RNNoise in the worker thread vs on the calling thread.
 */
import { concat16 } from '../../drivers/audio/frames.js';
import { WienerDenoiser } from '../../models/stt/denoise.js';
import { RnnoiseDenoiser } from '../../models/stt/rnnoise.js';
import { RnnoiseStt } from '../../models/stt/rnnoise-stt.js';
import type { SttEngine, SttResult } from '../../models/stt/types.js';
import { closeRenderers, mixNoise, renderUtterance } from '../support/render-speech.js';
import type { BenchResult } from './types.js';

/** A recognizer that answers at once, so only the denoiser's own time is measured. */
const instant: SttEngine = {
  kind: 'instant',
  begin: () => ({
    write: () => undefined,
    partial: () => '',
    end: async (): Promise<SttResult> => ({ text: '', search: 'none', decodeMs: 0 }),
    cancel: () => undefined,
  }),
  close: async () => undefined,
};

function feed(process: (x: Int16Array) => unknown, audio: Int16Array): void {
  for (let i = 0; i < audio.length; i += 320) process(audio.subarray(i, i + 320));
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const texts = ['my number is five five five, one two three, four five six seven', 'it is mary dot lee at yahoo dot com', 'a haircut please'];
  const clips = await Promise.all(texts.map((t, i) => renderUtterance(t, 'flite:rms', { padMs: 300 }).then((s) => mixNoise(s, 15, 100 + i, 'babble'))));
  const audio = concat16(clips);
  const seconds = audio.length / 16_000;

  const wienerPass = (clip: Int16Array): void => {
    const d = new WienerDenoiser();
    feed((x) => d.process(x), clip);
    d.flush();
  };
  const rnnoisePass = (clip: Int16Array): void => {
    const d = new RnnoiseDenoiser();
    feed((x) => d.process(x), clip);
    d.flush();
    d.destroy();
  };
  // Warm both (JIT, wasm instantiation) on one clip, then time three passes over all of them.
  wienerPass(clips[2] as Int16Array);
  rnnoisePass(clips[2] as Int16Array);
  const time = (pass: (clip: Int16Array) => void): number => {
    const t0 = performance.now();
    for (let k = 0; k < 3; k++) pass(audio);
    return (performance.now() - t0) / 3 / 1000;
  };
  const wiener = time(wienerPass);
  const rnnoise = time(rnnoisePass);
  out.push({
    name: 'denoise RTF rnnoise (calling thread)',
    value: rnnoise / seconds,
    unit: 'x',
    baseline: { name: 'Wiener filter', value: wiener / seconds },
    better: 'lower',
  });

  for (const thread of ['worker', 'main'] as const) {
    const stt = await RnnoiseStt.start(instant, { thread });
    const waits: number[] = [];
    const elu0 = performance.eventLoopUtilization();
    for (const clip of clips) {
      const s = stt.begin({ expect: { kind: 'phone' } });
      // At real time, 20 ms at a time, as the microphone delivers it.
      for (let i = 0; i < clip.length; i += 320) {
        s.write(clip.subarray(i, i + 320));
        await new Promise((r) => setTimeout(r, 20));
      }
      const t0 = performance.now();
      await s.end();
      waits.push(performance.now() - t0);
    }
    const elu = performance.eventLoopUtilization(elu0);
    await stt.close();
    waits.sort((a, b) => a - b);
    out.push({
      name: `denoise end() to result, rnnoise ${thread} (median of ${waits.length})`,
      value: waits[Math.floor(waits.length / 2)] as number,
      unit: 'ms',
      better: 'lower',
    });
    out.push({ name: `denoise event-loop busy at real time, rnnoise ${thread}`, value: 100 * elu.utilization, unit: '%', better: 'lower' });
  }
  await closeRenderers();
  return out;
}
