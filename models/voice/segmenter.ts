/**
 * Clock-free utterance segmentation for the listener: feed one VAD decision per chunk, `process(chunkMs, isSpeech)`,
 * and get utterance starts and ends in stream time, plus barge-in over the robot's own voice. No audio, no timers:
 * testable with a list of booleans (segmenter.test.ts).
 *
 * - The end-of-speech state machine is an EndpointDetector (SilenceEndpointDetector); event times are mapped from its
 *   own clock (restarted after every mute) to stream time.
 * - `mute(resumeAtMs)`: the robot is speaking and cannot be interrupted, so nothing is segmented; time jumps to
 *   where the audio resumes. The first chunk after the mute starts a fresh endpoint (`resume()` says when).
 * - While the robot speaks with barge-in allowed, each chunk says whether it held a strong voice over the robot's
 *   echo (`overRobot.strong`); `bargeInMs` of that in a row is a barge-in, and the recent decisions are replayed so
 *   the visitor's words (already spoken) start an utterance at once.
 */
import type { EndpointDetector, EndpointEvent } from '../vad/types.js';

export type SegmentEvent = EndpointEvent | { type: 'barge-in'; atMs: number };

export interface SegmenterOptions {
  endpoint: EndpointDetector;
  /** Strong speech over the robot needed to barge in, ms. */
  bargeInMs: number;
}

/** Decisions kept for the replay after a barge-in. */
const KEPT_DECISIONS = 100;
/** The replay reaches this much further back than the barge-in run itself, ms. */
const REPLAY_EXTRA_MS = 200;

export class UtteranceSegmenter {
  private timeMs = 0;
  private baseMs = 0;
  private muted = false;
  private bargeRunMs = 0;
  private readonly decisions: { atMs: number; isSpeech: boolean }[] = [];

  constructor(private readonly opts: SegmenterOptions) {}

  /** Stream time of the next chunk, ms. */
  get nowMs(): number {
    return this.timeMs;
  }

  /** The robot's own voice fills the audio up to `resumeAtMs` and may not be interrupted: nothing is segmented. */
  mute(resumeAtMs: number): void {
    this.muted = true;
    this.timeMs = resumeAtMs;
  }

  /** Call when audio is the room's again; true when a mute just ended (the endpoint restarted: reset the VAD too). */
  resume(): boolean {
    if (!this.muted) return false;
    this.muted = false;
    this.opts.endpoint.reset();
    this.baseMs = this.timeMs;
    return true;
  }

  /**
   * One VAD decision for the next `chunkMs` of audio. `overRobot` while the robot speaks and barge-in is allowed:
   * `strong` when the chunk held a confident voice clearly louder than the robot's echo.
   */
  process(chunkMs: number, isSpeech: boolean, overRobot?: { strong: boolean }): SegmentEvent[] {
    const atMs = this.timeMs;
    this.timeMs += chunkMs;
    this.decisions.push({ atMs, isSpeech });
    if (this.decisions.length > KEPT_DECISIONS) this.decisions.shift();
    if (overRobot) {
      this.bargeRunMs = overRobot.strong ? this.bargeRunMs + chunkMs : 0;
      if (this.bargeRunMs < this.opts.bargeInMs) return [];
      this.bargeRunMs = 0;
      return [{ type: 'barge-in', atMs: this.timeMs }, ...this.replay(chunkMs)];
    }
    return this.opts.endpoint.process(chunkMs, isSpeech).map((ev) => ({ ...ev, atMs: this.baseMs + ev.atMs }));
  }

  /** After a barge-in: the recent decisions through a fresh endpoint, so speech already under way starts now. */
  private replay(chunkMs: number): SegmentEvent[] {
    const from = this.timeMs - this.opts.bargeInMs - REPLAY_EXTRA_MS;
    const recent = this.decisions.filter((d) => d.atMs >= from);
    this.opts.endpoint.reset();
    this.baseMs = recent[0]?.atMs ?? this.timeMs;
    this.muted = false;
    const starts: SegmentEvent[] = [];
    for (const d of recent) {
      for (const ev of this.opts.endpoint.process(chunkMs, d.isSpeech)) if (ev.type === 'speech-start') starts.push({ ...ev, atMs: this.baseMs + ev.atMs });
    }
    return starts;
  }
}
