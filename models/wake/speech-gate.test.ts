import { describe, expect, it } from 'vitest';
import { SpeechGate } from './speech-gate.js';
import type { VadEngine } from '../vad/types.js';

/** VAD twin: a chunk is speech when its first sample is non-zero. Records chunk lengths it was given. */
class MarkerVad implements VadEngine {
  readonly kind = 'marker';
  readonly chunkSamples = 512;
  readonly seen: number[] = [];
  resets = 0;
  async process(chunk: Int16Array): Promise<number> {
    this.seen.push(chunk.length);
    return chunk[0] !== 0 ? 0.9 : 0.1;
  }
  reset(): void {
    this.resets++;
  }
  async close(): Promise<void> {}
}

const hop = (speech: boolean): Int16Array => new Int16Array(1280).fill(speech ? 1000 : 0);

describe('SpeechGate', () => {
  it('opens on speech and closes after the configured hops of non-speech', async () => {
    const vad = new MarkerVad();
    const gate = new SpeechGate(vad, 0.5, 3);
    expect(await gate.hop(hop(false))).toBe(false);
    expect(await gate.hop(hop(true))).toBe(true);
    expect(await gate.hop(hop(false))).toBe(true);
    expect(await gate.hop(hop(false))).toBe(true);
    expect(await gate.hop(hop(false))).toBe(false);
  });

  it('feeds the VAD whole chunks across hop boundaries', async () => {
    const vad = new MarkerVad();
    const gate = new SpeechGate(vad);
    for (let i = 0; i < 4; i++) await gate.hop(hop(false));
    expect(vad.seen).toEqual(new Array(10).fill(512)); // 4 x 1280 = 10 x 512
  });

  it('forgets speech on reset and resets the VAD', async () => {
    const vad = new MarkerVad();
    const gate = new SpeechGate(vad);
    await gate.hop(hop(true));
    gate.reset();
    expect(vad.resets).toBe(1);
    expect(await gate.hop(hop(false))).toBe(false);
  });
});
