/**
 * Half-duplex gate so the robot does not hear itself: the voice marks when it starts and stops playing; the
 * listener (and a wake word engine fed from it) treats audio as "the robot's own" while playing and for `tailMs`
 * after (room echo, sink latency). With barge-in enabled, the listener may still detect a visitor talking over
 * the robot and call `bargeIn()`, which asks the voice to stop.
 *
 * Barge-in must not fire on the robot's own voice, which reaches the microphone too (loudly, on a robot whose
 * speaker sits next to its microphone and has no echo canceller). So the voice reports the level of what it plays
 * (`played()`), and the guard learns the echo path: how loud the microphone is, relative to what is playing, while
 * only the robot talks (the median over recent chunks where the robot is loud). Speech counts as a visitor's only
 * when the microphone is `bargeInMarginDb` above the echo that path predicts (`louderThanEcho()`): a visitor
 * clearly louder than the echo, or talking in the robot's pauses. With an echo-cancelling microphone the learned
 * echo is far below any voice, and barge-in is easy. Until the path is learned (about the first half second of the
 * robot's speech in the process), nobody can barge in; the first moments of each utterance teach nothing, since
 * with output latency the echo may not have reached the microphone yet.
 */
export interface EchoGuardOptions {
  /** Audio is still the robot's own for this long after playback ends, ms. Default 300. */
  tailMs?: number;
  /** Allow the visitor to interrupt the robot. Default false. */
  bargeIn?: boolean;
  /** How far above the expected echo the microphone must be to count as the visitor, dB. Default 10. */
  bargeInMarginDb?: number;
}

/** Echo path learning, as data. */
export const ECHO = {
  /** Played audio is summarised in blocks of this length, ms. */
  blockMs: 20,
  /** The played level at a moment is the loudest block within this much either side (output latency, jitter), ms. */
  windowMs: 150,
  /** Only chunks where the robot plays louder than this teach the echo path, dBFS. */
  loudDb: -40,
  /** Echo path estimate: median over this many recent loud chunks... */
  keep: 64,
  /** ...once at least this many were seen (about half a second of the robot talking). */
  minLearned: 16,
  /** Level of digital silence, dBFS. */
  floorDb: -120,
} as const;

/** RMS level of 16-bit samples, dBFS (ECHO.floorDb for silence). */
export function levelDb(samples: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] as number) * (samples[i] as number);
  const rms = Math.sqrt(sum / Math.max(1, samples.length)) / 32768;
  return rms > 0 ? Math.max(ECHO.floorDb, 20 * Math.log10(rms)) : ECHO.floorDb;
}

export class EchoGuard {
  readonly tailMs: number;
  bargeInEnabled: boolean;
  readonly bargeInMarginDb: number;
  private playing = 0;
  /** What is being played: level per block, by the epoch ms it plays at. */
  private blocks: { at: number; db: number }[] = [];
  private playedUntil = 0;
  private playingSince = 0;
  /** Recent (microphone - played) levels while the robot was loud, dB. */
  private readonly echoPath: number[] = [];
  private until = 0;
  private barged = false;
  private readonly bargeListeners = new Set<() => void>();

  constructor(opts: EchoGuardOptions = {}) {
    this.tailMs = opts.tailMs ?? 300;
    this.bargeInEnabled = opts.bargeIn ?? false;
    this.bargeInMarginDb = opts.bargeInMarginDb ?? 10;
  }

  /**
   * Voice side: `samples` were handed to the sink and play after what is queued (or now). Real-time sinks play
   * from their first sample on, so this timeline is when the sound is in the room.
   */
  played(samples: Int16Array, sampleRate: number, now = Date.now()): void {
    if (this.playedUntil === 0) this.playingSince = now;
    const per = Math.max(1, Math.round((sampleRate * ECHO.blockMs) / 1000));
    let at = Math.max(this.playedUntil, now);
    for (let i = 0; i < samples.length; i += per) {
      const block = samples.subarray(i, Math.min(samples.length, i + per));
      this.blocks.push({ at, db: levelDb(block) });
      at += (block.length * 1000) / sampleRate;
    }
    this.playedUntil = at;
    while (this.blocks.length && (this.blocks[0] as { at: number }).at < now - 2000) this.blocks.shift();
  }

  /** Loudest level played within ECHO.windowMs of `now`, dBFS. */
  playedDb(now = Date.now()): number {
    return this.playedRange(now).max;
  }

  private playedRange(now: number): { max: number } {
    let max: number = ECHO.floorDb;
    for (const b of this.blocks) if (b.at >= now - ECHO.windowMs - ECHO.blockMs && b.at <= now + ECHO.windowMs && b.db > max) max = b.db;
    return { max };
  }

  /** The learned echo path (microphone minus played level), dB, or undefined until learned. */
  get echoPathDb(): number | undefined {
    if (this.echoPath.length < ECHO.minLearned) return undefined;
    const sorted = [...this.echoPath].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  /**
   * Listener side, for each chunk heard while the robot plays: learns the echo path, and says whether `micDb` is
   * more than the robot's own echo (by `bargeInMarginDb`), i.e. may be a visitor talking over it.
   */
  louderThanEcho(micDb: number, now = Date.now()): boolean {
    const { max: played } = this.playedRange(now);
    const path = this.echoPathDb;
    // Learn where the robot is loud, but not in the first moments of its speech: with output latency, the echo may
    // not have reached the microphone yet.
    if (played > ECHO.loudDb && now >= this.playingSince + ECHO.windowMs) {
      this.echoPath.push(micDb - played);
      if (this.echoPath.length > ECHO.keep) this.echoPath.shift();
    }
    if (path === undefined) return false;
    return micDb > played + path + this.bargeInMarginDb;
  }

  /** The voice starts playing. Nested calls are counted. */
  speaking(): void {
    this.playing++;
  }

  /** The voice stopped playing (finished or stopped); audio stays blocked for `tailMs`. */
  silent(now = Date.now()): void {
    this.playing = Math.max(0, this.playing - 1);
    if (this.playing > 0) return;
    this.until = this.barged ? 0 : now + this.tailMs;
    this.barged = false;
    this.blocks = [];
    this.playedUntil = 0;
    this.playingSince = 0;
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
