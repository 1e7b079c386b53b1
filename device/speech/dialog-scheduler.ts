/**
 * One voice dialog at a time (voice-host.ts): a new visit aborts the dialog of the old one, and the new dialog starts
 * only once the old one has let go of the microphone and the speaker. Dialogs run through an injected function, so
 * the order is testable without audio (dialog-scheduler.test.ts).
 */
export interface RunningDialog<V> {
  visit: V;
  /** Aborted when another visit's dialog starts, the microphone is lost, or the host stops. */
  stop: AbortController;
  /** Epoch ms. */
  since: number;
}

export class DialogScheduler<V> {
  private current: RunningDialog<V> | null = null;
  private chain: Promise<void> = Promise.resolve();

  /**
   * @param run runs one dialog to its end (it should end soon after `stop` aborts)
   * @param onError what a dialog threw: reported, never breaking the chain
   */
  constructor(
    private readonly run: (dialog: RunningDialog<V>, greet: boolean) => Promise<void>,
    private readonly onError: (err: Error) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The dialog started last, until it ends. */
  get running(): RunningDialog<V> | null {
    return this.current;
  }

  /** Starts `visit`'s dialog after the current one ends (which is asked to end now); nothing if it is already its turn. */
  start(visit: V, greet: boolean): void {
    if (this.current?.visit === visit) return;
    this.current?.stop.abort(new Error('another visit started'));
    const running: RunningDialog<V> = { visit, stop: new AbortController(), since: this.now() };
    this.current = running;
    this.chain = this.chain
      .then(() => this.run(running, greet))
      .catch((err: unknown) => this.onError(err instanceof Error ? err : new Error(String(err))))
      .finally(() => {
        if (this.current === running) this.current = null;
      });
  }

  /** Asks the current dialog to end. */
  abort(reason: Error): void {
    this.current?.stop.abort(reason);
  }

  /** Settles when every dialog started so far has ended. */
  settled(): Promise<void> {
    return this.chain;
  }
}
