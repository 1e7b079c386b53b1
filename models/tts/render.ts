/** Synthesizes text to the runtime format (16 kHz mono int16), e.g. for `simulate` turns given as `{"say": ...}`. */
import { resample } from '../../drivers/audio/resample.js';
import { SAMPLE_RATE } from '../../drivers/audio/types.js';
import type { TtsEngine } from './types.js';

export async function synthesize16k(engine: TtsEngine, text: string, signal?: AbortSignal): Promise<Int16Array> {
  const r = await engine.synthesize(text, { signal });
  return r.sampleRate === SAMPLE_RATE ? r.samples : resample(r.samples, r.sampleRate, SAMPLE_RATE);
}
