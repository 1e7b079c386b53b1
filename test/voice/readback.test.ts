/**
 * The read-back in the real PocketSphinx: a correction is heard as a correction (never a yes), a yes as a yes, and a
 * request for a person by both hearings. Rendered speech, three voices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRenderers, renderUtterance, type RenderVoice } from '../support/render-speech.js';
import { parseConfig } from '../../device/config/load.js';
import { PERSON_REQUEST_PATTERNS, asksForPerson, spokenYesNo } from '../../models/understanding/index.js';
import { readBackExpectation, sideTalk, unsureYes } from '../../device/visit/dialog.js';
import { PERSONA_FORM } from '../support/persona-visits.js';
import type { Heard } from '../../models/speech.js';
import { PocketSphinxStt } from '../../models/stt/pocketsphinx/engine.js';

const VOICES: RenderVoice[] = ['festival:cmu_us_slt_arctic_hts', 'flite:kal16', 'flite:kal'];

describe('the read-back heard by PocketSphinx', () => {
  const stt = new PocketSphinxStt();
  const fields = parseConfig({ intake: { fields: PERSONA_FORM } }).intake.fields.filter((f) => f.kind !== 'consent');
  beforeAll(() => stt.ready());
  afterAll(async () => {
    await stt.close();
    await closeRenderers();
  });

  async function hear(text: string, voice: RenderVoice): Promise<Heard> {
    const audio = await renderUtterance(text, voice, { padMs: 300 });
    const st = stt.begin({ expect: readBackExpectation(fields), vocabulary: ['Paul Thomas'], alsoHear: PERSON_REQUEST_PATTERNS });
    for (let i = 0; i < audio.length; i += 320) st.write(audio.subarray(i, i + 320));
    const r = await st.end();
    expect(r.search).toBe('jsgf:readback');
    return { text: r.text, speechStartAt: 0, speechEndAt: 0, engine: stt.kind, ...(r.firstPass !== undefined ? { firstPass: r.firstPass } : {}) };
  }

  it('hears a correction as one (the plain yes/no grammar heard "no, my name is Keiko Tanaka" as "it\'s correct" in flite:kal16)', async () => {
    for (const voice of VOICES) {
      for (const said of [
        'no, my name is Keiko Tanaka',
        'no, my phone number is four one five, five five five, zero one two three',
        'no, I said a wash and a treatment',
      ]) {
        const heard = await hear(said, voice);
        expect(spokenYesNo(heard.text), `${voice} "${said}" heard "${heard.text}"`).toBe('no');
        expect(sideTalk(heard, asksForPerson)).toBe(false);
      }
      const phone = await hear('no, my phone number is four one five, five five five, zero one two three', voice);
      expect(phone.text).toMatch(/four one five five five five zero one two three$/);
    }
    // Twelve read-back decodes (the grammar holds every request for a person): ~35 s alone, over a minute at load ~9.
  }, 180_000);

  it('hears a yes as a sure yes, and a request for a person in both hearings', async () => {
    for (const voice of VOICES) {
      const yes = await hear('yes that is right', voice);
      expect(spokenYesNo(yes.text), `${voice}: ${yes.text}`).toBe('yes');
      expect(unsureYes(yes)).toBe(false);
      const person = await hear('I want to speak to a real person', voice);
      expect(sideTalk(person, asksForPerson), `${voice}: ${person.text} / ${person.firstPass}`).toBe(true);
    }
  });
});
