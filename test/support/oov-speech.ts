/**
 * Names and email domains outside the recognizer's vocabulary, said by rendered voices (clean and with babble
 * noise), heard by the STT and read as the dialog reads them: is the value right, flagged unsure (asked again,
 * spelled, left to the screen), or wrong and sure (the one outcome that stores a wrong lead)? Listed names and
 * provider emails are heard too, to count how often a right answer is needlessly flagged unsure.
 */
import { unsure } from '../../device/visit/dialog.js';
import type { Expectation, Heard } from '../../models/speech.js';
import type { SttEngine } from '../../models/stt/types.js';
import { hasUnknownWord, understand } from '../../models/understanding/index.js';
import { asPeopleSay } from '../../device/simulate/audio-run.js';
import { mixNoise, renderUtterance, type RenderVoice } from './render-speech.js';

export interface OovCase {
  kind: 'name' | 'email';
  /** Inside the vocabulary (a listed name, a provider) or not. */
  listed: boolean;
  say: string;
  /** The value a right hearing reads as. */
  value: string;
  /** The visitor's name as heard before the email (the email grammar's own words). */
  vocabulary?: string[];
}

const name = (first: string, last: string, listed: boolean, lead = false): OovCase => ({
  kind: 'name',
  listed,
  say: `${lead ? 'my name is ' : ''}${first} ${last}`,
  value: `${first} ${last}`,
});
const email = (local: string, domain: string, listed: boolean, owner: string): OovCase => ({
  kind: 'email',
  listed,
  say: asPeopleSay(`${local.replace(/\./g, ' dot ')} at ${domain.replace(/\./g, ' dot ')}`),
  value: `${local}@${domain}`,
  vocabulary: [owner],
});

/** Surnames of many origins that the name grammar does not list, after first names it does. */
export const OOV_NAMES: OovCase[] = [
  name('Michael', 'Okafor', false),
  name('Sarah', 'Nguyen', false, true),
  name('David', 'Kowalski', false),
  name('Emily', 'Yamamoto', false, true),
  name('James', 'Petrov', false),
  name('Laura', 'Schneider', false),
  name('Daniel', 'Rossi', false, true),
  name('Maria', 'Fernandes', false),
  name('Kevin', 'Lindqvist', false),
  name('Anna', 'Papadopoulos', false, true),
  name('Thomas', 'Horvath', false),
  name('Susan', 'Mbeki', false),
];

/** Names the grammar lists, said the same ways. */
export const LISTED_NAMES: OovCase[] = [
  name('Robert', 'Johnson', true),
  name('Jennifer', 'Garcia', true, true),
  name('William', 'Taylor', true),
  name('Patricia', 'Moore', true, true),
  name('Brian', 'Walker', true),
  name('Elizabeth', 'Young', true),
  name('Steven', 'Wright', true, true),
  name('Karen', 'Nelson', true),
];

/** A business's or studio's own domain, said as a word. */
export const OOV_EMAILS: OovCase[] = [
  email('michael', 'brightsmile.com', false, 'Michael Okafor'),
  email('sarah', 'pinegrove.net', false, 'Sarah Nguyen'),
  email('david', 'harborfitness.com', false, 'David Kowalski'),
  email('emily', 'studioluna.org', false, 'Emily Yamamoto'),
  email('james', 'redoakcafe.com', false, 'James Petrov'),
  email('laura', 'mapleaccounting.com', false, 'Laura Schneider'),
  email('daniel', 'bluefinyoga.com', false, 'Daniel Rossi'),
  email('maria', 'sunsetvet.org', false, 'Maria Fernandes'),
  email('kevin', 'greenleafspa.com', false, 'Kevin Lindqvist'),
  email('anna', 'novakdesign.com', false, 'Anna Papadopoulos'),
  email('thomas', 'ironwoodlaw.com', false, 'Thomas Horvath'),
  email('susan', 'silverpine.net', false, 'Susan Mbeki'),
];

/** Addresses at the providers the email grammar knows. */
export const PROVIDER_EMAILS: OovCase[] = [
  email('robert', 'gmail.com', true, 'Robert Johnson'),
  email('jennifer.garcia', 'yahoo.com', true, 'Jennifer Garcia'),
  email('william', 'hotmail.com', true, 'William Taylor'),
  email('patricia', 'outlook.com', true, 'Patricia Moore'),
  email('brian.walker', 'icloud.com', true, 'Brian Walker'),
  email('elizabeth', 'aol.com', true, 'Elizabeth Young'),
  email('steven', 'gmail.com', true, 'Steven Wright'),
  email('karen.nelson', 'comcast.net', true, 'Karen Nelson'),
];

