/** The grammars of the newer field types load in the real PocketSphinx and hear what they are for. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRenderers, renderUtterance } from '../../../test/support/render-speech.js';
import { spokenChoices, spokenDate, spokenEmail, spokenNumber, spokenSpelling } from '../../understanding/index.js';
import type { SttSearch } from '../types.js';
import { PocketSphinxStt } from './engine.js';

const VOICE = 'festival:cmu_us_slt_arctic_hts' as const;

describe('PocketSphinx with the number, date, multiple-choice and spelling grammars', () => {
  const stt = new PocketSphinxStt();
  beforeAll(() => stt.ready());
  afterAll(async () => {
    await stt.close();
    await closeRenderers();
  });

  async function hear(text: string, search: SttSearch): Promise<{ text: string; search: string; firstPass?: string }> {
    const audio = await renderUtterance(text, VOICE, { padMs: 200 });
    const st = stt.begin(search);
    for (let i = 0; i < audio.length; i += 320) st.write(audio.subarray(i, i + 320));
    return st.end();
  }

  it('hears each, and the readers read it', async () => {
    const n = await hear('we are three', { expect: { kind: 'number', unit: 'people' } });
    expect(n.search).toBe('jsgf:number');
    expect(spokenNumber(n.text)).toBe(3);
    const d = await hear('the fifth of january at three', { expect: { kind: 'date', time: true } });
    expect(d.search).toBe('jsgf:date');
    expect(spokenDate(d.text, { now: new Date('2026-12-07T15:00:00Z'), timezone: 'UTC', time: true })?.value).toBe('2027-01-05T15:00');
    // A birthday, with its year said in pairs.
    const b = await hear('march third nineteen eighty five', { expect: { kind: 'date', time: false, years: true } });
    expect(b.search).toBe('jsgf:dateyears');
    expect(spokenDate(b.text, { now: new Date('2026-12-07T15:00:00Z'), timezone: 'UTC', time: false })?.value).toBe('1985-03-03');
    const m = await hear('a color and a trim', {
      expect: {
        kind: 'multichoice',
        choices: [
          { value: 'color', label: 'Color', synonyms: [] },
          { value: 'trim', label: 'Trim', synonyms: [] },
          { value: 'wash', label: 'Wash', synonyms: [] },
        ],
      },
    });
    expect(
      spokenChoices(m.text, [
        { value: 'color', label: 'Color', synonyms: [] },
        { value: 'trim', label: 'Trim', synonyms: [] },
        { value: 'wash', label: 'Wash', synonyms: [] },
      ]),
    ).toEqual(['color', 'trim']);
    const s = await hear('k as in kilo, o, w, a, l', { expect: { kind: 'spell', as: 'name' } });
    expect(s.search).toBe('jsgf:spellname');
    expect(spokenSpelling(s.text, 'name')).toMatch(/^[A-Z][a-z]+$/);
  });

  it('hears letters, or the whole address said again in words, where a part is asked to be spelled', async () => {
    const search: SttSearch = { expect: { kind: 'spell', as: 'email', orSaid: true }, vocabulary: ['Mary Johnson'] };
    const words = await hear('mary johnson at yahoo dot com', search);
    expect(words.search).toBe('jsgf:spellemail');
    expect(spokenEmail(words.text)).toBe('maryjohnson@yahoo.com');
    expect(spokenSpelling(words.text, 'email')).toBeNull();
    const letters = await hear('b, r, i, g, h, t, dot com', search);
    expect(spokenSpelling(letters.text, 'email')).toMatch(/^[a-z]+\.com$/);
  });
});
