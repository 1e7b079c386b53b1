/**
 * Which way the robot talks, decided once at start: speech.mode 'audio' and 'text' are taken as written; 'auto' (the
 * default) uses the microphone and speaker when this machine has both and the speech models are installed, and the
 * touch screen otherwise. The probe is a port, so tests decide what the machine has (device-probe.ts is the real one).
 */
import type { SpeechConfig } from '../config/schema.js';

export type SpeechModeSetting = SpeechConfig['mode'];
export type RunningSpeechMode = 'audio' | 'text';

/** One thing voice needs, found or not; `detail` says what was seen, in words for a technician. */
export interface ProbeFinding {
  ok: boolean;
  detail: string;
}

/** What the machine offers the voice path. */
export interface SpeechProbeReport {
  microphone: ProbeFinding;
  speaker: ProbeFinding;
  models: ProbeFinding;
}

/** Looks at the machine (sound cards, model files). Never throws: a failure to look is a finding with ok false. */
export interface SpeechModeProbe {
  probe(speech: SpeechConfig): Promise<SpeechProbeReport>;
}

export interface SpeechModeDecision {
  /** speech.mode as configured. */
  setting: SpeechModeSetting;
  /** What runs: the live voice ('audio') or the touch screen and the text twins ('text'). */
  mode: RunningSpeechMode;
  /** Why, in one sentence a technician or staff member reads, e.g. "no microphone found: using the touch screen". */
  reason: string;
  /** What the probe saw (auto only). */
  report?: SpeechProbeReport;
}

/** Decides the running mode; probes the machine only for 'auto'. */
export async function decideSpeechMode(speech: SpeechConfig, probe: SpeechModeProbe): Promise<SpeechModeDecision> {
  if (speech.mode === 'text') return { setting: 'text', mode: 'text', reason: 'speech.mode is "text"' };
  if (speech.mode === 'audio') return { setting: 'audio', mode: 'audio', reason: 'speech.mode is "audio"' };
  let report: SpeechProbeReport;
  try {
    report = await probe.probe(speech);
  } catch (err) {
    // A probe must not throw; if one does, the screen still works.
    const reason = `could not look for a microphone and speaker (${(err as Error).message}): using the touch screen`;
    return { setting: 'auto', mode: 'text', reason };
  }
  return { setting: 'auto', ...autoMode(report), report };
}

/** The running mode of speech.mode 'auto' for what the probe found: audio only when all three are there. */
export function autoMode(report: SpeechProbeReport): { mode: RunningSpeechMode; reason: string } {
  const missing: string[] = [];
  if (!report.microphone.ok) missing.push(`no microphone found (${report.microphone.detail})`);
  if (!report.speaker.ok) missing.push(`no speaker found (${report.speaker.detail})`);
  if (!report.models.ok) missing.push(`speech models missing (${report.models.detail})`);
  if (missing.length === 0) return { mode: 'audio', reason: 'microphone, speaker and speech models found: using voice and the touch screen' };
  return { mode: 'text', reason: `${missing.join('; ')}: using the touch screen` };
}

/** A probe that reports what it is given (tests; a process whose audio is injected). */
export function fixedSpeechProbe(report: SpeechProbeReport): SpeechModeProbe {
  return { probe: async () => report };
}
