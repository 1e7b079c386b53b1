/**
 * A room with the robot in it, in real time: the robot's microphone hears a visitor's mouth and the robot's own
 * speaker (at `echoGain`), as a speaker mounted next to a microphone without an echo canceller would.
 *
 * Both run on the wall clock, as sound cards do: what the speaker is given plays from then on (after what is
 * queued), `drain()` resolves when it has been played, `stop()` (barge-in) silences the rest at once; microphone
 * frame n holds what the room sounded like during its 20 ms, even when the listener reads it late. What was played
 * is recorded per utterance, like FileAudioSink.
 */
import { concat16, FRAME_MS, sleep } from '../../drivers/audio/frames.js';
import { resample } from '../../drivers/audio/resample.js';
import { FRAME_SAMPLES, SAMPLE_RATE, type AudioFrame, type AudioSink, type AudioSource } from '../../drivers/audio/types.js';
import { UtteranceQueue, type PlayedTimes } from '../../drivers/audio/utterance-queue.js';

export interface PlayedUtterance {
  startedAt: number;
  samples: Int16Array[];
  stopped: boolean;
}

export class Room {
  readonly mic: AudioSource;
  readonly speaker: RoomSpeaker;
  private readonly visitor = new UtteranceQueue();

  constructor(readonly echoGain = 0.5) {
    this.speaker = new RoomSpeaker();
    this.mic = new RoomMic(this);
  }

  /** The visitor says `samples`; resolves with when the first and last samples reached the microphone. */
  say(samples: Int16Array): Promise<PlayedTimes> {
    return this.visitor.push(samples);
  }

  /** True while the visitor has speech queued. */
  get visitorSpeaking(): boolean {
    return this.visitor.pending;
  }

  /** @internal the microphone frame captured from epoch ms `capturedAt`: the visitor plus the speaker's echo. */
  nextFrame(capturedAt: number): Int16Array {
    const frame = new Int16Array(FRAME_SAMPLES);
    this.visitor.fill(frame);
    const echo = this.speaker.heardAt(capturedAt, FRAME_SAMPLES);
    for (let i = 0; i < echo.length; i++) {
      const v = (frame[i] as number) + Math.round((echo[i] as number) * this.echoGain);
      frame[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
    return frame;
  }

  close(): void {
    this.visitor.clear();
    this.speaker.stop();
  }
}

class RoomMic implements AudioSource {
  readonly kind = 'room-mic';
  private closed = false;
  constructor(private readonly room: Room) {}

  async *frames(signal?: AbortSignal): AsyncIterable<AudioFrame> {
    const start = Date.now();
    for (let n = 0; !this.closed && !signal?.aborted; n++) {
      try {
        await sleep(start + n * FRAME_MS - Date.now(), signal);
      } catch {
        return;
      }
      if (this.closed) return;
      yield { samples: this.room.nextFrame(start + n * FRAME_MS), timeMs: n * FRAME_MS };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.room.close();
  }
}

export class RoomSpeaker implements AudioSink {
  readonly kind = 'room-speaker';
  readonly utterances: PlayedUtterance[] = [];
  private current: PlayedUtterance | undefined;
  /** What plays when: chunks placed on the wall clock. */
  private timeline: { at: number; samples: Int16Array }[] = [];
  private playEnd = 0;
  private stopCtl = new AbortController();

  async write(samples: Int16Array, sampleRate: number): Promise<void> {
    const s = sampleRate === SAMPLE_RATE ? samples.slice() : resample(samples, sampleRate, SAMPLE_RATE);
    const now = Date.now();
    if (!this.current) {
      this.current = { startedAt: now, samples: [], stopped: false };
      this.utterances.push(this.current);
    }
    this.current.samples.push(s);
    const at = Math.max(now, this.playEnd);
    this.timeline.push({ at, samples: s });
    this.playEnd = at + (s.length * 1000) / SAMPLE_RATE;
    while (this.timeline.length && (this.timeline[0] as { at: number }).at < now - 10_000) this.timeline.shift();
  }

  /** @internal what the speaker plays from epoch ms `from`, `n` samples (silence where nothing plays). */
  heardAt(from: number, n: number): Int16Array {
    const out = new Int16Array(n);
    for (const c of this.timeline) {
      const offset = Math.round(((c.at - from) * SAMPLE_RATE) / 1000); // where the chunk starts in `out`
      if (offset >= n || offset + c.samples.length <= 0) continue;
      for (let i = Math.max(0, offset); i < Math.min(n, offset + c.samples.length); i++) out[i] = c.samples[i - offset] as number;
    }
    return out;
  }

  /** Resolves when everything given has been played; that ends the utterance. */
  async drain(): Promise<void> {
    const u = this.current;
    try {
      await sleep(this.playEnd - Date.now(), this.stopCtl.signal);
    } catch {
      return; // stopped
    }
    if (this.current === u) this.current = undefined;
  }

  stop(): void {
    const now = Date.now();
    if (this.current) this.current.stopped = true;
    this.current = undefined;
    // Nothing plays after now.
    this.timeline = this.timeline.flatMap((c) => {
      if (c.at >= now) return [];
      const keep = Math.round(((now - c.at) * SAMPLE_RATE) / 1000);
      return [{ at: c.at, samples: c.samples.subarray(0, Math.min(c.samples.length, keep)) }];
    });
    this.playEnd = now;
    this.stopCtl.abort();
    this.stopCtl = new AbortController();
  }

  /** Everything one utterance was given to play, 16 kHz mono. */
  utteranceSamples(i: number): Int16Array {
    return concat16(this.utterances[i]?.samples ?? []);
  }

  async close(): Promise<void> {
    this.stop();
  }
}

/**
 * Runs `fn` `ms` after `sink` next starts to play: a visitor who speaks into the robot's sentence, timed from its first
 * sample. (A timer started with the call to say() also counts the synthesis, which under load can outlast it, so the
 * visitor would speak before the robot does and nothing would be barged in on.)
 */
export function afterSoundStarts(sink: AudioSink, ms: number, fn: () => void): void {
  const write = sink.write.bind(sink);
  sink.write = (samples, rate) => {
    sink.write = write;
    setTimeout(fn, ms);
    return write(samples, rate);
  };
}
