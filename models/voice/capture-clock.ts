/**
 * When a live source's audio was captured, in epoch ms, from its stream time. Frames may reach the listener late
 * (a busy event loop, a burst from the recorder's buffer) but never early, so the smallest (arrival - stream time)
 * seen lately is the best estimate of when the stream started; the window lets the estimate follow a drifting clock.
 * The echo guard needs this: a frame processed late must be judged against what was playing when it was captured.
 */
export class CaptureClock {
  /** Candidate offsets, increasing; the first is the smallest within the window (a sliding-window minimum). */
  private readonly recent: { arrivedAt: number; offset: number }[] = [];

  constructor(private readonly windowMs = 10_000) {}

  /** Epoch ms at which stream time `streamMs` was captured, given that it arrived at `arrivedAt`. */
  capturedAt(streamMs: number, arrivedAt: number): number {
    const offset = arrivedAt - streamMs;
    while (this.recent.length && (this.recent[this.recent.length - 1] as { offset: number }).offset >= offset) this.recent.pop();
    this.recent.push({ arrivedAt, offset });
    while ((this.recent[0] as { arrivedAt: number }).arrivedAt < arrivedAt - this.windowMs) this.recent.shift();
    return streamMs + (this.recent[0] as { offset: number }).offset;
  }
}
