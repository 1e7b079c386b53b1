// @ts-check
/**
 * PocketSphinx 5prealpha (Debian libpocketsphinx3) in process through koffi. Plain JS so the same file runs in a
 * worker thread under both the compiled product and the test runner. The decoder owns no policy: the TypeScript
 * side (engine.ts) builds grammars and dictionary entries and hands them over.
 *
 * Order per utterance: setSearch(name) -> start() -> process(samples)* (hyp() for partials) -> finish() -> result.
 */
import koffi from 'koffi';

export const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const LIB_CANDIDATES = ['libpocketsphinx.so.3', '/usr/lib/x86_64-linux-gnu/libpocketsphinx.so.3', '/usr/lib/aarch64-linux-gnu/libpocketsphinx.so.3'];
const SB_CANDIDATES = ['libsphinxbase.so.3', '/usr/lib/x86_64-linux-gnu/libsphinxbase.so.3', '/usr/lib/aarch64-linux-gnu/libsphinxbase.so.3'];

/** @param {string[]} names */
function loadFirst(names) {
  /** @type {unknown} */
  let last;
  for (const n of names) {
    try {
      return koffi.load(n);
    } catch (e) {
      last = e;
    }
  }
  const err = new Error(`cannot load ${names[0]}: install the Debian packages libpocketsphinx3 and pocketsphinx-en-us (${String(last)})`);
  /** @type {any} */ (err).code = 'stt_engine_missing'; // plain JS: the coded error class lives on the TS side
  throw err;
}

/** C signatures, by library: sphinxbase (sb) or pocketsphinx (ps). */
const SIGNATURES = /** @type {const} */ ({
  cmd_ln_parse_r: ['sb', 'void *cmd_ln_parse_r(void *inout, void *defn, int argc, const char **argv, int strict)'],
  cmd_ln_free_r: ['sb', 'int cmd_ln_free_r(void *cmdln)'],
  ps_args: ['ps', 'void *ps_args()'],
  ps_init: ['ps', 'void *ps_init(void *config)'],
  ps_free: ['ps', 'int ps_free(void *ps)'],
  ps_add_word: ['ps', 'int ps_add_word(void *ps, const char *word, const char *phones, int update)'],
  ps_set_jsgf_string: ['ps', 'int ps_set_jsgf_string(void *ps, const char *name, const char *jsgf)'],
  ps_set_keyphrase: ['ps', 'int ps_set_keyphrase(void *ps, const char *name, const char *phrase)'],
  ps_set_search: ['ps', 'int ps_set_search(void *ps, const char *name)'],
  ps_start_utt: ['ps', 'int ps_start_utt(void *ps)'],
  ps_end_utt: ['ps', 'int ps_end_utt(void *ps)'],
  ps_process_raw: ['ps', 'int ps_process_raw(void *ps, const int16_t *data, size_t n, int no_search, int full_utt)'],
  ps_get_hyp: ['ps', 'const char *ps_get_hyp(void *ps, _Out_ int32_t *score)'],
  ps_get_prob: ['ps', 'int32_t ps_get_prob(void *ps)'],
});

// koffi functions take and return whatever their C signature says; callers below pass the right types.
/** @typedef {Record<keyof typeof SIGNATURES, (...args: any[]) => any>} Api */

/** @type {Api | undefined} */
let api;
/** @returns {Api} */
function bind() {
  if (api) return api;
  const libs = { sb: loadFirst(SB_CANDIDATES), ps: loadFirst(LIB_CANDIDATES) };
  api = /** @type {Api} */ (/** @type {unknown} */ (Object.fromEntries(Object.entries(SIGNATURES).map(([name, [lib, sig]]) => [name, libs[lib].func(sig)]))));
  return api;
}

/**
 * Name/value argument pairs with later ones replacing earlier ones of the same name (PocketSphinx refuses a
 * repeated argument, and callers layer their settings over the defaults).
 * @param {string[]} args
 */
export function mergeArgs(args) {
  /** @type {Map<string, string>} */
  const byName = new Map();
  for (let i = 0; i + 1 < args.length; i += 2) byName.set(/** @type {string} */ (args[i]), /** @type {string} */ (args[i + 1]));
  return [...byName].flat();
}

