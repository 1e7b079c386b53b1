/**
 * STT accuracy on rendered speech: phone numbers, spelled emails, yes/no and choices, spoken by several TTS voices,
 * clean and with babble noise at a given SNR, fed straight to an SttEngine (250 ms of context either side, as the
 * endpointer would pass). Shared by the floor test (test/stt-accuracy.test.ts) and the bench (test/bench/stt.ts).
 */
import type { ChoiceOption, Expectation } from '../../models/speech.js';
import type { SttEngine } from '../../models/stt/types.js';
import { speakEmail, speakPhone } from '../../models/tts/normalize.js';
import { mixNoise, renderUtterance, type RenderVoice } from './render-speech.js';
import { wordsToDigits, wordsToEmail, yesOrNo } from './spoken.js';

export const SERVICES: ChoiceOption[] = [
  { value: 'haircut', label: 'haircut', synonyms: ['a trim', 'cut my hair'] },
  { value: 'color', label: 'hair coloring', synonyms: ['color', 'highlights', 'dye my hair'] },
  { value: 'manicure', label: 'manicure', synonyms: ['nails', 'nail appointment'] },
  { value: 'massage', label: 'massage', synonyms: ['back rub'] },
  { value: 'consult', label: 'consultation', synonyms: ['just a question', 'information'] },
];

export interface AccuracyCase {
  field: 'phone' | 'email' | 'email-said' | 'name' | 'yesno' | 'choice';
  say: string;
  want: string;
  expect: Expectation;
  /** Words the dialog would know by then (the visitor's name before the email). */
  vocabulary?: string[];
  read: (text: string) => string;
}

function chooseFrom(text: string): string {
  // the choice whose label/synonym words appear in the text, longest phrase first
  const phrases = SERVICES.flatMap((c) => [c.label, ...c.synonyms].map((p) => ({ p, v: c.value }))).sort((a, b) => b.p.length - a.p.length);
  return phrases.find(({ p }) => ` ${text} `.includes(` ${p} `))?.v ?? '';
}

/** An address as people say it: name-like parts as words, the rest spelled. */
function sayEmail(e: string): string {
  const [local = '', domain = ''] = e.split('@');
  const parts = local
    .split(/([._])/)
    .map((p) => (p === '.' ? 'dot' : p === '_' ? 'underscore' : /^[a-z]{3,}$/.test(p) ? p : speakEmail(`${p}@x`).replace(/ at x$/, '')));
  return `${parts.join(' ')} at ${speakEmail(`x@${domain}`).replace(/^x at /, '')}`;
}

