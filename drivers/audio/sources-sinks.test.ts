import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAudioSource } from './file-source.js';
import { PushAudioSource } from './push-source.js';
import { FileAudioSink } from './file-sink.js';
import { readWav16k, writeWavFile } from './wav.js';
import { FRAME_SAMPLES } from './types.js';
import type { AudioFrame } from './types.js';

async function take(it: AsyncIterable<AudioFrame>, n: number): Promise<AudioFrame[]> {
  const out: AudioFrame[] = [];
  for await (const f of it) {
    out.push(f);
    if (out.length >= n) break;
  }
  return out;
}

describe('FileAudioSource', () => {
  it('yields 20 ms frames of a WAV with stream times, then trailing silence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'src-'));
    const s = Int16Array.from({ length: 1000 }, (_, i) => i + 1);
    await writeWavFile(join(dir, 'a.wav'), s);
    const src = new FileAudioSource(join(dir, 'a.wav'), { trailingSilenceMs: 100 });
    const frames = await take(src.frames(), 100);
    expect(frames.slice(0, 4).map((f) => f.samples.length)).toEqual([320, 320, 320, 40]);
    expect(frames.map((f) => f.timeMs).slice(0, 5)).toEqual([0, 20, 40, 60, 80]);
    expect(frames[3]?.samples[39]).toBe(1000);
    const silence = frames.slice(4);
    expect(silence.reduce((n, f) => n + f.samples.length, 0)).toBe(1600);
    expect(silence.every((f) => f.samples.every((v) => v === 0))).toBe(true);
  });

  it('stops when aborted', async () => {
    const src = new FileAudioSource(new Int16Array(16000), { realtime: true });
    const ac = new AbortController();
    const got: AudioFrame[] = [];
    setTimeout(() => ac.abort(), 50);
    for await (const f of src.frames(ac.signal)) got.push(f);
    expect(got.length).toBeLessThan(50);
  });
});

describe('PushAudioSource', () => {
  it('emits silence between pushes and the pushed speech in order', async () => {
    const src = new PushAudioSource({ speed: 20 });
    const speech = Int16Array.from({ length: 700 }, () => 1000);
    const frames: AudioFrame[] = [];
    const ac = new AbortController();
    const consumer = (async () => {
      for await (const f of src.frames(ac.signal)) frames.push(f);
    })();
    await new Promise((r) => setTimeout(r, 20));
    const before = frames.length;
    const played = await src.push(speech);
    await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    await consumer;
    expect(played.endedAt).toBeGreaterThanOrEqual(played.startedAt);
    const loud = frames.map((f) => f.samples.filter((v) => v === 1000).length);
    expect(loud.slice(0, before).every((n) => n === 0)).toBe(true);
    expect(loud.reduce((a, b) => a + b, 0)).toBe(700);
    expect(frames.every((f) => f.samples.length === FRAME_SAMPLES)).toBe(true);
    // stream time is continuous
    frames.forEach((f, i) => expect(f.timeMs).toBe(i * 20));
  });
});

describe('FileAudioSink', () => {
  it('collects utterances at 16 kHz with the time of their first sample and writes a WAV', async () => {
    const sink = new FileAudioSink();
    const t0 = Date.now();
    await sink.write(new Int16Array(800).fill(5), 8000);
    await sink.write(new Int16Array(160).fill(5), 16000);
    await sink.drain();
    await sink.write(new Int16Array(320).fill(7), 16000);
    sink.stop();
    expect(sink.utterances).toHaveLength(2);
    expect(sink.utterances[0]?.startedAt).toBeGreaterThanOrEqual(t0);
    expect(sink.utteranceSamples(0).length).toBe(1600 + 160);
    expect(sink.utterances[1]?.stopped).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'sink-'));
    await sink.writeWav(join(dir, 'out.wav'));
    const back = await readWav16k(join(dir, 'out.wav'));
    expect(back.length).toBe(1760 + 320);
    expect(back[back.length - 1]).toBe(7);
  });

  it('in real-time mode drain waits for the audio to "play", and stop cuts it short', async () => {
    const sink = new FileAudioSink({ realtime: true });
    await sink.write(new Int16Array(16000 * 5), 16000); // 5 s
    const t = Date.now();
    setTimeout(() => sink.stop(), 30);
    await sink.drain();
    expect(Date.now() - t).toBeLessThan(4000);
    expect(sink.utterances[0]?.stopped).toBe(true);
  });
});
