/** Licence terms of the wake word models, for the staff settings and README. Light: loads no engine. */
import type { WakeWordConfig } from './config.js';
import { OPENWAKEWORD_LICENCE_NOTICE } from './openwakeword-assets.js';

/** The licence text the staff settings and README must show for this configuration, if any. */
export function wakeWordLicenceNotice(config: WakeWordConfig): string | undefined {
  return config.engine === 'openwakeword' ? OPENWAKEWORD_LICENCE_NOTICE : undefined;
}
