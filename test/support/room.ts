/**
 * A room with the robot in it, in real time: the robot's microphone hears a visitor's mouth and the robot's own
 * speaker (at `echoGain`), as a speaker mounted next to a microphone without an echo canceller would.
 *
 * The speaker plays at the microphone's clock: each 20 ms microphone frame takes the next 20 ms of what is queued
 * for playback, so `drain()` resolves when the sound has been heard, and `stop()` (barge-in) silences the rest at
 * once. What was played is recorded per utterance, like FileAudioSink. The microphone must be read (the runtime's
 * listener pump always reads it) for the speaker to play.
 */
import { concat16, FRAME_MS, sleep } from '../../drivers/audio/frames.js';
import { resample } from '../../drivers/audio/resample.js';
import { FRAME_SAMPLES, SAMPLE_RATE, type AudioFrame, type AudioSink, type AudioSource } from '../../drivers/audio/types.js';

interface Queued {
  samples: Int16Array;
  offset: number;
  startedAt?: number;
  done: (r: { startedAt: number; endedAt: number }) => void;
}

export interface PlayedUtterance {
  startedAt: number;
  samples: Int16Array[];
  stopped: boolean;
}

export class Room {
  readonly mic: AudioSource;
  readonly speaker: RoomSpeaker;
  private readonly visitor: Queued[] = [];

  constructor(readonly echoGain = 0.5) {
    this.speaker = new RoomSpeaker();
    this.mic = new RoomMic(this);
  }

  /** The visitor says `samples`; resolves with when the first and last samples reached the microphone. */
  say(samples: Int16Array): Promise<{ startedAt: number; endedAt: number }> {
    return new Promise((done) => this.visitor.push({ samples, offset: 0, done }));
  }

  /** True while the visitor has speech queued. */
  get visitorSpeaking(): boolean {
    return this.visitor.length > 0;
  }

  /** @internal the next microphone frame: the visitor plus the speaker's echo. */
  nextFrame(): Int16Array {
    const frame = new Int16Array(FRAME_SAMPLES);
    let filled = 0;
    while (filled < FRAME_SAMPLES && this.visitor.length > 0) {
      const q = this.visitor[0] as Queued;
      q.startedAt ??= Date.now();
      const take = Math.min(FRAME_SAMPLES - filled, q.samples.length - q.offset);
      frame.set(q.samples.subarray(q.offset, q.offset + take), filled);
      q.offset += take;
      filled += take;
      if (q.offset >= q.samples.length) {
        this.visitor.shift();
        q.done({ startedAt: q.startedAt, endedAt: Date.now() });
        break;
      }
    }
    const echo = this.speaker.take(FRAME_SAMPLES);
    for (let i = 0; i < echo.length; i++) {
      const v = (frame[i] as number) + Math.round((echo[i] as number) * this.echoGain);
      frame[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
    return frame;
  }

  close(): void {
    for (const q of this.visitor.splice(0)) q.done({ startedAt: q.startedAt ?? Date.now(), endedAt: Date.now() });
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
      yield { samples: this.room.nextFrame(), timeMs: n * FRAME_MS };
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
  private queue: Int16Array[] = [];
  private drained: (() => void)[] = [];

  async write(samples: Int16Array, sampleRate: number): Promise<void> {
    const s = sampleRate === SAMPLE_RATE ? samples.slice() : resample(samples, sampleRate, SAMPLE_RATE);
    if (!this.current) {
      this.current = { startedAt: Date.now(), samples: [], stopped: false };
      this.utterances.push(this.current);
    }
    this.current.samples.push(s);
    this.queue.push(s);
  }

  /** @internal up to `n` samples of what plays next (shorter or empty when little or nothing is queued). */
  take(n: number): Int16Array {
    const out: Int16Array[] = [];
    let need = n;
    while (need > 0 && this.queue.length) {
      const head = this.queue[0] as Int16Array;
      const part = head.subarray(0, need);
      out.push(part);
      need -= part.length;
      if (part.length === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(part.length);
    }
    if (!this.queue.length) for (const d of this.drained.splice(0)) d();
    return concat16(out);
  }

  drain(): Promise<void> {
    this.current = undefined;
    if (!this.queue.length) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  stop(): void {
    if (this.current) this.current.stopped = true;
    this.current = undefined;
    this.queue = [];
    for (const d of this.drained.splice(0)) d();
  }

  /** Everything one utterance played, 16 kHz mono. */
  utteranceSamples(i: number): Int16Array {
    return concat16(this.utterances[i]?.samples ?? []);
  }

  async close(): Promise<void> {
    this.stop();
  }
}
