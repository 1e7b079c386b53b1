/**
 * The live voice's health, as /healthz and the diagnostics screen show it: pure functions of the voice host's state
 * (voice-host.ts), so what a technician reads is testable without a microphone (voice-health.test.ts).
 */
import type { AudioSink, AudioSource } from '../../drivers/audio/types.js';
import { OPENWAKEWORD_PHRASES, isOpenWakeWordPhrase } from '../../models/wake/openwakeword-assets.js';
import type { SpeechConfig } from '../config/schema.js';
import type { AudioDeviceHealth, SpeechHealth } from '../http/contract.js';

/** Limits of the voice host, as data. */
export const VOICE_HOST = {
  /** Devices that failed to open (no sound card, unplugged) are tried again this often, ms. */
  reopenMs: 30_000,
  /** The robot waits this long after the visitor's last touch on the screen before its next question, ms. */
  touchQuietMs: 2_500,
} as const;

export type VoiceState = NonNullable<SpeechHealth['state']>;

export interface VoiceProblem {
  code?: string;
  message: string;
  at: string;
}

/** What the host knows at one moment. */
export interface VoiceSnapshot {
  state: VoiceState;
  config: SpeechConfig;
  /** The engines loaded (null: not yet, or voice is off: the configured ones are shown). */
  engines: NonNullable<SpeechHealth['engines']> | null;
  input: AudioDeviceHealth;
  output: AudioDeviceHealth;
  problem: VoiceProblem | null;
  lastError: VoiceProblem | null;
  dialog: { visitId: string; since: number } | null;
}

export function voiceHealth(v: VoiceSnapshot): SpeechHealth {
  const engines = v.engines ?? configuredEngines(v.config);
  const detail =
    v.state === 'listening'
      ? `listening for "${engines.wake.phrase}" (${engines.wake.kind}); ${v.dialog ? 'talking with a visitor' : 'no visit by voice now'}`
      : v.state === 'starting'
        ? 'opening the microphone and speaker and loading the speech engines'
        : v.state === 'stopped'
          ? 'stopped'
          : `voice is off: ${v.problem?.message ?? 'unknown problem'}; the touchscreen keeps working`;
  return {
    ok: v.state === 'listening' || v.state === 'starting',
    detail,
    mode: 'audio',
    state: v.state,
    listening: v.state === 'listening',
    engines,
    devices: { input: { ...v.input }, output: { ...v.output } },
    dialog: v.dialog ? { visitId: v.dialog.visitId, since: new Date(v.dialog.since).toISOString() } : null,
    lastError: v.lastError,
    ...(v.state === 'off' ? { fix: fixFor(v.problem, v.config) } : {}),
  };
}

/** The engines the config asks for, named as /healthz shows them before they are loaded. */
export function configuredEngines(c: SpeechConfig): NonNullable<SpeechHealth['engines']> {
  return {
    wake: { kind: c.wake.engine, phrase: wakePhrase(c) },
    vad: c.vad,
    stt: 'pocketsphinx',
    denoise: c.denoise,
    tts: c.tts.engine === 'festival' ? `festival:${c.tts.voice ?? 'cmu_us_slt_arctic_hts'} (flite fallback)` : `flite:${c.tts.voice ?? 'slt'}`,
  };
}

/**
 * Whether a visitor saying the wake phrase now would be heard: voice is on and listening, or starting with a
 * microphone that has not failed (the first start is about to listen; a retry after a failure is not, yet).
 */
export function hearsWakeWord(h: SpeechHealth): boolean {
  return h.mode === 'audio' && (h.state === 'listening' || h.state === 'starting') && h.devices?.input.ok !== false;
}

/** The wake phrase as a visitor says it. */
export function wakePhrase(c: SpeechConfig): string {
  const w = c.wake;
  switch (w.engine) {
    case 'openwakeword':
      return isOpenWakeWordPhrase(w.phrase) ? OPENWAKEWORD_PHRASES[w.phrase].spoken : w.phrase;
    case 'keyphrase':
      return w.phrase;
    case 'porcupine':
      return w.keyword;
  }
}

/** A device's health after trying to open it. */
export function deviceHealth(prev: AudioDeviceHealth, r: PromiseSettledResult<AudioSource | AudioSink>): AudioDeviceHealth {
  if (r.status === 'fulfilled') return { ...prev, kind: r.value.kind, ok: true, detail: 'open' };
  return { ...prev, ok: false, detail: firstSentence(errorText(r.reason)) };
}

/** What is wrong without the advice that follows it (the advice goes to `fix`). */
export function firstSentence(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === '.' && depth === 0 && text[i + 1] === ' ') return text.slice(0, i);
  }
  return text.replace(/\.$/, '');
}

export function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** True for the wake word stage's codes (models/wake/errors.ts). */
export function isWakeCode(code: string | undefined): boolean {
  return code !== undefined && (code.startsWith('wake_') || code.startsWith('porcupine_'));
}

/** What a technician should do about the problem that turned voice off. */
export function fixFor(problem: VoiceProblem | null, c: SpeechConfig): string {
  const code = problem?.code ?? '';
  if (code === 'audio_no_sound_card' || code === 'audio_device_failed') {
    return (
      "Plug in or enable the sound card (check 'arecord -l' and 'aplay -l'), or name the right ALSA capture device in " +
      `speech.input.device${c.input.device ? ` (now "${c.input.device}")` : ''}; Frontdesk tries again every ${VOICE_HOST.reopenMs / 1000} s. ` +
      'To run without voice, set speech.mode to "text".'
    );
  }
  if (isWakeCode(code)) return 'Fix the wake word settings under speech.wake (see the message), then restart; `frontdesk doctor` checks them.';
  return 'Run `frontdesk doctor` for the speech checks, then restart; set speech.mode to "text" to run without voice.';
}
