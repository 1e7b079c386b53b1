/**
 * Clock-free end-of-speech detection: feed (chunkMs, isSpeech) and get speech-start / speech-end events in stream
 * time. Speech starts after `startMs` of (nearly) continuous speech and is dated at the run's first chunk; it ends
 * after `endSilenceMs` of silence and is dated at the first silent chunk. Utterances longer than `maxSpeechMs` are
 * cut. Short blips (< startMs) never start an utterance; short gaps (< endSilenceMs) never end one.
 */
import type { EndpointDetector, EndpointEvent } from './types.js';

export interface SilenceEndpointOptions {
  /** Speech needed to declare a start, ms. Default 100. */
  startMs?: number;
  /** Trailing silence that ends an utterance, ms. Default 600. */
  endSilenceMs?: number;
  /** Hard cap on one utterance, ms. Default 15000. */
  maxSpeechMs?: number;
  /** Non-speech tolerated inside the start run, ms. Default 40. */
  startGapMs?: number;
}

export const DEFAULT_END_SILENCE_MS = 600;

export class SilenceEndpointDetector implements EndpointDetector {
  private readonly startMs: number;
  private endSilenceMs: number;
  private readonly defaultEndSilenceMs: number;
  private readonly maxSpeechMs: number;
  private readonly startGapMs: number;
  private t = 0;
  private inSpeech = false;
  private runStart = -1;
  private runSpeech = 0;
  private runGap = 0;
  private speechStart = 0;
  private silence = 0;

  constructor(opts: SilenceEndpointOptions = {}) {
    this.startMs = opts.startMs ?? 100;
    this.endSilenceMs = opts.endSilenceMs ?? DEFAULT_END_SILENCE_MS;
    this.defaultEndSilenceMs = this.endSilenceMs;
    this.maxSpeechMs = opts.maxSpeechMs ?? 15_000;
    this.startGapMs = opts.startGapMs ?? 40;
    if (this.endSilenceMs <= 0 || this.startMs < 0) throw new RangeError('SilenceEndpointDetector: bad durations');
  }

  /**
   * Shortens (or restores, with no argument) the silence that ends the current utterance, e.g. once the answer
   * is known to be complete. Restored to the configured value at every speech end and reset.
   */
  setEndSilenceMs(ms?: number): void {
    this.endSilenceMs = ms ?? this.defaultEndSilenceMs;
  }

  get speaking(): boolean {
    return this.inSpeech;
  }

  /** Stream time of the current utterance's start (valid while `speaking`). */
  get startedAtMs(): number {
    return this.speechStart;
  }

  process(chunkMs: number, isSpeech: boolean): EndpointEvent[] {
    const at = this.t;
    this.t += chunkMs;
    const events: EndpointEvent[] = [];
    if (!this.inSpeech) {
      if (isSpeech) {
        if (this.runStart < 0) this.runStart = at;
        this.runSpeech += chunkMs;
        this.runGap = 0;
        if (this.runSpeech >= this.startMs) {
          this.inSpeech = true;
          this.speechStart = this.runStart;
          this.silence = 0;
          events.push({ type: 'speech-start', atMs: this.speechStart });
        }
      } else if (this.runStart >= 0) {
        this.runGap += chunkMs;
        if (this.runGap > this.startGapMs) this.clearRun();
      }
      return events;
    }
    this.silence = isSpeech ? 0 : this.silence + chunkMs;
    const end = this.t - this.silence; // first silent chunk's time, or now
    if (this.silence >= this.endSilenceMs || this.t - this.speechStart >= this.maxSpeechMs) {
      events.push({ type: 'speech-end', atMs: end, speechMs: end - this.speechStart });
      this.inSpeech = false;
      this.endSilenceMs = this.defaultEndSilenceMs;
      this.clearRun();
    }
    return events;
  }

  private clearRun(): void {
    this.runStart = -1;
    this.runSpeech = 0;
    this.runGap = 0;
  }

  reset(): void {
    this.endSilenceMs = this.defaultEndSilenceMs;
    this.t = 0;
    this.inSpeech = false;
    this.silence = 0;
    this.clearRun();
  }
}
