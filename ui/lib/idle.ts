/**
 * Fires `onIdle` once after `timeoutMs` without activity. Activity is any touch, click or key on the page
 * (captured, so nothing can swallow it) plus whatever calls `poke()` (e.g. the visitor speaking).
 */
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel'] as const;

export class IdleTimer {
  private timer: number | undefined;
  private readonly onActivity = () => this.poke();

  constructor(
    private readonly timeoutMs: number,
    private readonly onIdle: () => void,
  ) {}

  start(): void {
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, this.onActivity, { capture: true });
    this.poke();
  }

  poke(): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.stop();
      this.onIdle();
    }, this.timeoutMs);
  }

  stop(): void {
    window.clearTimeout(this.timer);
    for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, this.onActivity, { capture: true });
  }
}
