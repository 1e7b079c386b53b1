/**
 * The speech monitor: one small hub on the runtime (`runtime.speechMonitor`) that speech code reports into, so the
 * diagnostics screen and the support bundle can show what the robot hears without knowing how it hears it.
 *
 * How speech code reports (all calls are cheap, never throw, and may come at any rate):
 *   reportLevel(dbfs)                       microphone level, dBFS (-120 = silence, 0 = full scale). Emitted at most
 *                                           every LEVEL_EMIT_MS, holding the peak of the reports in between.
 *   reportWakeScore({engine, phrase, score, threshold?, detected?})
 *                                           each wake word score (0..1). `detected` defaults to score >= threshold.
 *                                           Emitted at most every WAKE_EMIT_MS per engine+phrase (the peak), and at
 *                                           once for a detection.
 *   reportCaption(text, final, {visitId?})  what the STT heard: partials (final=false) while the visitor speaks,
 *                                           then the final text. Visits already feed this (runtime.ts wires each
 *                                           visit's 'caption' event).
 *   reportError(stage, err)                 something failed in the background (stage: microphone, wake, vad, stt,
 *                                           tts, speaker, pipeline); the latest is kept.
 * `watchAudioSpeech(monitor, speech)` wires an AudioSpeech (device/speech/audio-speech.ts: its level, wake-score,
 * wake and error events) in one call; the live audio pipeline calls it where it builds its AudioSpeech.
 *
 * Listeners get every emitted SpeechEvent on 'event'; `snapshot()` gives the latest values and a short history.
 * Time comes from `now` (epoch ms), injectable so tests need no timers.
 */
import { EventEmitter } from 'node:events';
import type { SpeechEvent, SpeechSnapshot, SpeechStage, WakeScoreView } from '../http/contract.js';
import type { AudioSpeech } from '../speech/audio-speech.js';

export const LEVEL_EMIT_MS = 100;
export const WAKE_EMIT_MS = 100;
/** The peak wake score shown is the highest of this window, ms. */
export const WAKE_PEAK_WINDOW_MS = 3_000;
export const LEVEL_HISTORY = 100; // ~10 s at one level per LEVEL_EMIT_MS
export const CAPTION_HISTORY = 20;
export const SILENCE_DBFS = -120;

export interface SpeechMonitorEvents {
  event: [event: SpeechEvent];
}

export interface WakeScoreReport {
  engine: string;
  phrase: string;
  score: number;
  /** The engine's detection threshold on the same scale as `score`, when it has one. */
  threshold?: number | null;
  detected?: boolean;
}

interface WakeTrack {
  view: WakeScoreView;
  recent: { at: number; score: number }[];
  pendingPeak: number;
  lastEmit: number;
}

export class SpeechMonitor extends EventEmitter<SpeechMonitorEvents> {
  private level: { dbfs: number; at: number } | null = null;
  private readonly levels: number[] = [];
  private levelPeak = SILENCE_DBFS;
  private levelPending = false;
  private lastLevelEmit = -Infinity;
  private readonly wake = new Map<string, WakeTrack>();
  private readonly captions: SpeechSnapshot['captions'] = [];
  private lastError: SpeechSnapshot['lastError'] = null;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  reportLevel(dbfs: number): void {
    const at = this.now();
    const value = Number.isFinite(dbfs) ? Math.max(SILENCE_DBFS, Math.min(0, dbfs)) : SILENCE_DBFS;
    this.level = { dbfs: value, at };
    this.levelPeak = this.levelPending ? Math.max(this.levelPeak, value) : value;
    this.levelPending = true;
    if (at - this.lastLevelEmit < LEVEL_EMIT_MS) return;
    const peak = this.levelPeak;
    this.levelPending = false;
    this.lastLevelEmit = at;
    this.levels.push(peak);
    if (this.levels.length > LEVEL_HISTORY) this.levels.splice(0, this.levels.length - LEVEL_HISTORY);
    this.send({ type: 'level', dbfs: peak, at });
  }

