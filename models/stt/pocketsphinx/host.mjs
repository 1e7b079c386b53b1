// @ts-check
/**
 * The decoder's message protocol, shared by the worker thread (worker.mjs) and the in-process mode.
 * One decoder, one utterance at a time; a `begin` while another utterance is open ends that one first.
 *
 * In:  {t:'init', opts, wholeArgs?} (wholeArgs: a second decoder with these extra arguments runs the whole-utterance
 *      passes; without it the live decoder does) | {t:'words', entries:[word, phones][]} | {t:'grammar', name, jsgf} |
 *      {t:'keyphrase', name, phrase} | {t:'begin', id, search, keyphrase?, redecode?} |
 *      {t:'audio', id, samples: Int16Array} |
 *      {t:'end', id} | {t:'cancel', id} | {t:'close'} |
 *      {t:'rescore', id, jsgf} (the last whole-utterance pass's audio decoded again through `jsgf`, on its decoder)
 *      {t:'sync', token}
 * Out: {t:'ready', initMs} | {t:'sync', token} | {t:'partial', id, text} |
 *      {t:'final', id, text, score, decodeMs, streamText?} (with `redecode`, text is the whole-utterance pass and
 *      streamText the live pass's) |
 *      {t:'detect', id, text, atSample} (keyphrase searches, as soon as the phrase is spotted) |
 *      {t:'rescored', id, text, score, decodeMs} | {t:'error', id?, code, message}
 */
import { Decoder } from './decoder.mjs';

/** Partial hypotheses every this many samples (100 ms). */
const PARTIAL_EVERY = 1600;

/** The n-gram (free speech) search's name: it runs on its own decoder, see `lm` below. */
const LM_SEARCH = '_default';

/** The one search `rescore` replaces each time. */
const RESCORE_SEARCH = 'rescore';

/** @param {(msg: object) => void} post */
export function createHost(post) {
  /** @type {Decoder | undefined} */
  let dec;
  /** The whole-utterance decoder (wider beams), or the live one. @type {Decoder | undefined} */
  let whole;
  /**
   * The n-gram model's own decoder, to which no word is ever added: ps_add_word also adds each word to every n-gram
   * search, and scoring such an added word in the binary trie model reads out of bounds (SIGSEGV in lm_trie_score
   * from ps_process_raw, seen as "Worker exited unexpectedly" under the persona visits, whose grammars add the
   * unknown-word phones and the visitor's names). Grammars and keyphrases run on `dec`, which loads no n-gram model.
   * @type {Decoder | undefined}
   */
  let lm;
  /** @type {{ id: number, dec: Decoder, search: string, keyphrase: boolean, samples: number, sinceHyp: number, lastPartial: string, kept?: Int16Array[] } | undefined} */
  let utt;
  /** The last utterance decoded whole, kept for one `rescore`. @type {{ id: number, audio: Int16Array, search: string } | undefined} */
  let last;

  /** @param {any} m  (a protocol message, see above) */
  return function handle(m) {
    try {
      switch (m.t) {
        case 'init': {
          const t0 = performance.now();
          lm = m.opts.lm === false ? undefined : new Decoder(m.opts);
          dec = new Decoder({ ...m.opts, lm: false });
          whole = m.wholeArgs ? new Decoder({ ...m.opts, lm: false, extraArgs: [...(m.opts.extraArgs ?? []), ...m.wholeArgs] }) : dec;
          post({ t: 'ready', initMs: performance.now() - t0 });
          return;
        }
        case 'sync': // echoes after everything posted before it was handled
          post({ t: 'sync', token: m.token });
          return;
        case 'close':
          if (whole !== dec) whole?.free();
          dec?.free();
          lm?.free();
          dec = undefined;
          whole = undefined;
          lm = undefined;
          return;
      }
      if (!dec || !whole) throw Object.assign(new Error('decoder not initialised'), { code: 'stt_closed' });
      switch (m.t) {
        case 'words': {
          const failed = dec.addWords(m.entries);
          if (whole !== dec) whole.addWords(m.entries);
          if (failed.length) post({ t: 'error', code: 'stt_bad_grammar', message: `could not add words: ${failed.join(', ')}` });
          return;
        }
        case 'grammar':
          dec.setJsgf(m.name, m.jsgf);
          if (whole !== dec) whole.setJsgf(m.name, m.jsgf);
          return;
        case 'keyphrase':
          dec.setKeyphrase(m.name, m.phrase);
          return;
        case 'begin': {
          const d = m.search === LM_SEARCH && lm ? lm : dec;
          d.use(m.search);
          d.start();
          utt = { id: m.id, dec: d, search: m.search, keyphrase: !!m.keyphrase, samples: 0, sinceHyp: 0, lastPartial: '', ...(m.redecode ? { kept: [] } : {}) };
          return;
        }
        case 'audio': {
          if (!utt || utt.id !== m.id) return; // late audio for a cancelled utterance
          const d = utt.dec;
          d.process(m.samples);
          utt.kept?.push(m.samples);
          utt.samples += m.samples.length;
          utt.sinceHyp += m.samples.length;
          if (utt.keyphrase) {
            const h = d.hyp();
            if (h.text) {
              post({ t: 'detect', id: utt.id, text: h.text, atSample: utt.samples });
              d.start(); // restart the search so the next occurrence is reported once
            }
          } else if (utt.sinceHyp >= PARTIAL_EVERY) {
            utt.sinceHyp = 0;
            const h = d.hyp();
            if (h.text !== utt.lastPartial) {
              utt.lastPartial = h.text;
              post({ t: 'partial', id: utt.id, text: h.text });
            }
          }
          return;
        }
        case 'end': {
          if (!utt || utt.id !== m.id) {
            post({ t: 'error', id: m.id, code: 'stt_cancelled', message: 'utterance was cancelled or replaced' });
            return;
          }
          const t0 = performance.now();
          const live = utt.dec.finish();
          const kept = utt.kept;
          const search = utt.search;
          const w = utt.dec === lm ? lm : whole;
          utt = undefined;
          if (kept) {
            const all = new Int16Array(kept.reduce((n, k) => n + k.length, 0));
            let o = 0;
            for (const k of kept) {
              all.set(k, o);
              o += k.length;
            }
            if (w !== dec) w.use(search);
            const r = w.decodeWhole(all);
            last = { id: m.id, audio: all, search };
            // No path through the grammar in the whole pass: the live pass's best words beat silence.
            post({ t: 'final', id: m.id, text: r.text || live.text, score: r.score, decodeMs: performance.now() - t0, streamText: live.text });
          } else post({ t: 'final', id: m.id, text: live.text, score: live.score, decodeMs: performance.now() - t0 });
          return;
        }
        case 'rescore': {
          if (!last || last.id !== m.id) {
            post({ t: 'error', id: m.id, code: 'stt_cancelled', message: 'no audio kept for this utterance' });
            return;
          }
          const { audio, search } = last;
          last = undefined;
          whole.replaceJsgf(RESCORE_SEARCH, m.jsgf, search);
          const t0 = performance.now();
          whole.use(RESCORE_SEARCH);
          const r = whole.decodeWhole(audio);
          post({ t: 'rescored', id: m.id, text: r.text, score: r.score, decodeMs: performance.now() - t0 });
          return;
        }
        case 'cancel':
          if (utt && utt.id === m.id) {
            utt.dec.finish();
            utt = undefined;
          }
          return;
      }
    } catch (e) {
      const err = /** @type {{ code?: string, message?: string }} */ (e);
      post({ t: 'error', id: m.id, code: err.code ?? 'stt_failed', message: err.message ?? String(e) });
    }
  };
}
