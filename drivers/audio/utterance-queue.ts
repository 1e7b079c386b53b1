/**
 * Speech queued to be heard, utterance by utterance, frame by frame: the mouth of a virtual visitor. Each push
 * resolves with the epoch times its first and last samples left the queue. A frame never spans two utterances:
 * pushes are separate things said, and what follows the end of one in its frame stays as it was (silence).
 */
/** Epoch ms the first and last samples of an utterance were heard. */
export interface PlayedTimes {
  startedAt: number;
  endedAt: number;
}

interface Pending {
  samples: Int16Array;
  offset: number;
  startedAt?: number;
  done: (r: PlayedTimes) => void;
}

export class UtteranceQueue {
  private readonly queue: Pending[] = [];

  push(samples: Int16Array): Promise<PlayedTimes> {
    return new Promise((done) => this.queue.push({ samples, offset: 0, done }));
  }

  /** True while queued speech is still waiting to be heard. */
  get pending(): boolean {
    return this.queue.length > 0;
  }

  /** Writes the next samples into `frame` from its start, up to the frame's end or the current utterance's end. */
  fill(frame: Int16Array): void {
    let filled = 0;
    while (filled < frame.length && this.queue.length > 0) {
      const p = this.queue[0] as Pending;
      p.startedAt ??= Date.now();
      const take = Math.min(frame.length - filled, p.samples.length - p.offset);
      frame.set(p.samples.subarray(p.offset, p.offset + take), filled);
      p.offset += take;
      filled += take;
      if (p.offset >= p.samples.length) {
        this.queue.shift();
        p.done({ startedAt: p.startedAt, endedAt: Date.now() });
        break;
      }
    }
  }

  /** Drops what is queued; each waiting push resolves as if it ended now. */
  clear(): void {
    for (const p of this.queue.splice(0)) p.done({ startedAt: p.startedAt ?? Date.now(), endedAt: Date.now() });
  }
}
