import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spokenDigits, spokenEmail, spokenName, unsurePart } from '../../understanding/index.js';
import { PocketSphinxStt } from './engine.js';
import { closeRenderers, renderUtterance } from '../../../test/support/render-speech.js';
import type { SttSearch, SttStream } from '../types.js';

const VOICE = 'festival:cmu_us_slt_arctic_hts' as const;

function feed(st: SttStream, s: Int16Array): void {
  for (let i = 0; i < s.length; i += 320) st.write(s.subarray(i, i + 320));
}

async function hear(stt: PocketSphinxStt, text: string, search: SttSearch): Promise<string> {
  const audio = await renderUtterance(text, VOICE, { padMs: 200 });
  const st = stt.begin(search);
  feed(st, audio);
  return (await st.end()).text;
}

describe('PocketSphinxStt (worker thread)', () => {
  const stt = new PocketSphinxStt();
  beforeAll(async () => {
    await stt.ready();
  });
  afterAll(async () => {
    await stt.close();
    await closeRenderers();
  });

  it('recognizes digits with the digits grammar and reports the search', async () => {
    const audio = await renderUtterance('five five five, one two three, four five six seven', VOICE, { padMs: 200 });
    const st = stt.begin({ expect: { kind: 'phone' } });
    feed(st, audio);
    const r = await st.end();
    expect(r.text).toBe('five five five one two three four five six seven');
    expect(r.search).toBe('jsgf:digits');
    expect(r.decodeMs).toBeGreaterThanOrEqual(0);
  });

  it('hears an answer after the lead-ins people put before it, and the parsers drop them', async () => {
    const phone = await hear(stt, 'sure, you can reach me at four one five, five five five, two six seven one', { expect: { kind: 'phone' } });
    expect(spokenDigits(phone)).toBe('4155552671');
    const email = await hear(stt, 'you can email me at anna dot lee at gmail dot com', { expect: { kind: 'email' }, vocabulary: ['anna lee'] });
    expect(spokenEmail(email)).toBe('anna.lee@gmail.com');
    const name = await hear(stt, "hi there, i'm called david miller", { expect: { kind: 'name' } });
    expect(spokenName(name)).toBe('David Miller');
  });

  it('knows the configured email domains as words', async () => {
    const withDomain = new PocketSphinxStt({ emailDomains: ['sunnyside.net'] });
    try {
      const audio = await renderUtterance('ana at sunnyside dot net', VOICE, { padMs: 200 });
      const st = withDomain.begin({ expect: { kind: 'email' }, vocabulary: ['Ana Lopez'] });
      feed(st, audio);
      expect((await st.end()).text).toBe('ana at sunnyside dot net');
    } finally {
      await withDomain.close();
    }
  });

  it('switches search per utterance: yes/no, choice, free speech', async () => {
    expect(await hear(stt, "yes, that's right", { expect: { kind: 'yesno' } })).toBe("yes that's right");
    const choices = [
      { value: 'color', label: 'hair coloring', synonyms: ['highlights'] },
      { value: 'cut', label: 'haircut', synonyms: ['a trim'] },
    ];
    expect(await hear(stt, 'highlights please', { expect: { kind: 'choice', choices } })).toBe('highlights please');
    const free = await hear(stt, 'i would like an appointment for tomorrow', { expect: { kind: 'free' } });
    expect(free).toContain('appointment for tomorrow');
  });

  it('adds unknown words (configured services and names) to the dictionary at run time', async () => {
    const choices = [
      { value: 'bal', label: 'balayage', synonyms: [] },
      { value: 'cut', label: 'haircut', synonyms: [] },
      { value: 'mani', label: 'manicure', synonyms: [] },
    ];
    expect(await hear(stt, 'balayage', { expect: { kind: 'choice', choices } })).toBe('balayage');
    expect(await hear(stt, 'my name is Siobhan Nguyen', { expect: { kind: 'name' }, vocabulary: ['Siobhan', 'Nguyen'] })).toBe('my name is siobhan nguyen');
  });

  // One example of the mechanism (rates over many names and domains, and the misses: test/voice/oov.test.ts).
  it('hears a domain it does not know as a part to spell (an unknown word, or letters after a name said as a word)', async () => {
    const email = await hear(stt, 'mary at thistledown dot com', { expect: { kind: 'email' }, vocabulary: ['Mary'] });
    expect(unsurePart(email, 'email')).toBe('domain');
  });

  it('streams partial hypotheses while audio is written', async () => {
    const audio = await renderUtterance('four one five, eight six seven, five three zero nine', VOICE);
    const st = stt.begin({ expect: { kind: 'phone' } });
    const partials: string[] = [];
    for (let i = 0; i < audio.length; i += 320) {
      st.write(audio.subarray(i, i + 320));
      if (i % 3200 === 0) await new Promise((r) => setTimeout(r, 5));
      if (st.partial() && partials.at(-1) !== st.partial()) partials.push(st.partial());
    }
    const r = await st.end();
    expect(partials.length).toBeGreaterThan(1);
    expect(r.text.startsWith(partials[0] as string)).toBe(true);
  });

  it('cancel rejects end(); a new begin replaces an open utterance', async () => {
    const a = stt.begin({ expect: { kind: 'yesno' } });
    a.cancel();
    await expect(a.end()).rejects.toMatchObject({ code: 'stt_cancelled' });
    const b = stt.begin({ expect: { kind: 'yesno' } });
    stt.begin({ expect: { kind: 'yesno' } }).cancel();
    await expect(b.end()).rejects.toMatchObject({ code: 'stt_cancelled' });
  });

  it('spots a keyphrase in running speech', async () => {
    const audio = await renderUtterance('good morning. hello frontdesk. how are you', VOICE, { padMs: 300 });
    const hits: string[] = [];
    const st = stt.beginKeyphrase('hello frontdesk', (text) => hits.push(text));
    feed(st, audio);
    await st.end(); // detections arrive before the end of the stream
    expect(hits).toEqual(['hello frontdesk']);
  });
});

describe('PocketSphinxStt errors and modes', () => {
  it('decodes the same on the calling thread', async () => {
    const stt = new PocketSphinxStt({ thread: 'main' });
    expect(await hear(stt, 'no', { expect: { kind: 'yesno' } })).toBe('no');
    await stt.close();
  });

  it('arguments layered over the defaults replace them; arguments PocketSphinx refuses fail ready() instead of hanging', async () => {
    const layered = new PocketSphinxStt({ extraArgs: ['-wip', '1e-3'], redecodeArgs: ['-wip', '1e-2', '-beam', '1e-70'] });
    await expect(layered.ready()).resolves.toBeGreaterThan(0);
    await layered.close();
    const bad = new PocketSphinxStt({ extraArgs: ['-no_such_argument', '1'] });
    await expect(bad.ready()).rejects.toMatchObject({ code: 'stt_failed', message: expect.stringContaining('rejected its arguments') });
    await bad.close();
  });

  it('a missing model gives stt_engine_missing', async () => {
    const stt = new PocketSphinxStt({ modelDir: '/nonexistent/model' });
    await expect(stt.ready()).rejects.toMatchObject({ code: 'stt_engine_missing' });
    await stt.close();
  });
});
