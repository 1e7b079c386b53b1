/**
 * Plays one gesture's keyframes through joint motion and lights; clock-free except for holds. A run can be
 * cancelled at any time (a newer gesture, an abort signal); a halted motion (e-stop, disconnect) ends it too.
 * Either way the run reports itself interrupted rather than failing.
 */
import type { Gesture } from './gestures.js';
import type { GestureName, GesturePlay } from './types.js';

export interface GestureTarget {
  /** Moves a joint to `degrees` arriving in `ms` (speed limits still apply); undefined if there is no such joint. */
  aim(joint: string, degrees: number, ms: number): Promise<void> | undefined;
  /** Sets a light if it exists. */
  light(name: string, level: number): Promise<void>;
}

export class GestureRun {
  readonly play: GesturePlay;
  private cancelledFlag = false;
  private wake: () => void = () => undefined;
  private readonly whenCancelled: Promise<void>;

  constructor(name: GestureName, now = Date.now()) {
    this.play = { name, startedAt: now };
    this.whenCancelled = new Promise<void>((resolve) => (this.wake = resolve));
  }

  get cancelled(): boolean {
    return this.cancelledFlag;
  }

  cancel(): void {
    this.cancelledFlag = true;
    this.wake();
  }

  /** Plays to the end or until cancelled/halted; returns the finished play record. */
  async perform(gesture: Gesture, target: GestureTarget): Promise<GesturePlay> {
    const finished = await this.keyframes(gesture, target);
    this.play.endedAt = Date.now();
    if (!finished) this.play.interrupted = true;
    return this.play;
  }

  private async keyframes(gesture: Gesture, target: GestureTarget): Promise<boolean> {
    for (let round = 0; round < gesture.repeat; round++) {
      for (const frame of gesture.keyframes) {
        if (this.cancelledFlag) return false;
        for (const [name, level] of Object.entries(frame.lights ?? {})) await target.light(name, level);
        const moves: Promise<void>[] = [];
        for (const [joint, degrees] of Object.entries(frame.joints)) {
          const move = target.aim(joint, degrees, frame.ms); // a gesture may name joints this robot lacks
          if (move) moves.push(move);
        }
        // Keyframes without motion still take their time.
        const paced = moves.length > 0 ? Promise.all(moves) : sleep(frame.ms);
        paced.catch(() => undefined);
        try {
          await Promise.race([paced, this.whenCancelled]);
        } catch {
          return false; // motion halted (e-stop, disconnect)
        }
        if (this.cancelledFlag) return false;
        if (frame.holdMs > 0) await Promise.race([sleep(frame.holdMs), this.whenCancelled]);
      }
    }
    return !this.cancelledFlag;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
