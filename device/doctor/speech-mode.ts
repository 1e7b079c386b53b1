/**
 * Doctor check "speech-mode": what `frontdesk start` will run (speech.mode 'auto' looks for a microphone, a speaker
 * and the speech models, device/speech/speech-mode.ts) and why. Falling back to touch is a choice, not a failure:
 * the microphone, speaker and models checks say what to fix for voice.
 */
import type { Config } from '../config/schema.js';
import { deviceSpeechProbe } from '../speech/device-probe.js';
import { decideSpeechMode, type SpeechModeDecision, type SpeechModeProbe } from '../speech/speech-mode.js';
import type { CheckResult } from './check-result.js';

export async function checkSpeechMode(
  config: Config,
  probe: SpeechModeProbe = deviceSpeechProbe(),
): Promise<{ result: CheckResult; decision: SpeechModeDecision }> {
  const decision = await decideSpeechMode(config.speech, probe);
  const runs = decision.mode === 'audio' ? 'voice and touch' : 'touch only';
  return {
    decision,
    result: {
      id: 'speech-mode',
      ok: true,
      severity: 'warning',
      detail: `speech.mode ${decision.setting}: ${runs} — ${decision.reason}`,
      data: { setting: decision.setting, mode: decision.mode, reason: decision.reason, ...(decision.report ? { found: decision.report } : {}) },
    },
  };
}