  reportWakeScore(report: WakeScoreReport): void {
    const at = this.now();
    const score = Number.isFinite(report.score) ? Math.max(0, Math.min(1, report.score)) : 0;
    const threshold = report.threshold ?? null;
    const detected = report.detected ?? (threshold !== null && score >= threshold);
    const key = `${report.engine}\u0000${report.phrase}`;
    let track = this.wake.get(key);
    if (!track) {
      track = {
        view: { engine: report.engine, phrase: report.phrase, score, threshold, peak: score, detections: 0, lastDetectionAt: null, at },
        recent: [],
        pendingPeak: 0,
        lastEmit: -Infinity,
      };
      this.wake.set(key, track);
    }
    track.recent.push({ at, score });
    while (track.recent.length && track.recent[0]!.at < at - WAKE_PEAK_WINDOW_MS) track.recent.shift();
    track.pendingPeak = Math.max(track.pendingPeak, score);
    Object.assign(track.view, { score, threshold, at, peak: Math.max(...track.recent.map((r) => r.score)) });
    if (detected) {
      track.view.detections++;
      track.view.lastDetectionAt = at;
    }
    if (!detected && at - track.lastEmit < WAKE_EMIT_MS) return;
    const emitted = track.pendingPeak;
    track.pendingPeak = 0;
    track.lastEmit = at;
    this.send({ type: 'wake-score', engine: report.engine, phrase: report.phrase, score: emitted, threshold, detected, at });
  }

  reportCaption(text: string, final: boolean, opts: { visitId?: string } = {}): void {
    const at = this.now();
    const caption = { text, final, at, ...(opts.visitId ? { visitId: opts.visitId } : {}) };
    // A partial replaces the partial before it (same visit): the history keeps what was said, not every guess.
    const last = this.captions.at(-1);
    if (last && !last.final && last.visitId === opts.visitId) this.captions.pop();
    this.captions.push(caption);
    if (this.captions.length > CAPTION_HISTORY) this.captions.splice(0, this.captions.length - CAPTION_HISTORY);
    this.send({ type: 'caption', ...caption });
  }

  reportError(stage: SpeechStage, err: unknown): void {
    const at = this.now();
    const message = err instanceof Error ? err.message : String(err);
    const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
    this.lastError = { stage, message, at, ...(code ? { code } : {}) };
    this.send({ type: 'error', ...this.lastError });
  }

  snapshot(mode: SpeechSnapshot['mode']): SpeechSnapshot {
    return {
      mode,
      level: this.level ? { ...this.level } : null,
      levels: [...this.levels],
      wake: [...this.wake.values()].map((t) => ({ ...t.view })),
      captions: this.captions.map((c) => ({ ...c })),
      lastError: this.lastError ? { ...this.lastError } : null,
    };
  }

  private send(event: SpeechEvent): void {
    this.emit('event', event);
  }
}

/**
 * Feeds an AudioSpeech's events into the monitor: levels, wake scores (with the engine's threshold when it has one
 * on the 0..1 scale), detections, and background errors. Returns a function that stops the feed.
 */
export function watchAudioSpeech(monitor: SpeechMonitor, speech: AudioSpeech): () => void {
  const wake = speech.wake;
  const t = wake && 'threshold' in wake ? (wake as { threshold: unknown }).threshold : undefined;
  const threshold = typeof t === 'number' && wake?.kind === 'openwakeword' ? t : null;
  const onLevel = (dbfs: number): void => monitor.reportLevel(dbfs);
  const onScore = (score: number, engine: string, phrase: string): void => monitor.reportWakeScore({ engine, phrase, score, threshold, detected: false });
  const onWake = (d: { phrase: string; score: number }): void =>
    monitor.reportWakeScore({ engine: wake?.kind ?? 'wake', phrase: wake?.phrase ?? d.phrase, score: d.score, threshold, detected: true });
  const onError = (err: Error): void => monitor.reportError('pipeline', err);
  speech.on('level', onLevel);
  speech.on('wake-score', onScore);
  speech.on('wake', onWake);
  speech.on('error', onError);
  return () => {
    speech.off('level', onLevel);
    speech.off('wake-score', onScore);
    speech.off('wake', onWake);
    speech.off('error', onError);
  };
}
