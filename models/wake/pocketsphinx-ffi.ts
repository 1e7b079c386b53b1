/**
 * The few PocketSphinx 5prealpha C functions keyphrase spotting needs, bound in process with koffi
 * (Debian libpocketsphinx3 + libsphinxbase3; acoustic model and dictionary from pocketsphinx-en-us).
 */
import koffi, { type LibraryHandle } from 'koffi';
import { WakeWordError } from './errors.js';

export const POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

/** Opaque C pointers (ps_decoder_t*, cmd_ln_t*) as koffi hands them back. */
export type CPointer = object;

export interface PocketSphinxApi {
  cmd_ln_parse_r(inout: CPointer | null, defn: CPointer, argc: number, argv: string[], strict: number): CPointer | null;
  cmd_ln_free_r(config: CPointer): number;
  ps_args(): CPointer;
  ps_init(config: CPointer): CPointer | null;
  ps_free(ps: CPointer): number;
  ps_set_kws(ps: CPointer, name: string, keyfile: string): number;
  ps_set_search(ps: CPointer, name: string): number;
  ps_start_utt(ps: CPointer): number;
  ps_end_utt(ps: CPointer): number;
  ps_get_hyp(ps: CPointer, score: null): string | null;
  ps_lookup_word(ps: CPointer, word: string): CPointer | null;
  ckd_free(ptr: CPointer): void;
  /** Runs ps_process_raw on koffi's worker pool so the event loop (audio path) is never blocked. */
  processRawAsync(ps: CPointer, samples: Int16Array): Promise<number>;
  decodeString(ptr: CPointer): string;
}

let api: PocketSphinxApi | undefined;

export function pocketSphinx(): PocketSphinxApi {
  if (api) return api;
  let base: LibraryHandle;
  let ps: LibraryHandle;
  try {
    base = koffi.load('libsphinxbase.so.3');
    ps = koffi.load('libpocketsphinx.so.3');
  } catch (cause) {
    throw new WakeWordError(
      'wake_keyphrase_unavailable',
      `PocketSphinx is not installed (${String(cause)}). Install the Debian packages libpocketsphinx3 and ` +
        'pocketsphinx-en-us, or use the openWakeWord engine.',
      { cause },
    );
  }
  const processRaw = ps.func('int ps_process_raw(void *ps, const int16_t *data, size_t n, int no_search, int full_utt)');
  api = {
    cmd_ln_parse_r: base.func('void *cmd_ln_parse_r(void *inout, void *defn, int argc, const char **argv, int strict)'),
    cmd_ln_free_r: base.func('int cmd_ln_free_r(void *config)'),
    ckd_free: base.func('void ckd_free(void *ptr)'),
    ps_args: ps.func('void *ps_args()'),
    ps_init: ps.func('void *ps_init(void *config)'),
    ps_free: ps.func('int ps_free(void *ps)'),
    ps_set_kws: ps.func('int ps_set_kws(void *ps, const char *name, const char *keyfile)'),
    ps_set_search: ps.func('int ps_set_search(void *ps, const char *name)'),
    ps_start_utt: ps.func('int ps_start_utt(void *ps)'),
    ps_end_utt: ps.func('int ps_end_utt(void *ps)'),
    ps_get_hyp: ps.func('const char *ps_get_hyp(void *ps, int32_t *score)'),
    ps_lookup_word: ps.func('void *ps_lookup_word(void *ps, const char *word)'),
    processRawAsync: (decoder, samples) =>
      new Promise<number>((resolve, reject) => {
        processRaw.async(decoder, samples, samples.length, 0, 0, (err: unknown, frames: number) =>
          err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(frames),
        );
      }),
    decodeString: (ptr) => koffi.decode(ptr, 'char', -1) as string,
  };
  return api;
}
