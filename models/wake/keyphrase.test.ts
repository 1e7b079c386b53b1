import { describe, expect, it } from 'vitest';
import { KeyphraseWake, normalisePhrase } from './keyphrase.js';
import { ScriptedKeyphraseSpotter } from './scripted.js';
import type { WakeDetection } from './types.js';

async function feed(engine: KeyphraseWake, ms: number): Promise<WakeDetection[]> {
  const out: WakeDetection[] = [];
  for (let t = 0; t < ms; t += 20) out.push(...(await engine.process(new Int16Array(320))));
  return out;
}

describe('KeyphraseWake over a KeyphraseSpotter', () => {
  it('begins the spotter with the normalised phrase and threshold', async () => {
    const spotter = new ScriptedKeyphraseSpotter([]);
    const engine = await KeyphraseWake.create(spotter, { phrase: '  Hello, Bella Salon! ', threshold: 1e-30 });
    expect(engine.phrase).toBe('hello bella salon');
    expect(spotter.begun).toEqual([{ phrase: 'hello bella salon', threshold: 1e-30 }]);
  });

  it('reports each spot at the stream time of the chunk that completed it', async () => {
    const engine = await KeyphraseWake.create(new ScriptedKeyphraseSpotter([1010, 5000]), { phrase: 'hello bella' });
    const hits = await feed(engine, 6000);
    expect(hits.map((h) => h.atMs)).toEqual([1020, 5000]);
    expect(hits.every((h) => h.phrase === 'hello bella' && h.score === 1)).toBe(true);
  });

  it('keeps one detection per refractory period', async () => {
    const engine = await KeyphraseWake.create(new ScriptedKeyphraseSpotter([1000, 1500, 4000]), { phrase: 'x', refractoryMs: 2000 });
    expect((await feed(engine, 5000)).map((h) => h.atMs)).toEqual([1000, 4000]);
  });

  it('reset() restarts the spotter and the stream clock', async () => {
    const spotter = new ScriptedKeyphraseSpotter([500]);
    const engine = await KeyphraseWake.create(spotter, { phrase: 'x' });
    expect(await feed(engine, 1000)).toHaveLength(1);
    engine.reset();
    expect((await feed(engine, 1000)).map((h) => h.atMs)).toEqual([500]);
    expect(spotter.begun).toHaveLength(2);
    await engine.close();
    expect(spotter.closed).toBe(true);
  });

  it('normalises phrases the way dictionaries spell words', () => {
    expect(normalisePhrase("Hey  O'Brien's Café!")).toBe("hey o'brien's cafe");
  });
});
