/**
 * The virtual visitor in audio mode: it has a mouth (a PushAudioSource the robot's microphone reads) and speaks
 * like a person: only once the robot has finished speaking (the sink drained and the echo tail passed), after a
 * short human pause. Its words are recorded WAV files (`{"audio": ...}`) or text spoken with a TTS voice
 * (`{"say": ...}`, default a Flite voice other than the robot's).
 *
 * The dialog talks to the robot's own listener (AudioSpeech's); `VisitorCue` only lets the visitor see that the
 * robot is listening and for which field (as a person sees the robot turn to them), then hands the request on.
 */
import { sleep } from '../../drivers/audio/frames.js';
import type { PushAudioSource } from '../../drivers/audio/push-source.js';
import { readWav16k } from '../../drivers/audio/wav.js';
import type { Heard, ListenRequest, Listener } from '../../models/speech.js';
import { FestivalTts } from '../../models/tts/festival.js';
import { FliteTts } from '../../models/tts/flite.js';
import { synthesize16k } from '../../models/tts/render.js';
import type { TtsEngine } from '../../models/tts/types.js';
import type { EchoGuard } from '../../models/voice/echo-guard.js';
import { UsageError } from '../../base/errors.js';
import type { VirtualVisitor } from './visitor.js';
import type { Utterance } from './visit-file.js';

/** Default voice of the virtual visitor: a Flite voice unlike the robot's (Festival slt, Flite slt fallback). */
export const DEFAULT_VISITOR_VOICE = 'flite:rms';

/** Shortest wait for an answer when running faster than real time, ms of wall time. */
export const MIN_SCALED_TIMEOUT_MS = 2500;

/**
 * How long the robot waits for an answer in a run `speed` times faster than real time, ms of wall time: the dialog's
 * wait scaled, and not below MIN_SCALED_TIMEOUT_MS when the visitor will speak, so a busy machine (decoding lags
 * behind a fast source) is not taken for silence. A visitor who says nothing has nothing to decode: the scaled
 * wait alone (a walk-away's silences then take 0.8 s each at speed 10, not 2.5 s).
 */
export function scaledTimeoutMs(timeoutMs: number, speed: number, speaks: boolean): number {
  if (speed === 1) return timeoutMs;
  return speaks ? Math.max(MIN_SCALED_TIMEOUT_MS, timeoutMs / speed) : timeoutMs / speed;
}

/** A person's pause before answering, ms of stream time. */
export const HUMAN_PAUSE_MS = 500;

/** 'flite:rms', 'festival:cmu_us_slt_arctic_hts', or a bare Flite voice name ('awb'). */
export function visitorTts(spec: string): TtsEngine {
  const [kind, name] = spec.includes(':') ? (spec.split(':', 2) as [string, string]) : ['flite', spec];
  if (!name) throw new UsageError(`--visitor-voice: give a voice, e.g. flite:rms or festival:cmu_us_slt_arctic_hts (got "${spec}")`);
  if (kind === 'flite') {
    try {
      return new FliteTts(name);
    } catch (err) {
      throw new UsageError(`--visitor-voice: ${(err as Error).message}`);
    }
  }
  if (kind === 'festival') return new FestivalTts({ voice: name });
  throw new UsageError(`--visitor-voice: engine must be flite or festival (got "${kind}")`);
}

/** One thing the visitor said, for the report and `--out`. */
export interface VisitorUtterance {
  /** Field the robot was asking for, or 'wake'. */
  fieldId: string;
  /** The text said with the TTS voice, or the audio file played. */
  say?: string;
  audio?: string;
  samples: Int16Array;
  /** Epoch ms its first and last samples entered the microphone stream. */
  startedAt: number;
  endedAt: number;
}

export interface AudioVisitorOptions {
  mouth: PushAudioSource;
  /** The robot's echo guard: the visitor waits until the robot's voice (and its tail) is gone. */
  echo: EchoGuard;
  voice: TtsEngine;
  /** Simulation speed (1 = real time). */
  speed?: number;
  pauseMs?: number;
  /** Applied to each utterance once rendered (k counts them): room noise (noise.ts), a test's own mixer. */
  shape?: (samples: Int16Array, k: number) => Int16Array;
}

