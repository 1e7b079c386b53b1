/**
 * Half-duplex gate so the robot does not hear itself: the voice marks when it starts and stops playing; the
 * listener (and a wake word engine fed from it) treats audio as "the robot's own" while playing and for `tailMs`
 * after (room echo, sink latency). With barge-in enabled, the listener may still detect a visitor talking over
 * the robot and call `bargeIn()`, which asks the voice to stop.
 */
export interface EchoGuardOptions {
  /** Audio is still the robot's own for this long after playback ends, ms. Default 300. */
  tailMs?: number;
  /** Allow the visitor to interrupt the robot. Default false. */
  bargeIn?: boolean;
}

export class EchoGuard {
  readonly tailMs: number;
  bargeInEnabled: boolean;
  private playing = 0;
  private until = 0;
  private barged = false;
  private readonly bargeListeners = new Set<() => void>();

  constructor(opts: EchoGuardOptions = {}) {
    this.tailMs = opts.tailMs ?? 300;
    this.bargeInEnabled = opts.bargeIn ?? false;
  }

  /** The voice starts playing. Nested calls are counted. */
  speaking(): void {
    this.playing++;
  }

  /** The voice stopped playing (finished or stopped); audio stays blocked for `tailMs`. */
  silent(now = Date.now()): void {
    this.playing = Math.max(0, this.playing - 1);
    if (this.playing === 0) this.until = this.barged ? 0 : now + this.tailMs;
    if (this.playing === 0) this.barged = false;
  }

  /** True while the robot's own voice may be in the microphone. */
  blocked(now = Date.now()): boolean {
    return this.playing > 0 || now < this.until;
  }

  get robotSpeaking(): boolean {
    return this.playing > 0;
  }

  /** Listener side: a visitor talks over the robot. The robot stops at once, so no echo tail follows. */
  bargeIn(): void {
    if (!this.bargeInEnabled || this.playing === 0) return;
    this.barged = true;
    for (const l of this.bargeListeners) l();
  }

  /** Voice side: called on barge-in. Returns an unsubscribe function. */
  onBargeIn(listener: () => void): () => void {
    this.bargeListeners.add(listener);
    return () => this.bargeListeners.delete(listener);
  }
}
