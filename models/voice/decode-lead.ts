/**
 * When the final decode starts during the end-of-speech wait (see audio-listener.ts): `leadMs` before the wait runs
 * out, or earlier when recent decodes of the same kind of answer took longer (a busy CPU: on 2 cores shared with the
 * wake word, the VAD and the noise reduction a name's whole-utterance pass can take several times its quiet 60 ms),
 * up to twice `leadMs`; never before `minPauseMs` of silence (gaps between words are common below it). Clock-free.
 */
export interface DecodeLeadOptions {
  /** Head start of the decode over the end of the wait, ms; 0 turns the early decode off. */
  leadMs: number;
  /** Silence below which the decode never starts, ms. */
  minPauseMs: number;
}

/** Weight of the newest decode in the moving average. */
const ALPHA = 0.3;
/** Margin over the average decode time, ms. */
const MARGIN_MS = 50;

export class DecodeLead {
  private readonly recent = new Map<string, number>();

  constructor(private readonly opts: DecodeLeadOptions) {}

  /** A decode of an answer of `kind` took `ms` from the end of its stream to its result. */
  observe(kind: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const prev = this.recent.get(kind);
    this.recent.set(kind, prev === undefined ? ms : prev + ALPHA * (ms - prev));
  }

  /** Silence after which to start the final decode of an answer of `kind` that ends after `endSilenceMs` (0: never). */
  pauseMs(endSilenceMs: number, kind?: string): number {
    const { leadMs, minPauseMs } = this.opts;
    if (leadMs <= 0 || endSilenceMs <= minPauseMs) return 0;
    const recent = kind === undefined ? undefined : this.recent.get(kind);
    const lead = recent === undefined ? leadMs : Math.min(2 * leadMs, Math.max(leadMs, recent + MARGIN_MS));
    return Math.max(minPauseMs, endSilenceMs - lead);
  }
}
