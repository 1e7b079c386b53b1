/** Builds the configured wake word engine. The one place that knows all three engines. */
import type { WakeWordEngine } from './types.js';
import { wakeWordConfigSchema, type WakeWordConfig } from './config.js';
import { WakeWordError } from './errors.js';
import { KeyphraseWake, type KeyphraseSpotter } from './keyphrase.js';
import { OpenWakeWord } from './openwakeword.js';
import { createPorcupine } from './porcupine.js';

export interface WakeWordDeps {
  /** Spotter for the keyphrase engine; default: in-process PocketSphinx (loaded only when chosen). */
  keyphraseSpotter?: () => KeyphraseSpotter | Promise<KeyphraseSpotter>;
  /** openWakeWord inference thread; default 'worker'. */
  thread?: 'worker' | 'inline';
}

export async function createWakeWordEngine(config: WakeWordConfig, deps: WakeWordDeps = {}): Promise<WakeWordEngine> {
  const parsed = wakeWordConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['speech', 'wake', ...(issue?.path ?? []).map(String)].join('.');
    throw new WakeWordError('wake_bad_config', `Wake word setting ${path} is not valid: ${issue?.message ?? 'unknown problem'}.`);
  }
  const c = parsed.data;
  switch (c.engine) {
    case 'openwakeword':
      return OpenWakeWord.create({ phrase: c.phrase, threshold: c.threshold, refractoryMs: c.refractoryMs, thread: deps.thread });
    case 'keyphrase': {
      const spotter = deps.keyphraseSpotter ? await deps.keyphraseSpotter() : (await import('./pocketsphinx-kws.js')).PocketSphinxKeyphraseSpotter.create();
      return KeyphraseWake.create(spotter, { phrase: c.phrase, threshold: c.threshold, refractoryMs: c.refractoryMs });
    }
    case 'porcupine':
      return createPorcupine({ accessKey: c.accessKey, keyword: c.keyword, sensitivity: c.sensitivity });
  }
}

// Kept here for the callers that know the factory; the text lives in licence.ts so the HTTP server need not load
// the engines to show it.
export { wakeWordLicenceNotice } from './licence.js';
