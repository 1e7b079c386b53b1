/**
 * `KeyphraseSpotter` over PocketSphinx's keyword search (kws), in process. Audio decoding runs on koffi's worker
 * pool (ps_process_raw is called asynchronously), so the event loop stays free.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WakeWordError } from './errors.js';
import type { KeyphraseSpotter } from './keyphrase.js';
import { POCKETSPHINX_MODEL_DIR, pocketSphinx, type CPointer, type PocketSphinxApi } from './pocketsphinx-ffi.js';

const SEARCH = 'wake';

export interface PocketSphinxSpotterOptions {
  modelDir?: string; // default /usr/share/pocketsphinx/model/en-us (acoustic model in en-us/, cmudict-en-us.dict)
}

export class PocketSphinxKeyphraseSpotter implements KeyphraseSpotter {
  private decoder: CPointer | undefined;
  private config: CPointer | undefined;
  private spotted = false;
  private inUtterance = false;
  private readonly dir = mkdtempSync(join(tmpdir(), 'fd-kws-'));

  constructor(
    private readonly ps: PocketSphinxApi,
    private readonly modelDir: string,
  ) {}

  static create(options: PocketSphinxSpotterOptions = {}): PocketSphinxKeyphraseSpotter {
    return new PocketSphinxKeyphraseSpotter(pocketSphinx(), options.modelDir ?? POCKETSPHINX_MODEL_DIR);
  }

  async begin(phrase: string, threshold: number): Promise<void> {
    const decoder = this.ensureDecoder();
    if (this.inUtterance) this.ps.ps_end_utt(decoder);
    this.inUtterance = false;
    const unknown = phrase.split(' ').filter((word) => !this.knows(decoder, word));
    if (unknown.length > 0) {
      throw new WakeWordError(
        'wake_keyphrase_unknown_word',
        `The wake phrase "${phrase}" has words the pronunciation dictionary does not know: ${unknown.join(', ')}. ` +
          'Spell them as common English words that sound the same (e.g. "bella" for "Bela").',
      );
    }
    const keyfile = join(this.dir, 'keyphrase.list');
    writeFileSync(keyfile, `${phrase} /${threshold.toExponential()}/\n`);
    if (this.ps.ps_set_kws(decoder, SEARCH, keyfile) < 0 || this.ps.ps_set_search(decoder, SEARCH) < 0) {
      throw new WakeWordError('wake_keyphrase_unavailable', `PocketSphinx refused the keyphrase "${phrase}".`);
    }
    this.startUtterance(decoder);
    this.spotted = false;
  }

  async write(samples: Int16Array): Promise<void> {
    const decoder = this.decoder;
    if (!decoder || !this.inUtterance) throw new WakeWordError('wake_closed', 'Keyphrase spotter: call begin() before write().');
    if (samples.length === 0) return;
    const copy = samples.slice(); // stays alive and unchanged while the worker pool reads it
    if ((await this.ps.processRawAsync(decoder, copy)) < 0) {
      throw new WakeWordError('wake_inference', 'PocketSphinx failed to process audio.');
    }
    if (this.ps.ps_get_hyp(decoder, null)) {
      this.spotted = true;
      // Restart the utterance so the same detection is not reported again.
      this.ps.ps_end_utt(decoder);
      this.inUtterance = false;
      this.startUtterance(decoder);
    }
  }

  detected(): boolean {
    const was = this.spotted;
    this.spotted = false;
    return was;
  }

  async close(): Promise<void> {
    if (this.decoder) {
      if (this.inUtterance) this.ps.ps_end_utt(this.decoder);
      this.ps.ps_free(this.decoder);
    }
    if (this.config) this.ps.cmd_ln_free_r(this.config);
    this.decoder = undefined;
    this.config = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private ensureDecoder(): CPointer {
    if (this.decoder) return this.decoder;
    const argv = ['-hmm', join(this.modelDir, 'en-us'), '-dict', join(this.modelDir, 'cmudict-en-us.dict'), '-samprate', '16000', '-logfn', '/dev/null'];
    const config = this.ps.cmd_ln_parse_r(null, this.ps.ps_args(), argv.length, argv, 1);
    const decoder = config ? this.ps.ps_init(config) : null;
    if (!config || !decoder) {
      if (config) this.ps.cmd_ln_free_r(config);
      throw new WakeWordError(
        'wake_keyphrase_unavailable',
        `PocketSphinx could not load its English model from ${this.modelDir}. Install the Debian package pocketsphinx-en-us.`,
      );
    }
    this.config = config;
    this.decoder = decoder;
    return decoder;
  }

  private knows(decoder: CPointer, word: string): boolean {
    const phones = this.ps.ps_lookup_word(decoder, word);
    if (!phones) return false;
    this.ps.ckd_free(phones);
    return true;
  }

  private startUtterance(decoder: CPointer): void {
    if (this.ps.ps_start_utt(decoder) < 0) throw new WakeWordError('wake_inference', 'PocketSphinx could not start listening.');
    this.inUtterance = true;
  }
}
