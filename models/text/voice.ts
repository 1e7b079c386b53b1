/** The text twin of the robot's voice: "speaks" by recording the text, instantly. */
import type { Spoken, Voice } from '../speech.js';

export class TextVoice implements Voice {
  readonly kind = 'text';
  readonly said: Spoken[] = [];

  async say(text: string, signal?: AbortSignal): Promise<Spoken> {
    signal?.throwIfAborted();
    const now = Date.now();
    const spoken: Spoken = { text, startedAt: now, endedAt: now, interrupted: false, engine: this.kind };
    this.said.push(spoken);
    return spoken;
  }
}
