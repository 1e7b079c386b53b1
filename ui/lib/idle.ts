/**
 * Fires `onIdle` once after `timeoutMs` without activity, and `onWarn` `warnMs` before that (then `onResume` if
 * activity comes back in time). Activity is any touch, click or key on `target` (captured, so nothing can swallow
 * it) plus whatever calls `poke()` (e.g. the visitor speaking). Timers are the global ones, so tests can fake them.
 */
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel'] as const;

export interface IdleOptions {
  timeoutMs: number;
  onIdle(): void;
  /** How long before `onIdle` to warn; 0 (the default) for no warning. */
  warnMs?: number;
  onWarn?(): void;
  onResume?(): void;
  target?: EventTarget;
}

export class IdleTimer {
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private warnTimer: ReturnType<typeof setTimeout> | undefined;
  private warned = false;
  private readonly target: EventTarget;
  private readonly onActivity = () => this.poke();

  constructor(private readonly options: IdleOptions) {
    this.target = options.target ?? globalThis;
  }

  start(): void {
    for (const type of ACTIVITY_EVENTS) this.target.addEventListener(type, this.onActivity, { capture: true });
    this.poke();
  }

  poke(): void {
    this.clearTimers();
    if (this.warned) {
      this.warned = false;
      this.options.onResume?.();
    }
    const { timeoutMs, warnMs = 0 } = this.options;
    if (warnMs > 0 && warnMs < timeoutMs) {
      this.warnTimer = setTimeout(() => {
        this.warned = true;
        this.options.onWarn?.();
      }, timeoutMs - warnMs);
    }
    this.idleTimer = setTimeout(() => {
      this.stop();
      this.options.onIdle();
    }, timeoutMs);
  }

  stop(): void {
    this.clearTimers();
    for (const type of ACTIVITY_EVENTS) this.target.removeEventListener(type, this.onActivity, { capture: true });
  }

  private clearTimers(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.warnTimer);
  }
}