export class AudioVisitor {
  readonly said: VisitorUtterance[] = [];
  private readonly rendered = new Map<string, Int16Array>();
  private readonly speed: number;

  constructor(private readonly opts: AudioVisitorOptions) {
    this.speed = opts.speed ?? 1;
  }

  private static key(u: Utterance): string {
    return 'audio' in u ? `a\u0000${u.audio}` : `s\u0000${u.say}`;
  }

  /** Reads or synthesizes every utterance ahead of the visit, so rendering never delays an answer. */
  async prepare(utterances: readonly Utterance[]): Promise<void> {
    for (const u of utterances) {
      const k = AudioVisitor.key(u);
      if (this.rendered.has(k)) continue;
      const samples = 'audio' in u ? await readVisitorAudio(u.audio) : await synthesize16k(this.opts.voice, u.say);
      this.rendered.set(k, this.opts.shape ? this.opts.shape(samples, this.rendered.size) : samples);
    }
  }

  /** Waits for the robot to be quiet, pauses like a person, and speaks; resolves when the last sample is out. */
  async speak(u: Utterance, fieldId: string, signal?: AbortSignal): Promise<VisitorUtterance> {
    await this.prepare([u]);
    const samples = this.rendered.get(AudioVisitor.key(u)) as Int16Array;
    while (this.opts.echo.blocked()) await sleep(5, signal);
    await sleep((this.opts.pauseMs ?? HUMAN_PAUSE_MS) / this.speed, signal);
    const entry: VisitorUtterance = { fieldId, ...('audio' in u ? { audio: u.audio } : { say: u.say }), samples, startedAt: 0, endedAt: 0 };
    this.said.push(entry);
    const t = await this.opts.mouth.push(samples);
    entry.startedAt = t.startedAt;
    entry.endedAt = t.endedAt;
    return entry;
  }
}

/**
 * The robot's listener as the visitor perceives it: each listen() makes the visitor answer (per field, or its next
 * turn), then the request goes to the real listener unchanged. `answers[i]` is what was said for the i-th listen.
 */
export class VisitorCue implements Listener {
  readonly answers: (VisitorUtterance | null)[] = [];
  private speaking: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly inner: Listener,
    /** What the visitor says to each request: a script (VirtualVisitor) or a persona deciding as it goes. */
    private readonly script: Pick<VirtualVisitor, 'next'>,
    private readonly visitor: AudioVisitor,
    private readonly speed = 1,
  ) {}

  get kind(): string {
    return this.inner.kind;
  }

  async listen(req: ListenRequest, signal?: AbortSignal): Promise<Heard | null> {
    const u = this.script.next(req);
    const slot = this.answers.push(null) - 1;
    // A persona's words are known only now: render them before the robot starts listening, so rendering time is
    // never taken for the visitor's silence (a script's are rendered before the visit).
    if (u) await this.visitor.prepare([u]);
    // The dialog's wait for an answer is real time; the simulated visit runs `speed` times faster.
    const timeoutMs = scaledTimeoutMs(req.timeoutMs, this.speed, u !== null);
    const heard = this.inner.listen({ ...req, timeoutMs }, signal);
    if (u) {
      this.speaking = this.visitor.speak(u, req.fieldId, signal).then(
        (said) => (this.answers[slot] = said),
        () => undefined, // aborted with the visit
      );
    }
    return heard;
  }

  /** Resolves once the visitor has finished its current utterance. */
  settled(): Promise<unknown> {
    return this.speaking;
  }
}

/** 16 kHz mono samples of a visitor's WAV (any PCM WAV is converted); a UsageError naming the file otherwise. */
export async function readVisitorAudio(path: string): Promise<Int16Array> {
  try {
    return await readWav16k(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new UsageError(`cannot read the visitor's audio ${path}: ${why}`);
  }
}
