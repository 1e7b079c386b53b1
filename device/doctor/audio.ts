/**
 * Doctor checks "microphone" and "speaker": arecord -l / aplay -l and whether ALSA opens the device
 * (drivers/audio/soundcard.ts). No sound card is a warning with the fix: the kiosk keeps working by touch. The speech
 * engines' files are the "models" check (models.ts).
 */
import { checkAudioDevice } from '../../drivers/audio/soundcard.js';
import type { Config } from '../config/schema.js';
import type { SpeechModeDecision } from '../speech/speech-mode.js';
import type { CheckResult } from './check-result.js';

/** `decision`: the speech mode `frontdesk start` would run; a missing device only matters when it is voice. */
export async function checkAudio(config: Config, decision?: Pick<SpeechModeDecision, 'setting' | 'mode'>): Promise<CheckResult[]> {
  const voiceOff = decision ? decision.mode === 'text' : config.speech.mode === 'text';
  const why = decision?.setting === 'auto' ? 'speech.mode is auto: the kiosk uses the touch screen' : 'speech.mode is text: voice is off anyway';
  const results: CheckResult[] = [];
  for (const direction of ['capture', 'playback'] as const) {
    const r = await checkAudioDevice(direction, direction === 'capture' ? config.speech.input.device : undefined);
    results.push({
      id: direction === 'capture' ? 'microphone' : 'speaker',
      ok: r.ok,
      severity: 'warning',
      detail: voiceOff && !r.ok ? `${r.detail} (${why})` : r.detail,
      ...(r.fix ? { fix: r.fix } : {}),
      data: { devices: r.devices },
    });
  }
  return results;
}