export function accuracyCases(): AccuracyCase[] {
  const phones = ['5551234567', '4158675309', '2125550199', '3104447788', '6175552020', '7735550142', '9493216540', '8005559000'];
  const emails: [string, string][] = [
    ['john@gmail.com', 'John Carter'],
    ['mary.lee@yahoo.com', 'Mary Lee'],
    ['bob77@hotmail.com', 'Bob Stone'],
    ['anna_k@outlook.com', 'Anna Kowalski'],
    ['sam@icloud.com', 'Sam Ortiz'],
    ['lisa.b@abc.com', 'Lisa Brown'],
  ];
  const yesno: [string, string][] = [
    ['yes', 'yes'],
    ["yes that's right", 'yes'],
    ['yeah', 'yes'],
    ['correct', 'yes'],
    ['no', 'no'],
    ["no that's wrong", 'no'],
    ['nope', 'no'],
    ['that is not right', 'no'],
  ];
  const choices: [string, string][] = [
    ['a haircut please', 'haircut'],
    ['hair coloring', 'color'],
    ["i'd like highlights", 'color'],
    ['manicure', 'manicure'],
    ['nails', 'manicure'],
    ['massage please', 'massage'],
    ['just a question', 'consult'],
    ['a consultation', 'consult'],
  ];
  // Names: common first names and surnames the grammar always knows, and configured ones (vocabulary).
  const names: [string, string, string[]][] = [
    ['my name is John Smith', 'john smith', []],
    ['Mary Johnson', 'mary johnson', []],
    ["it's David Miller", 'david miller', []],
    ['Sarah Lee', 'sarah lee', []],
    ['my name is Siobhan Nguyen', 'siobhan nguyen', ['Siobhan Nguyen']],
    ['Priya Raman', 'priya raman', ['Priya Raman']],
  ];
  const readName = (t: string) => t.replace(/^(my name is|i'm|i am|it's|this is|call me|the name is)\s+/, '');
  return [
    ...names.map(([say, want, vocabulary]): AccuracyCase => ({ field: 'name', say, want, expect: { kind: 'name' }, vocabulary, read: readName })),
    ...phones.map((p): AccuracyCase => ({ field: 'phone', say: speakPhone(p), want: p, expect: { kind: 'phone' }, read: wordsToDigits })),
    ...emails.map(([e, name]): AccuracyCase => ({
      field: 'email',
      say: speakEmail(e),
      want: e,
      expect: { kind: 'email' },
      vocabulary: [name],
      read: wordsToEmail,
    })),
    // The same addresses said as words where the parts are words ("mary dot lee at yahoo dot com").
    ...emails.map(([e, name]): AccuracyCase => ({
      field: 'email-said',
      say: sayEmail(e),
      want: e,
      expect: { kind: 'email' },
      vocabulary: [name],
      read: wordsToEmail,
    })),
    ...yesno.map(([say, want]): AccuracyCase => ({ field: 'yesno', say, want, expect: { kind: 'yesno' }, read: yesOrNo })),
    ...choices.map(([say, want]): AccuracyCase => ({ field: 'choice', say, want, expect: { kind: 'choice', choices: SERVICES }, read: chooseFrom })),
  ];
}

export interface AccuracyRow {
  voice: RenderVoice;
  condition: string; // 'clean' | 'snr15'
  field: AccuracyCase['field'];
  n: number;
  correct: number;
  /** Audio seconds decoded and wall time spent, for a real-time factor. */
  audioSec: number;
  decodeSec: number;
  misses: string[];
}

export async function measureAccuracy(stt: SttEngine, voices: RenderVoice[], conditions: (number | null)[], cases = accuracyCases()): Promise<AccuracyRow[]> {
  const rows = new Map<string, AccuracyRow>();
  for (const voice of voices) {
    for (const [i, c] of cases.entries()) {
      const clean = await renderUtterance(c.say, voice, { padMs: 250 });
      for (const snr of conditions) {
        const audio = snr === null ? clean : mixNoise(clean, snr, 1000 + i);
        const t0 = performance.now();
        const st = stt.begin({ expect: c.expect, vocabulary: c.vocabulary });
        for (let k = 0; k < audio.length; k += 320) st.write(audio.subarray(k, k + 320));
        const r = await st.end();
        const got = c.read(r.text);
        const condition = snr === null ? 'clean' : `snr${snr}`;
        const key = `${voice}|${condition}|${c.field}`;
        const row = rows.get(key) ?? { voice, condition, field: c.field, n: 0, correct: 0, audioSec: 0, decodeSec: 0, misses: [] };
        row.n++;
        row.audioSec += audio.length / 16000;
        row.decodeSec += (performance.now() - t0) / 1000;
        if (got === c.want) row.correct++;
        else row.misses.push(`${c.want} <- "${r.text}"`);
        rows.set(key, row);
      }
    }
  }
  return [...rows.values()];
}

/** Sums rows by field and condition over voices. */
export function summarize(rows: AccuracyRow[]): Map<string, { n: number; correct: number }> {
  const out = new Map<string, { n: number; correct: number }>();
  for (const r of rows) {
    const k = `${r.field}|${r.condition}`;
    const s = out.get(k) ?? { n: 0, correct: 0 };
    s.n += r.n;
    s.correct += r.correct;
    out.set(k, s);
  }
  return out;
}
