import { describe, expect, it } from 'vitest';
import { SilenceEndpointDetector } from '../vad/endpoint.js';
import { UtteranceSegmenter, type SegmentEvent } from './segmenter.js';

const CHUNK = 32; // Silero's 512 samples at 16 kHz

function segmenter(): UtteranceSegmenter {
  return new UtteranceSegmenter({ endpoint: new SilenceEndpointDetector({ startMs: 100, endSilenceMs: 300 }), bargeInMs: 300 });
}

/** Feeds `ms` of one decision; returns the events. */
function feed(s: UtteranceSegmenter, ms: number, isSpeech: boolean, overRobot?: { strong: boolean }): SegmentEvent[] {
  const out: SegmentEvent[] = [];
  for (let t = 0; t < ms; t += CHUNK) out.push(...s.process(CHUNK, isSpeech, overRobot));
  return out;
}

describe('UtteranceSegmenter (clock-free: decisions in, utterances out)', () => {
  it('starts an utterance at its first speech chunk and ends it after the end silence, in stream time', () => {
    const s = segmenter();
    expect(feed(s, 320, false)).toEqual([]);
    const start = feed(s, 640, true);
    expect(start).toEqual([{ type: 'speech-start', atMs: 320 }]);
    const end = feed(s, 640, false);
    expect(end).toEqual([{ type: 'speech-end', atMs: 960, speechMs: 640 }]);
  });

  it('segments nothing while muted by the robot, and restarts the endpoint in stream time after it', () => {
    const s = segmenter();
    feed(s, 320, true); // an utterance starts...
    s.mute(5_000); // ...the robot talks over it (no barge-in) until 5 s
    expect(s.resume()).toBe(true);
    expect(s.resume()).toBe(false);
    expect(s.nowMs).toBe(5_000);
    expect(feed(s, 256, true)).toEqual([{ type: 'speech-start', atMs: 5_000 }]);
  });

  it('a short blip is not speech, and a weak voice over the robot is no barge-in', () => {
    const s = segmenter();
    expect([...feed(s, 64, true), ...feed(s, 640, false)]).toEqual([]);
    expect(feed(s, 1_000, true, { strong: false })).toEqual([]);
  });

  it("barges in after bargeInMs of strong voice over the robot, and the visitor's words already start an utterance", () => {
    const s = segmenter();
    feed(s, 320, false);
    const events = feed(s, 320, true, { strong: true });
    expect(events[0]).toEqual({ type: 'barge-in', atMs: 320 + 320 });
    // The replayed decisions start the utterance where the visitor began, not when the barge-in was decided.
    expect(events.slice(1)).toEqual([{ type: 'speech-start', atMs: 320 }]);
    expect(feed(s, 640, false)).toEqual([{ type: 'speech-end', atMs: 640, speechMs: 320 }]);
  });

  it('with pauseMs: a pause inside an utterance once per silence, a resume when speech comes back, none at its end', () => {
    const s = new UtteranceSegmenter({ endpoint: new SilenceEndpointDetector({ startMs: 100, endSilenceMs: 320 }), bargeInMs: 300, pauseMs: 128 });
    feed(s, 320, false);
    expect(feed(s, 640, true)).toEqual([{ type: 'speech-start', atMs: 320 }]);
    // A gap between words shorter than the pause: nothing.
    expect([...feed(s, 96, false), ...feed(s, 320, true)]).toEqual([]);
    // A longer gap: one pause when it reaches 128 ms, then speech again resumes the utterance.
    const gapAt = 320 + 640 + 96 + 320;
    expect(feed(s, 256, false)).toEqual([{ type: 'pause', atMs: gapAt + 128 }]);
    expect(feed(s, 320, true)).toEqual([{ type: 'resume', atMs: gapAt + 256 }]);
    // The final silence: a pause, then the end dated at its first silent chunk; no resume after the end.
    const endAt = gapAt + 256 + 320;
    expect(feed(s, 640, false)).toEqual([
      { type: 'pause', atMs: endAt + 128 },
      { type: 'speech-end', atMs: endAt, speechMs: endAt - 320 },
    ]);
    expect(feed(s, 64, true)).toEqual([]);
  });

  it('no pause before an utterance starts, nor across a mute', () => {
    const s = new UtteranceSegmenter({ endpoint: new SilenceEndpointDetector({ startMs: 100, endSilenceMs: 320 }), bargeInMs: 300, pauseMs: 128 });
    expect(feed(s, 640, false)).toEqual([]);
    feed(s, 320, true);
    s.mute(5_000);
    s.resume();
    expect(feed(s, 640, false)).toEqual([]);
  });
});
