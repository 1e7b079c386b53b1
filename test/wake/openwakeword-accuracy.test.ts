/**
 * Wake word accuracy on generated speech: "hey jarvis" in six voices x three speeds, clean and with noise at
 * 15 dB SNR, must be detected (false rejects <= 5%); five minutes of receptionist talk and noise, and the robot's
 * own prompts in its festival voice, must not wake it. The 30-minute false-wake run is in test/bench/wake.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenWakeWord } from '../../models/wake/openwakeword.js';
import type { WakeDetection } from '../../models/wake/types.js';
import { closeRenderers } from '../support/render-speech.js';
import { negativeStream, positiveClips, robotPromptStream, type Clip } from '../support/wake-corpus.js';

const FRAME = 320; // 20 ms, as the audio driver delivers

let peak = 0; // highest score seen by the last detections() call

async function detections(engine: OpenWakeWord, samples: Int16Array): Promise<WakeDetection[]> {
  engine.reset();
  peak = 0;
  const out: WakeDetection[] = [];
  for (let at = 0; at < samples.length; at += FRAME) {
    out.push(...(await engine.process(samples.subarray(at, at + FRAME))));
    peak = Math.max(peak, engine.lastScore());
  }
  return out;
}

describe('openWakeWord "hey jarvis" on generated speech', () => {
  let engine: OpenWakeWord;
  beforeAll(async () => {
    engine = await OpenWakeWord.create({ phrase: 'hey_jarvis' }); // default threshold and refractory period
  });
  afterAll(async () => {
    await Promise.all([engine?.close(), closeRenderers()]);
  });

  it('detects the positive set with at most 5% false rejects, once per utterance', async () => {
    const clips = await positiveClips();
    expect(clips.length).toBeGreaterThanOrEqual(36);
    const missed: string[] = [];
    for (const clip of clips) {
      const hits = await detections(engine, clip.samples);
      expect(hits.length, clip.label).toBeLessThanOrEqual(1);
      if (hits.length === 0) missed.push(`${clip.label} (peak score ${peak.toFixed(2)})`);
    }
    expect(missed.length / clips.length, `missed: ${missed.join('; ')}`).toBeLessThanOrEqual(0.05);
  });

  it('gives no false wake over five minutes of receptionist talk and noise', async () => {
    const clip: Clip = await negativeStream(5);
    expect(clip.samples.length / 16_000).toBeGreaterThanOrEqual(300);
    expect(await detections(engine, clip.samples)).toEqual([]);
    expect(peak).toBeLessThan(engine.threshold);
  });

  it("is not woken by the robot's own prompts in its festival slt voice", async () => {
    const clip = await robotPromptStream();
    expect(await detections(engine, clip.samples)).toEqual([]);
  });
});
