/**
 * Spelled surnames and email domains outside the vocabulary, said by rendered voices (clean and with babble noise)
 * and heard by the STT as the dialog asks for a spelled part ("Could you spell it for me, letter by letter?"): is the
 * spelled part exact, and how many of its letters are right? Three ways of spelling: plain letters ("o k a f o r",
 * as the persona spells), the NATO alphabet ("oscar kilo alfa ...") and "o as in oscar, k as in kilo, ...".
 */
import type { SttEngine } from '../../models/stt/types.js';
import { understand } from '../../models/understanding/index.js';
import { NATO } from '../../models/understanding/spelling.js';
import { asPeopleSay } from '../../device/simulate/audio-run.js';
import { HELD_OUT, OOV_EMAILS, OOV_NAMES, type OovCase } from './oov-speech.js';
import { mixNoise, renderUtterance, type RenderVoice } from './render-speech.js';

export type SpellStyle = 'letters' | 'nato' | 'as-in';

export interface SpelledCase {
  as: 'name' | 'email';
  /** The letters as written: a surname ("okafor") or a domain ("brightsmile.com"). */
  word: string;
  /** What the dialog reads from a right hearing: "Okafor", "brightsmile.com". */
  value: string;
  /** The visitor's name as heard before (the field's vocabulary). */
  vocabulary: string[];
  heldOut: boolean;
}

function fromOov(c: OovCase, heldOut: boolean): SpelledCase {
  if (c.kind === 'name') {
    const [first = '', last = ''] = c.value.split(' ');
    return { as: 'name', word: last.toLowerCase(), value: last, vocabulary: [first], heldOut };
  }
  const domain = c.value.split('@')[1]!;
  return { as: 'email', word: domain, value: domain, vocabulary: c.vocabulary ?? [], heldOut };
}

/** 12 surnames and 12 domains of the OOV set, and the 8 + 8 held out (never looked at while choosing the rescoring). */
export const SPELLED_CASES: SpelledCase[] = [
  ...OOV_NAMES.map((c) => fromOov(c, false)),
  ...OOV_EMAILS.map((c) => fromOov(c, false)),
  ...HELD_OUT.filter((c) => !c.listed).map((c) => fromOov(c, true)),
];

const NATO_OF: Record<string, string> = Object.fromEntries(
  Object.entries(NATO)
    .filter(([w]) => !['alfa', 'juliett', 'whisky', 'xray'].includes(w))
    .map(([w, l]) => [l, w === 'x-ray' ? 'x ray' : w]),
);

/** The spelled part as a visitor says it in `style`; a domain's top level said as a word ("dot com"). */
export function spokenLetters(c: SpelledCase, style: SpellStyle): string {
  const [head, ...tld] = c.as === 'email' ? c.word.split('.') : [c.word];
  const letters = head!.split('');
  const said =
    style === 'letters'
      ? letters.join(' ')
      : style === 'nato'
        ? letters.map((l) => NATO_OF[l]).join(' ')
        : letters.map((l) => `${l} as in ${NATO_OF[l]}`).join(', ');
  return asPeopleSay(tld.length ? `${said} dot ${tld.join(' dot ')}` : said);
}

export interface SpelledRow {
  c: SpelledCase;
  style: SpellStyle;
  voice: RenderVoice;
  snrDb: number | null;
  text: string;
  value: string | null;
  exact: boolean;
  /** Letters right: 1 - edit distance / length of the right value. */
  letterAccuracy: number;
  decodeMs: number;
}

/** Edit distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}

const CTX = { now: new Date('2026-12-07T15:00:00Z'), timezone: 'UTC' };

/** How the dialog reads a spelling of `c` heard as `text`. */
export function scoreSpelling(c: SpelledCase, text: string): { value: string | null; exact: boolean; letterAccuracy: number } {
  const u = understand(text, { kind: 'spell', as: c.as }, CTX);
  const value = u.ok ? String(u.value) : null;
  const right = c.value.toLowerCase();
  const got = (value ?? '').toLowerCase();
  return { value, exact: got === right, letterAccuracy: Math.max(0, 1 - editDistance(got, right) / right.length) };
}

/** Renders each case in each voice and style, clean and at each SNR, and hears it with each engine of `engines`. */
export async function hearSpelled(
  engines: Record<string, SttEngine>,
  cases: SpelledCase[],
  voices: RenderVoice[],
  styles: SpellStyle[],
  snrs: (number | null)[],
): Promise<Record<string, SpelledRow[]>> {
  const out: Record<string, SpelledRow[]> = Object.fromEntries(Object.keys(engines).map((k) => [k, []]));
  let seed = 101;
  for (const voice of voices)
    for (const style of styles)
      for (const c of cases) {
        const clean = await renderUtterance(spokenLetters(c, style), voice, { padMs: 250 });
        for (const snrDb of snrs) {
          const audio = snrDb === null ? clean : mixNoise(clean, snrDb, seed++, 'babble');
          for (const [label, stt] of Object.entries(engines)) {
            const st = stt.begin({ expect: { kind: 'spell', as: c.as, orSaid: true }, vocabulary: c.vocabulary });
            for (let i = 0; i < audio.length; i += 320) st.write(audio.subarray(i, i + 320));
            const r = await st.end();
            const row: SpelledRow = { c, style, voice, snrDb, text: r.text, decodeMs: r.decodeMs, ...scoreSpelling(c, r.text) };
            out[label]!.push(row);
            if (process.env.SPELL_PROGRESS) process.stderr.write(`${JSON.stringify({ label, ...row, c: c.word, held: c.heldOut })}\n`);
          }
        }
      }
  return out;
}

export interface SpelledTally {
  n: number;
  exact: number;
  letterAccuracy: number;
  decodeMsP50: number;
}

export function tallySpelled(rows: SpelledRow[]): SpelledTally {
  const ms = rows.map((r) => r.decodeMs).sort((a, b) => a - b);
  return {
    n: rows.length,
    exact: rows.filter((r) => r.exact).length,
    letterAccuracy: rows.length ? Math.round((rows.reduce((a, r) => a + r.letterAccuracy, 0) / rows.length) * 1000) / 1000 : 0,
    decodeMsP50: Math.round(ms[Math.floor(ms.length / 2)] ?? 0),
  };
}
