import { describe, expect, it } from 'vitest';
import { SilenceEndpointDetector } from './endpoint.js';
import { EnergyVad } from './energy.js';
import type { EndpointEvent } from './types.js';

/** Runs a pattern like '0000111110000' at 20 ms per character. */
function run(d: SilenceEndpointDetector, pattern: string): EndpointEvent[] {
  return [...pattern].flatMap((c) => d.process(20, c === '1'));
}

describe('SilenceEndpointDetector', () => {
  it('dates speech start at the first speech chunk and the end at the first silent chunk', () => {
    const d = new SilenceEndpointDetector({ startMs: 100, endSilenceMs: 200 });
    const ev = run(d, '00' + '1'.repeat(20) + '0'.repeat(10));
    expect(ev).toEqual([
      { type: 'speech-start', atMs: 40 },
      { type: 'speech-end', atMs: 440, speechMs: 400 },
    ]);
  });

  it('ignores blips shorter than startMs and gaps shorter than endSilenceMs', () => {
    const d = new SilenceEndpointDetector({ startMs: 100, endSilenceMs: 200, startGapMs: 20 });
    expect(run(d, '0110001100000')).toEqual([]);
    const ev = run(d, '11111' + '000' + '11111' + '0000000000');
    expect(ev.map((e) => e.type)).toEqual(['speech-start', 'speech-end']);
    expect(ev[1]).toMatchObject({ speechMs: 260 });
  });

  it('tolerates a short gap inside the start run', () => {
    const d = new SilenceEndpointDetector({ startMs: 80, startGapMs: 20 });
    expect(run(d, '11011')).toEqual([{ type: 'speech-start', atMs: 0 }]);
  });

  it('ends sooner once told the answer is complete, then goes back to the configured silence', () => {
    const d = new SilenceEndpointDetector({ startMs: 20, endSilenceMs: 600 });
    run(d, '11111');
    d.setEndSilenceMs(200);
    expect(run(d, '0000000000').map((e) => e.type)).toEqual(['speech-end']);
    run(d, '11111');
    expect(run(d, '0000000000')).toEqual([]); // 200 ms of silence no longer ends it
  });

  it('cuts utterances at maxSpeechMs, and reset starts over', () => {
    const d = new SilenceEndpointDetector({ startMs: 20, maxSpeechMs: 200 });
    const ev = run(d, '1'.repeat(15));
    expect(ev[1]).toMatchObject({ type: 'speech-end', speechMs: 200 });
    d.reset();
    expect(run(d, '1')).toEqual([{ type: 'speech-start', atMs: 0 }]);
  });
});

describe('EnergyVad', () => {
  it('scores loud chunks over a learned floor as speech and steady quiet noise as not', async () => {
    const vad = new EnergyVad();
    let seed = 1;
    const noise = (amp: number) =>
      Int16Array.from({ length: 320 }, () => {
        seed = (seed * 16807) % 2147483647;
        return Math.round(((seed / 2147483647) * 2 - 1) * amp);
      });
    for (let i = 0; i < 50; i++) await vad.process(noise(300));
    expect(await vad.process(noise(300))).toBeLessThan(0.2);
    const tone = Int16Array.from({ length: 320 }, (_, i) => Math.round(6000 * Math.sin(i / 3)));
    expect(await vad.process(tone)).toBeGreaterThan(0.9);
    expect(await vad.process(new Int16Array(320))).toBe(0);
  });
});
