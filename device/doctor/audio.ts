/**
 * Doctor checks "microphone" and "speaker": arecord -l / aplay -l and whether ALSA opens the device
 * (drivers/audio/soundcard.ts). No sound card is a warning with the fix: the kiosk keeps working by touch. The speech
 * engines' files are the "models" check (models.ts).
 */
import { checkAudioDevice } from '../../drivers/audio/soundcard.js';
import type { Config } from '../config/schema.js';
import type { CheckResult } from './check-result.js';

export async function checkAudio(config: Config): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const direction of ['capture', 'playback'] as const) {
    const r = await checkAudioDevice(direction, direction === 'capture' ? config.speech.input.device : undefined);
    results.push({
      id: direction === 'capture' ? 'microphone' : 'speaker',
      ok: r.ok,
      severity: 'warning',
      detail: config.speech.mode === 'text' && !r.ok ? `${r.detail} (speech.mode is text: voice is off anyway)` : r.detail,
      ...(r.fix ? { fix: r.fix } : {}),
      data: { devices: r.devices },
    });
  }
  return results;
}
