import { afterAll, describe, expect, it } from 'vitest';
import { PocketSphinxStt } from '../../models/stt/pocketsphinx/engine.js';
import { closeRenderers, type RenderVoice } from '../support/render-speech.js';
import { hearOov, LISTED_NAMES, OOV_EMAILS, OOV_NAMES, PROVIDER_EMAILS, tally, type OovRow } from '../support/oov-speech.js';

describe('names and email domains outside the vocabulary', () => {
  const stt = new PocketSphinxStt();
  afterAll(async () => {
    await stt.close();
    await closeRenderers();
  });

  it('measures', { timeout: 600_000 }, async () => {
    await stt.ready();
    const t0 = performance.now();
    const rows: OovRow[] = await hearOov(
      stt,
      [...OOV_NAMES, ...LISTED_NAMES, ...OOV_EMAILS, ...PROVIDER_EMAILS].filter((c) => !process.env.OOV_KIND || c.kind === process.env.OOV_KIND),
      (process.env.OOV_VOICES ?? 'flite:slt,flite:rms').split(',') as RenderVoice[],
      [null, 15],
    );
    for (const r of rows)
      if (r.outcome !== 'right')
        console.log(
          r.outcome,
          r.voice,
          r.snrDb,
          JSON.stringify(r.c.say),
          '->',
          JSON.stringify(r.heard.text),
          '/',
          JSON.stringify(r.heard.firstPass),
          r.heard.confidence,
        );
    for (const kind of ['name', 'email'] as const)
      for (const listed of [false, true])
        for (const snr of [null, 15])
          console.log(
            kind,
            listed ? 'listed' : 'unlisted',
            snr ?? 'clean',
            JSON.stringify(tally(rows, (r) => r.c.kind === kind && r.c.listed === listed && r.snrDb === snr)),
          );
    console.log('ms', Math.round(performance.now() - t0));
    expect(rows.length).toBeGreaterThan(0);
  });
});
