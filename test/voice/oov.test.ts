/**
 * Names and email domains outside the vocabulary, rendered and heard (test/support/oov-speech.ts): they must come
 * back unsure (spelled next) rather than as the nearest listed name or a provider, and listed ones must not turn
 * unsure often (each costs the visitor a spelling). Two voices in turn, clean and 15 dB babble.
 * OOV_FULL=1: every case in both voices, with the held-out set in a third voice, printed for the closing note;
 * OOV_LOCAL=1 adds addresses on an unlisted name said before the name is known; OOV_KIND=name|email one kind only.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PocketSphinxStt } from '../../models/stt/pocketsphinx/engine.js';
import { closeRenderers, type RenderVoice } from '../support/render-speech.js';
import { HELD_OUT, hearOov, LISTED_NAMES, OOV_EMAILS, OOV_LOCAL_EMAILS, OOV_NAMES, PROVIDER_EMAILS, tally, type OovRow } from '../support/oov-speech.js';

const FULL = process.env.OOV_FULL === '1';
const VOICES: RenderVoice[] = ['flite:slt', 'flite:rms'];

function report(label: string, rows: OovRow[]): void {
  for (const r of rows.filter((x) => x.outcome === 'wrong-sure' || x.outcome === 'right-unsure'))
    console.log(`${label} ${r.outcome} ${r.voice} ${r.snrDb ?? 'clean'}: "${r.c.say}" -> "${r.heard.text}" (live "${r.heard.firstPass ?? ''}")`);
  for (const kind of ['name', 'email'] as const)
    for (const listed of [false, true])
      for (const snr of [null, 15])
        console.log(
          label,
          kind,
          listed ? 'listed' : 'unlisted',
          snr ?? 'clean',
          JSON.stringify(tally(rows, (r) => r.c.kind === kind && r.c.listed === listed && r.snrDb === snr)),
        );
}

describe('names and email domains outside the vocabulary', () => {
  const stt = new PocketSphinxStt();
  afterAll(async () => {
    await stt.close();
    await closeRenderers();
  });

  it('are heard as unsure, never as a listed name or a provider; listed ones stay sure', { timeout: FULL ? 1_800_000 : 240_000 }, async () => {
    await stt.ready();
    const cases = FULL
      ? [...OOV_NAMES, ...LISTED_NAMES, ...OOV_EMAILS, ...PROVIDER_EMAILS, ...(process.env.OOV_LOCAL ? OOV_LOCAL_EMAILS : [])]
      : [...OOV_NAMES.slice(0, 10), ...LISTED_NAMES.slice(0, 6), ...OOV_EMAILS.slice(0, 10), ...PROVIDER_EMAILS.slice(0, 6)];
    const rows = await hearOov(stt, process.env.OOV_KIND ? cases.filter((c) => c.kind === process.env.OOV_KIND) : cases, VOICES, [null, 15], FULL);
    report('set', rows);
    if (FULL && !process.env.OOV_KIND) report('held-out', await hearOov(stt, HELD_OUT, ['festival:cmu_us_slt_arctic_hts'], [null, 15], true));

    const unlisted = tally(rows, (r) => !r.c.listed);
    const listed = tally(rows, (r) => r.c.listed);
    // Measured on this subset (40 unlisted hearings): 1 wrong and sure in two runs, the rest unsure. The full set before
    // unknown words: 36 of 96 wrong and sure (docs/voice-accuracy.md).
    expect(unlisted.right + unlisted.unsure + unlisted.unread).toBeGreaterThanOrEqual(Math.ceil(unlisted.n * 0.85));
    expect(unlisted['wrong-sure']).toBeLessThanOrEqual(Math.floor(unlisted.n * 0.15));
    // Listed names and providers (24 hearings): 24 right and sure in two runs (the full set: 61 of 64, 0 needlessly unsure).
    expect(listed.right).toBeGreaterThanOrEqual(Math.ceil(listed.n * 0.8));
    expect(listed['right-unsure']).toBeLessThanOrEqual(Math.floor(listed.n * 0.1));
    expect(listed['wrong-sure']).toBe(0);
  });
});
