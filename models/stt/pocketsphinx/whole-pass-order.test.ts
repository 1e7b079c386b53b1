/**
 * The whole-utterance pass hears an answer the same whatever was decoded before it. Before ps_start_stream ran
 * before each pass, the front end's noise and silence estimates carried over from the previous utterances: the
 * same phone answer scored differently after "the phone number" than alone (and, in the 22-visit test's v05, came
 * out "eight five one two ..." after it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PocketSphinxStt } from './engine.js';
import type { HostMessage } from './channel.js';
import { closeRenderers, mixNoise, renderUtterance } from '../../../test/support/render-speech.js';
import type { SttSearch } from '../types.js';

const VOICE = 'festival:cmu_us_slt_arctic_hts' as const;
const PHONE: SttSearch = { expect: { kind: 'phone' } };
const EMAIL: SttSearch = { expect: { kind: 'email' }, vocabulary: ['Michael Brown'] };

/** As the voice visits play an answer: 300 ms before, 800 ms after; optionally with babble noise. */
async function answer(text: string, snrDb?: number): Promise<Int16Array> {
  const clean = await renderUtterance(text, VOICE);
  const padded = new Int16Array(clean.length + 1100 * 16);
  padded.set(clean, 300 * 16);
  return snrDb === undefined ? padded : mixNoise(padded, snrDb, 7);
}

/**
 * A fresh engine that also records the whole pass's acoustic score of each answer: the words alone often agree
 * while the decoder's state differs, the score shows it. The score is not part of SttResult, so it is read from the
 * decoder's messages (a test-only look at the private channel).
 */
async function engine(): Promise<{ stt: PocketSphinxStt; hear: (audio: Int16Array, search: SttSearch) => Promise<{ text: string; score: number }> }> {
  const stt = new PocketSphinxStt({ thread: 'main' });
  const scores = new Map<number, number>();
  (stt as unknown as { channel: { onMessage(l: (m: HostMessage) => void): void } }).channel.onMessage((m) => {
    if (m.t === 'final' && m.id !== undefined) scores.set(m.id, m.score as number);
  });
  await stt.ready();
  let n = 0;
  return {
    stt,
    hear: async (audio, search) => {
      const st = stt.begin(search);
      for (let i = 0; i < audio.length; i += 320) st.write(audio.subarray(i, i + 320));
      const { text } = await st.end();
      // Utterance ids count from 1 in the order begun; the final message was handled before end() resolved.
      n += 1;
      return { text, score: [...scores.values()][n - 1] as number };
    },
  };
}

describe('whole-utterance pass: independent of what was decoded before', () => {
  const said: Record<string, Int16Array> = {};
  beforeAll(async () => {
    said.phone = await answer('five one two, four four one, two oh oh nine');
    said.phoneNoisy = await answer('five one two, four four one, two oh oh nine', 15);
    said.field = await answer('the phone number');
    said.yes = await answer('yes');
    said.email = await answer('michael dot brown at icloud dot com', 15);
  });
  afterAll(async () => closeRenderers());

  for (const target of ['phone', 'phoneNoisy'] as const) {
    it(`hears the ${target === 'phone' ? 'clean' : '15 dB'} phone answer alike alone and after other answers`, async () => {
      const heard: Record<string, { text: string; score: number }> = {};
      for (const [label, before] of [
        ['alone', []],
        ['after "the phone number"', [[said.field, PHONE]]],
        ['after "yes"', [[said.yes, PHONE]]],
        [
          'after an email and itself',
          [
            [said.email, EMAIL],
            [said[target], PHONE],
          ],
        ],
      ] as [string, [Int16Array, SttSearch][]][]) {
        const e = await engine();
        try {
          for (const [audio, search] of before) await e.hear(audio, search);
          heard[label] = await e.hear(said[target]!, PHONE);
        } finally {
          await e.stt.close();
        }
      }
      const alone = heard.alone!;
      expect(alone.text).toMatch(/^five one two four four/);
      for (const [label, h] of Object.entries(heard)) expect({ label, ...h }).toEqual({ label, ...alone });
    }, 120_000);
  }
});
