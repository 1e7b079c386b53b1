/** Needs Debian libpocketsphinx3 + pocketsphinx-en-us (scripts/apt/run.txt) and flite for the audio. */
import { afterAll, describe, expect, it } from 'vitest';
import { KeyphraseWake } from './keyphrase.js';
import { PocketSphinxKeyphraseSpotter } from './pocketsphinx-kws.js';
import type { WakeDetection } from './types.js';
import { closeRenderers, concat, renderUtterance, silence, type RenderVoice } from '../../test/support/render-speech.js';
import { negativeStream, robotPromptStream } from '../../test/support/wake-corpus.js';

async function run(engine: KeyphraseWake, samples: Int16Array): Promise<WakeDetection[]> {
  engine.reset();
  const out: WakeDetection[] = [];
  for (let at = 0; at < samples.length; at += 320) out.push(...(await engine.process(samples.subarray(at, at + 320))));
  return out;
}

describe('PocketSphinx keyphrase spotting (custom wake phrase)', () => {
  afterAll(closeRenderers);

  it('spots the business name in several voices, once each, and ignores other talk', async () => {
    const engine = await KeyphraseWake.create(PocketSphinxKeyphraseSpotter.create(), { phrase: 'Hello Bella Salon' });
    try {
      const voices: RenderVoice[] = ['flite:slt', 'flite:rms', 'flite:kal16'];
      for (const voice of voices) {
        const speech = await renderUtterance('Hello Bella Salon', voice);
        const hits = await run(engine, concat([silence(1000), speech, silence(1000)]));
        expect(hits, voice).toHaveLength(1);
        expect(hits[0]!.atMs).toBeGreaterThan(1000);
      }
      const other = await renderUtterance('I would like to book a haircut for tomorrow morning.', 'flite:slt');
      expect(await run(engine, other)).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it("gives no false wake over five minutes of receptionist talk and noise, nor from the robot's prompts", async () => {
    const engine = await KeyphraseWake.create(PocketSphinxKeyphraseSpotter.create(), { phrase: 'hello bella salon' });
    try {
      expect(await run(engine, (await negativeStream(5)).samples)).toEqual([]);
      expect(await run(engine, (await robotPromptStream()).samples)).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('refuses a phrase with words the dictionary does not know, naming them', async () => {
    const err = await KeyphraseWake.create(PocketSphinxKeyphraseSpotter.create(), { phrase: 'hello zzyzxquor' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'wake_keyphrase_unknown_word' });
    expect((err as Error).message).toContain('zzyzxquor');
  });
});
