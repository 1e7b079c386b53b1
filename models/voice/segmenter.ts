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
 * - With `pauseMs`, a silence of that length inside an utterance is a 'pause' (the listener starts the final decode
 *   while the endpoint still waits), and speech after a pause, before the utterance ended, is a 'resume'.
 */
import type { EndpointDetector, EndpointEvent } from '../vad/types.js';

export type SegmentEvent =
  | EndpointEvent
  | { type: 'barge-in'; atMs: number }
  /** `pauseMs` of silence inside an utterance (at most once per silence), dated when it was reached. */
  | { type: 'pause'; atMs: number }
  /** Speech again after a pause, before the utterance ended. */
  | { type: 'resume'; atMs: number };

export interface SegmenterOptions {
  endpoint: EndpointDetector;
  /** Strong speech over the robot needed to barge in, ms. */
  bargeInMs: number;
  /** Silence inside an utterance that is a 'pause', ms; 0 or absent: no pause events. */
  pauseMs?: number;
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
  /** Inside an utterance (between its start and end events), and the silence at its tail so far, ms. */
  private inUtterance = false;
  private silenceMs = 0;
  private paused = false;
  private readonly decisions: { atMs: number; isSpeech: boolean }[] = [];

  private pauseMs: number;

  constructor(private readonly opts: SegmenterOptions) {
    this.pauseMs = opts.pauseMs ?? 0;
  }

  /** Changes the silence that makes a pause, e.g. with the silence that will end the utterance (0: no pauses). */
  setPauseMs(ms: number): void {
    this.pauseMs = ms;
  }

  /** Stream time of the next chunk, ms. */
  get nowMs(): number {
    return this.timeMs;
  }

  /** The robot's own voice fills the audio up to `resumeAtMs` and may not be interrupted: nothing is segmented. */
  mute(resumeAtMs: number): void {
    this.muted = true;
    this.leaveUtterance();
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
    const events: SegmentEvent[] = this.opts.endpoint.process(chunkMs, isSpeech).map((ev) => ({ ...ev, atMs: this.baseMs + ev.atMs }));
    return this.pauses(chunkMs, isSpeech, events);
  }

  /** Adds 'pause' and 'resume' to one chunk's endpoint events (an utterance that starts or ends here has none). */
  private pauses(chunkMs: number, isSpeech: boolean, events: SegmentEvent[]): SegmentEvent[] {
    const pauseMs = this.pauseMs;
    if (events.some((e) => e.type === 'speech-start')) {
      this.inUtterance = true;
      this.silenceMs = 0;
      this.paused = false;
    }
    if (events.some((e) => e.type === 'speech-end')) this.leaveUtterance();
    else if (this.inUtterance && pauseMs > 0 && !events.length) {
      if (isSpeech) {
        if (this.paused) events.push({ type: 'resume', atMs: this.timeMs - chunkMs });
        this.silenceMs = 0;
        this.paused = false;
      } else {
        this.silenceMs += chunkMs;
        if (!this.paused && this.silenceMs >= pauseMs) {
          this.paused = true;
          events.push({ type: 'pause', atMs: this.timeMs });
        }
      }
    }
    return events;
  }

  private leaveUtterance(): void {
    this.inUtterance = false;
    this.silenceMs = 0;
    this.paused = false;
  }

  /** After a barge-in: the recent decisions through a fresh endpoint, so speech already under way starts now. */
  private replay(chunkMs: number): SegmentEvent[] {
    const from = this.timeMs - this.opts.bargeInMs - REPLAY_EXTRA_MS;
    const recent = this.decisions.filter((d) => d.atMs >= from);
    this.opts.endpoint.reset();
    this.leaveUtterance();
    this.baseMs = recent[0]?.atMs ?? this.timeMs;
    this.muted = false;
    const starts: SegmentEvent[] = [];
    for (const d of recent) {
      for (const ev of this.opts.endpoint.process(chunkMs, d.isSpeech)) if (ev.type === 'speech-start') starts.push({ ...ev, atMs: this.baseMs + ev.atMs });
    }
    if (starts.length) this.inUtterance = true;
    return starts;
  }
}