/** Kept apart: never looked at while choosing how unknown words are heard; reported beside the set above. */
export const HELD_OUT: OovCase[] = [
  name('Jennifer', 'Achterberg', false),
  name('Richard', 'Sandoval', false, true),
  name('Lisa', 'Oyelaran', false),
  name('Mark', 'Bergstrom', false),
  name('Nancy', 'Tkachenko', false, true),
  name('Paul', 'Moreau', false),
  name('Betty', 'Castellano', false),
  name('George', 'Abernathy', false, true),
  email('lisa', 'quillstudio.com', false, 'Lisa Oyelaran'),
  email('mark', 'copperkettle.net', false, 'Mark Bergstrom'),
  email('paul', 'moreaulegal.com', false, 'Paul Moreau'),
  email('nancy', 'tidewaterclinic.org', false, 'Nancy Tkachenko'),
  email('george', 'fernhollow.com', false, 'George Abernathy'),
  email('betty', 'lanternbakery.com', false, 'Betty Castellano'),
  email('richard', 'summitridge.net', false, 'Richard Sandoval'),
  email('jennifer', 'brasswillow.com', false, 'Jennifer Achterberg'),
  name('Joseph', 'Clark', true),
  name('Linda', 'Harris', true, true),
  name('Thomas', 'Adams', true),
  email('joseph', 'yahoo.com', true, 'Joseph Clark'),
  email('linda.harris', 'gmail.com', true, 'Linda Harris'),
  email('thomas', 'outlook.com', true, 'Thomas Adams'),
];

export type OovOutcome = 'right' | 'right-unsure' | 'unsure' | 'unread' | 'wrong-sure';

export interface OovRow {
  c: OovCase;
  voice: RenderVoice;
  snrDb: number | null;
  heard: Heard;
  value: string | null;
  outcome: OovOutcome;
}

const CTX = { now: new Date('2026-12-07T15:00:00Z'), timezone: 'UTC' };

/** How the dialog takes one hearing: the value it reads, and whether it would keep it. */
export function judge(c: OovCase, heard: Heard): { value: string | null; outcome: OovOutcome } {
  const expect: Expectation = { kind: c.kind };
  const u = understand(heard.text, expect, CTX);
  // A word the grammar does not know is asked for again (spelled) by the dialog.
  if (!u.ok) return { value: null, outcome: hasUnknownWord(heard.text) ? 'unsure' : 'unread' };
  const value = String(u.value);
  const right = value.toLowerCase() === c.value.toLowerCase();
  const doubt = unsure(heard, expect, CTX, u.value);
  return { value, outcome: right ? (doubt ? 'right-unsure' : 'right') : doubt ? 'unsure' : 'wrong-sure' };
}

/**
 * Renders each case in its voice (`voices` taken in turn, or every case in every voice with `allVoices`), clean
 * and at each SNR, and hears it with `stt` as the dialog would ask it.
 */
export async function hearOov(stt: SttEngine, cases: OovCase[], voices: RenderVoice[], snrs: (number | null)[], allVoices = false): Promise<OovRow[]> {
  const rows: OovRow[] = [];
  let seed = 1;
  const items = allVoices ? voices.flatMap((voice) => cases.map((c) => ({ c, voice }))) : cases.map((c, i) => ({ c, voice: voices[i % voices.length]! }));
  {
    for (const { c, voice } of items) {
      const clean = await renderUtterance(c.say, voice, { padMs: 250 });
      for (const snrDb of snrs) {
        const audio = snrDb === null ? clean : mixNoise(clean, snrDb, seed++, 'babble');
        const st = stt.begin({ expect: { kind: c.kind }, ...(c.vocabulary ? { vocabulary: c.vocabulary } : {}) });
        for (let i = 0; i < audio.length; i += 320) st.write(audio.subarray(i, i + 320));
        const r = await st.end();
        const heard: Heard = {
          text: r.text,
          ...(r.confidence !== undefined ? { confidence: r.confidence } : {}),
          speechStartAt: 0,
          speechEndAt: 0,
          engine: stt.kind,
          search: r.search,
          decodeMs: r.decodeMs,
          ...(r.firstPass !== undefined ? { firstPass: r.firstPass } : {}),
        };
        rows.push({ c, voice, snrDb, heard, ...judge(c, heard) });
      }
    }
  }
  return rows;
}

/** Counts per outcome for rows picked by `pick`. */
export function tally(rows: OovRow[], pick: (r: OovRow) => boolean): Record<OovOutcome, number> & { n: number } {
  const t = { n: 0, right: 0, 'right-unsure': 0, unsure: 0, unread: 0, 'wrong-sure': 0 };
  for (const r of rows.filter(pick)) {
    t.n++;
    t[r.outcome]++;
  }
  return t;
}

/** Addresses on an unlisted name said before the name was heard right (the email grammar knows no name of theirs). */
export const OOV_LOCAL_EMAILS: OovCase[] = [
  { kind: 'email', listed: false, say: 'okafor at gee mail dot com', value: 'okafor@gmail.com' },
  { kind: 'email', listed: false, say: 'keiko at yahoo dot com', value: 'keiko@yahoo.com' },
  { kind: 'email', listed: false, say: 'tomasz at outlook dot com', value: 'tomasz@outlook.com' },
  { kind: 'email', listed: false, say: 'priya at hotmail dot com', value: 'priya@hotmail.com' },
];
