/**
 * A visitor in front of the running product, by voice: answers each question by saying rendered speech (into a
 * Room or a PushAudioSource) once the robot has finished asking it, after a pause, as a person would.
 */
import type { Visit } from '../../device/visit/visit.js';
import { renderUtterance, type RenderVoice } from './render-speech.js';

/** Where the visitor's speech goes: `(s) => room.say(s)` or `(s) => mic.push(s)`. */
export type Mouth = (samples: Int16Array) => Promise<unknown>;

export interface HeardAnswer {
  fieldId: string;
  text: string;
  pushedAt: number;
}

/**
 * Answers by field id: each robot line for a field in `answers` (after the robot finished saying it) gets the next
 * answer for that field (the last one repeats), `pauseMs` later.
 */
export class SpokenVisitor {
  readonly answered: HeardAnswer[] = [];
  private readonly rendered = new Map<string, { text: string; samples: Int16Array }[]>();

  private constructor(
    private readonly mouth: Mouth,
    private readonly pauseMs: number,
  ) {}

  static async create(mouth: Mouth, answers: Record<string, string | string[]>, voice: RenderVoice, pauseMs = 700): Promise<SpokenVisitor> {
    const v = new SpokenVisitor(mouth, pauseMs);
    for (const [fieldId, said] of Object.entries(answers)) {
      const list = Array.isArray(said) ? said : [said];
      v.rendered.set(fieldId, await Promise.all(list.map(async (text) => ({ text, samples: await renderUtterance(text, voice) }))));
    }
    return v;
  }

  /** Follows one visit's transcript; returns an unsubscribe. */
  follow(visit: Visit): () => void {
    let seen = visit.transcript.length;
    const onChanged = (): void => {
      for (; seen < visit.transcript.length; seen++) {
        const line = visit.transcript[seen]!;
        if (line.who !== 'robot' || !line.fieldId) continue;
        const options = this.rendered.get(line.fieldId);
        if (!options?.length) continue;
        const n = this.answered.filter((a) => a.fieldId === line.fieldId).length;
        const answer = options[Math.min(n, options.length - 1)]!;
        this.answered.push({ fieldId: line.fieldId, text: answer.text, pushedAt: Date.now() + this.pauseMs });
        setTimeout(() => void this.mouth(answer.samples), this.pauseMs);
      }
    };
    visit.on('changed', onChanged);
    return () => visit.off('changed', onChanged);
  }
}
