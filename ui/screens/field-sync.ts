/**
 * Sends form edits to the runtime (PATCH), debounced, so voice and touch share one form state. Knows which fields
 * have edits not yet confirmed by the server, so a live `visit` event never overwrites what the customer is typing.
 */
import type { FieldValues } from '../lib/api.js';

export const PATCH_DEBOUNCE_MS = 400;

export class FieldSync {
  private pending: FieldValues = {};
  private readonly inFlight = new Map<string, number>(); // field id -> requests in flight
  private timer: number | undefined;

  constructor(
    private readonly send: (values: FieldValues) => Promise<unknown>,
    private readonly delayMs = PATCH_DEBOUNCE_MS,
  ) {}

  edit(id: string, value: FieldValues[string]): void {
    this.pending[id] = value;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.flush(), this.delayMs);
  }

  /** True while the field has an edit the server has not yet answered. */
  isBusy(id: string): boolean {
    return id in this.pending || (this.inFlight.get(id) ?? 0) > 0;
  }

  async flush(): Promise<void> {
    window.clearTimeout(this.timer);
    const values = this.pending;
    const ids = Object.keys(values);
    if (ids.length === 0) return;
    this.pending = {};
    for (const id of ids) this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
    try {
      await this.send(values);
    } catch {
      // Best effort: the submit carries every value anyway.
    } finally {
      for (const id of ids) this.inFlight.set(id, (this.inFlight.get(id) ?? 1) - 1);
    }
  }

  dispose(): void {
    window.clearTimeout(this.timer);
    this.pending = {};
  }
}
