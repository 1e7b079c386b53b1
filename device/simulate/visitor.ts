/**
 * The virtual visitor: answers the robot as the visit file says. When the robot listens for a field, the visitor says
 * that field's answer if it has one, else the next of its turns, else nothing (silence).
 */
import type { Heard, ListenRequest, Listener } from '../../models/speech.js';
import type { Utterance, VisitFile } from './visit-file.js';

export class VirtualVisitor {
  private turn = 0;
  private readonly asked = new Map<string, number>();

  constructor(private readonly script: VisitFile) {}

  /** The utterance for this request, or null for silence. */
  next(req: ListenRequest): Utterance | null {
    const times = this.asked.get(req.fieldId) ?? 0;
    this.asked.set(req.fieldId, times + 1);
    const answer = this.script.answers[req.fieldId];
    if (answer !== undefined) {
      const list = Array.isArray(answer) ? answer : [answer];
      const u = list[times];
      if (u) return u;
    }
    // "Welcome back, is this still right?" to a script written without it: no, so the visitor's own answers are what
    // is kept, as before the robot knew them, and the script's turns stay in step.
    if (req.fieldId === 'returning') return { say: 'no' };
    const t = this.script.turns[this.turn];
    if (t) {
      this.turn++;
      return t;
    }
    return null;
  }
}

/** Text mode: the visitor's words reach the dialog as text, as if the STT had heard them perfectly. */
export class TextVisitorListener implements Listener {
  readonly kind = 'text';
  constructor(private readonly visitor: VirtualVisitor) {}

  async listen(req: ListenRequest, signal?: AbortSignal): Promise<Heard | null> {
    signal?.throwIfAborted();
    const u = this.visitor.next(req);
    if (!u) return null;
    if (!('say' in u)) throw new Error('Audio utterances need the audio speech pipeline (speech.mode "audio"); this build runs text utterances only.');
    const now = Date.now();
    req.onPartial?.(u.say);
    req.onSpeechEnd?.();
    return { text: u.say, speechStartAt: now, speechEndAt: now, engine: 'text' };
  }
}