export class Decoder {
  /**
   * @param {{ modelDir?: string, logFile?: string, kwsThreshold?: number, extraArgs?: string[], lm?: boolean }} [opts]
   *   lm: false loads no n-gram model (a decoder that only runs grammars)
   */
  constructor(opts = {}) {
    const f = bind();
    const dir = opts.modelDir ?? MODEL_DIR;
    const argv = mergeArgs([
      '-hmm',
      `${dir}/en-us`,
      '-dict',
      `${dir}/cmudict-en-us.dict`,
      ...(opts.lm === false ? [] : ['-lm', `${dir}/en-us.lm.bin`]),
      '-logfn',
      opts.logFile ?? '/dev/null',
      '-kws_threshold',
      String(opts.kwsThreshold ?? 1e-20),
      ...(opts.extraArgs ?? []),
    ]);
    this.config = f.cmd_ln_parse_r(null, f.ps_args(), argv.length, argv, 1);
    if (!this.config) throw Object.assign(new Error(`pocketsphinx rejected its arguments: ${argv.join(' ')}`), { code: 'stt_failed' });
    this.ps = f.ps_init(this.config);
    if (!this.ps)
      throw Object.assign(new Error(`pocketsphinx could not load the model from ${dir} (apt-get install pocketsphinx-en-us)`), { code: 'stt_engine_missing' });
    this.f = f;
    /** @type {Set<string>} */
    this.searches = new Set(['_default']);
    this.inUtt = false;
  }

  /** Adds words to the dictionary. @param {[string, string][]} entries word -> phones ("HH AH L OW") */
  addWords(entries) {
    /** @type {string[]} */
    const failed = [];
    entries.forEach(([w, p], i) => {
      if (this.f.ps_add_word(this.ps, w, p, i === entries.length - 1 ? 1 : 0) < 0) failed.push(w);
    });
    return failed;
  }

  /** @param {string} name @param {string} jsgf */
  setJsgf(name, jsgf) {
    if (this.searches.has(name)) return;
    if (this.f.ps_set_jsgf_string(this.ps, name, jsgf) < 0) throw Object.assign(new Error(`pocketsphinx refused grammar ${name}`), { code: 'stt_bad_grammar' });
    this.searches.add(name);
  }

  /**
   * Sets grammar `name` even where one of that name exists (PocketSphinx frees the old search): for grammars built
   * per utterance, one name reused. The current search is never the one replaced (`current` is set first).
   * @param {string} name @param {string} jsgf @param {string} current
   */
  replaceJsgf(name, jsgf, current) {
    this.use(current);
    if (this.f.ps_set_jsgf_string(this.ps, name, jsgf) < 0) throw Object.assign(new Error(`pocketsphinx refused grammar ${name}`), { code: 'stt_bad_grammar' });
    this.searches.add(name);
  }

  /** @param {string} name @param {string} phrase */
  setKeyphrase(name, phrase) {
    if (this.searches.has(name)) return;
    if (this.f.ps_set_keyphrase(this.ps, name, phrase) < 0)
      throw Object.assign(new Error(`pocketsphinx refused keyphrase "${phrase}"`), { code: 'stt_bad_grammar' });
    this.searches.add(name);
  }

  /** @param {string} name */
  use(name) {
    const r = this.f.ps_set_search(this.ps, name);
    if (r < 0) throw Object.assign(new Error(`pocketsphinx has no search ${name}`), { code: 'stt_failed' });
  }

  start() {
    if (this.inUtt) this.f.ps_end_utt(this.ps);
    if (this.f.ps_start_utt(this.ps) < 0) throw Object.assign(new Error('ps_start_utt failed'), { code: 'stt_failed' });
    this.inUtt = true;
  }

  /** @param {Int16Array} samples */
  process(samples) {
    if (samples.length) this.f.ps_process_raw(this.ps, samples, samples.length, 0, 0);
  }

  /** @returns {{ text: string, score: number }} */
  hyp() {
    const score = [0];
    const text = this.f.ps_get_hyp(this.ps, score);
    return { text: text ?? '', score: score[0] ?? 0 };
  }

  /**
   * Decodes a whole utterance in one call (full_utt): cepstral mean and noise estimates come from the whole
   * utterance instead of running estimates, which the live (streaming) pass gets wrong on short answers in noise.
   * @param {Int16Array} samples
   */
  decodeWhole(samples) {
    this.start();
    if (samples.length) this.f.ps_process_raw(this.ps, samples, samples.length, 0, 1);
    return this.finish();
  }

  /** Ends the utterance and returns the final hypothesis. */
  finish() {
    if (this.inUtt) this.f.ps_end_utt(this.ps);
    this.inUtt = false;
    const h = this.hyp();
    return { ...h, prob: this.f.ps_get_prob(this.ps) };
  }

  free() {
    if (this.inUtt) this.f.ps_end_utt(this.ps);
    this.inUtt = false;
    if (this.ps) this.f.ps_free(this.ps);
    if (this.config) this.f.cmd_ln_free_r(this.config);
    this.ps = null;
    this.config = null;
  }
}
