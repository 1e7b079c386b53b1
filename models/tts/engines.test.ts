import { afterAll, describe, expect, it } from 'vitest';
import { FestivalTts } from './festival.js';
import { FliteTts } from './flite.js';
import { CachedTts } from './cache.js';
import { synthesize16k } from './render.js';

function rms(s: Int16Array): number {
  let a = 0;
  for (const v of s) a += v * v;
  return Math.sqrt(a / Math.max(1, s.length));
}

describe('FestivalTts (one process)', () => {
  const tts = new FestivalTts();
  afterAll(() => tts.close());

  it('synthesizes sentences at 16 kHz, streaming one chunk per sentence, from one process', async () => {
    const chunks: number[] = [];
    const r = await tts.synthesize('Hello there. What is your phone number?', { onChunk: (s, rate) => chunks.push(s.length, rate) });
    expect(r.sampleRate).toBe(16000);
    expect(chunks).toHaveLength(4);
    expect(chunks[1]).toBe(16000);
    expect(r.samples.length).toBe((chunks[0] as number) + (chunks[2] as number));
    expect(r.samples.length / 16000).toBeGreaterThan(1.5);
    expect(rms(r.samples)).toBeGreaterThan(300);
    expect(r.firstChunkMs).toBeGreaterThan(0);
    const pid = (tts as unknown as { proc: { pid: number } }).proc.pid;
    await tts.synthesize('Thank you, "quoted" \\ text.');
    expect((tts as unknown as { proc: { pid: number } }).proc.pid).toBe(pid);
  });

  it('serializes concurrent requests and honours abort', async () => {
    const [a, b] = await Promise.all([tts.synthesize('One.'), tts.synthesize('Two two two two.')]);
    expect(b.samples.length).toBeGreaterThan(a.samples.length);
    const ac = new AbortController();
    ac.abort(new Error('barge-in'));
    await expect(tts.synthesize('Never said.', { signal: ac.signal })).rejects.toThrow('barge-in');
  });

  it('reports a missing voice with a code', async () => {
    const bad = new FestivalTts({ voice: 'no_such_voice' });
    await expect(bad.synthesize('hi')).rejects.toMatchObject({ code: 'tts_voice_missing' });
    await bad.close();
  });
});

describe('FliteTts', () => {
  it('synthesizes with several voices at their own rate', async () => {
    for (const [voice, rate] of [
      ['kal', 8000],
      ['slt', 16000],
      ['awb', 16000],
    ] as const) {
      const t = new FliteTts(voice);
      const r = await t.synthesize('Yes, that is right.');
      expect(r.sampleRate).toBe(rate);
      expect(r.samples.length / rate).toBeGreaterThan(0.5);
      expect(rms(r.samples)).toBeGreaterThan(300);
      await t.close();
    }
  });

  it('renders to 16 kHz for the runtime (kal is 8 kHz)', async () => {
    const kal = new FliteTts('kal');
    const native = await kal.synthesize('Hello.');
    const s = await synthesize16k(kal, 'Hello.');
    expect(Math.abs(s.length - native.samples.length * 2)).toBeLessThanOrEqual(2);
    await kal.close();
  });

  it('reports missing engines and voices with codes', async () => {
    await expect(new FliteTts('slt', 'no-such-flite').synthesize('hi')).rejects.toMatchObject({ code: 'tts_engine_missing' });
    expect(() => new FliteTts('nobody')).toThrowError(expect.objectContaining({ code: 'tts_voice_missing' }));
  });
});

describe('CachedTts', () => {
  it('keys on engine, voice and text and replays hits through onChunk', async () => {
    const c = new CachedTts(new FliteTts('slt'), 2);
    const a = await c.synthesize('Welcome in.');
    let replayed = 0;
    const b = await c.synthesize('Welcome in.', { onChunk: (s) => (replayed = s.length) });
    expect(c.hits).toBe(1);
    expect(replayed).toBe(a.samples.length);
    expect(Array.from(b.samples.subarray(0, 50))).toEqual(Array.from(a.samples.subarray(0, 50)));
    await c.warm(['One.', 'Two.']);
    expect(c.size).toBe(2); // LRU bound
    expect(CachedTts.key('flite', 'slt', 'x')).not.toBe(CachedTts.key('flite', 'kal', 'x'));
    await c.close();
  });

  it('caches sentence by sentence: a line starting with a cached sentence plays it at once, then the rest', async () => {
    const inner = new FliteTts('slt');
    const calls: string[] = [];
    const c = new CachedTts(
      Object.assign(Object.create(inner) as FliteTts, { synthesize: (t: string, o?: object) => (calls.push(t), inner.synthesize(t, o)) }),
    );
    await c.warm(['Let me check.']);
    expect(calls).toEqual(['Let me check.']);
    const chunks: number[] = [];
    const r = await c.synthesize('Let me check. Name: Ana Lopez.', { onChunk: (s) => chunks.push(s.length) });
    expect(calls).toEqual(['Let me check.', 'Name: Ana Lopez.']); // the fixed sentence was not synthesized again
    expect(c.hits).toBe(1);
    expect(chunks.length).toBe(2);
    expect(r.samples.length).toBe(chunks[0]! + chunks[1]!);
    expect(c.has('Let me check. Name: Ana Lopez.')).toBe(true);
    await c.close();
  });

  it('a sentence asked for while a warm-up synthesizes it waits for that synthesis instead of running it twice', async () => {
    const inner = new FliteTts('slt');
    const calls: string[] = [];
    const c = new CachedTts(
      Object.assign(Object.create(inner) as FliteTts, { synthesize: (t: string, o?: object) => (calls.push(t), inner.synthesize(t, o)) }),
    );
    const warming = c.warm(['There is free parking behind the building.']); // the reply prepared while the visitor may go on
    let chunk = 0;
    const r = await c.synthesize('There is free parking behind the building.', { onChunk: (s) => (chunk = s.length) });
    await warming;
    expect(calls).toEqual(['There is free parking behind the building.']);
    expect(chunk).toBe(r.samples.length);
    expect(r.samples.length / 16000).toBeGreaterThan(1);
    await c.close();
  });
});
