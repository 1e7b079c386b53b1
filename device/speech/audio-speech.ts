/**
 * Builds the on-device voice from config: one audio source (microphone, or a virtual visitor's mouth) shared by the
 * wake word engine and the listener, one sink (speaker, or a file), and the echo guard between them so the robot
 * never hears itself. `simulate --speech audio` and the running product build it the same way; only the source
 * and sink differ.
 *
 * Wake words are spotted on the listener's frame tap, never on frames the echo guard marks as the robot's own.
 * Inference runs off the main thread (openWakeWord and PocketSphinx in workers), so the pump never waits on it.
 */
import { EventEmitter } from 'node:events';
import type { AudioFrame, AudioSink, AudioSource } from '../../drivers/audio/types.js';
import type { Listener, Voice } from '../../models/speech.js';
import { PocketSphinxStt } from '../../models/stt/pocketsphinx/engine.js';
import { DenoisingStt } from '../../models/stt/denoise.js';
import { RnnoiseStt } from '../../models/stt/rnnoise-stt.js';
import type { SttEngine } from '../../models/stt/types.js';
import { CachedTts } from '../../models/tts/cache.js';
import { FallbackTts } from '../../models/tts/fallback.js';
import { FestivalTts } from '../../models/tts/festival.js';
import { FliteTts } from '../../models/tts/flite.js';
import type { TtsEngine } from '../../models/tts/types.js';
import { EnergyVad } from '../../models/vad/energy.js';
import { SileroVad } from '../../models/vad/silero.js';
import type { VadEngine } from '../../models/vad/types.js';
import { AudioListener } from '../../models/voice/audio-listener.js';
import { AudioVoice } from '../../models/voice/audio-voice.js';
import { EchoGuard } from '../../models/voice/echo-guard.js';
import { createWakeWordEngine } from '../../models/wake/factory.js';
import type { WakeDetection, WakeWordEngine } from '../../models/wake/types.js';
import type { SpeechConfig } from '../config/schema.js';

export interface AudioSpeechEvents {
  /** A wake word was heard (stream time in `detection.atMs`, epoch ms in `at`). */
  wake: [detection: WakeDetection, at: number];
  /** Microphone level of the last 100 ms, dBFS (about every 100 ms), for the diagnostics screen. */
  level: [dbfs: number];
  /** Latest wake score (about every 100 ms). */
  'wake-score': [score: number, engine: string, phrase: string];
  /** Something failed in the background (e.g. the wake engine); the runtime reports it and keeps going. */
  error: [err: Error];
}

export interface AudioSpeechOptions {
  config: SpeechConfig;
  source: AudioSource;
  sink: AudioSink;
  /** Load and run the wake word engine (live product, `simulate` with a wake utterance). Default true. */
  wake?: boolean;
  /** Injected engines (tests and benches share one STT across runs). */
  stt?: SttEngine;
  tts?: TtsEngine;
  /**
   * Simulations only: the source and sink run this many times faster than real time (PushAudioSource and
   * FileAudioSink `speed`). The echo tail shrinks to match and stream times map to epoch ms at this rate. Default 1.
   */
  speed?: number;
}

/** Audio stays the robot's own this long after its playback ends (room echo, speaker latency), ms. */
export const ECHO_TAIL_MS = 300;

export class AudioSpeech extends EventEmitter<AudioSpeechEvents> {
  readonly echo: EchoGuard;
  readonly listener: AudioListener;
  readonly voice: AudioVoice;
  private wakeChain: Promise<unknown> = Promise.resolve();
  private levelSum = 0;
  private levelCount = 0;
  private closed = false;

  private constructor(
    readonly config: SpeechConfig,
    readonly source: AudioSource,
    readonly sink: AudioSink,
    readonly vad: VadEngine,
    readonly stt: SttEngine,
    /** RNNoise's thread when speech.denoise is 'rnnoise' (wraps `stt`, never closes it). */
    private readonly rnnoise: RnnoiseStt | undefined,
    readonly tts: TtsEngine,
    readonly wake: WakeWordEngine | undefined,
    private readonly owned: { stt: boolean; tts: boolean },
    speed: number,
  ) {
    super();
    this.echo = new EchoGuard({ bargeIn: config.bargeIn, tailMs: ECHO_TAIL_MS / speed });
    this.listener = new AudioListener({
      source,
      vad,
      stt: rnnoise ?? (config.denoise === 'wiener' ? new DenoisingStt(stt) : stt),
      echo: this.echo,
      endSilenceMs: config.endSilenceMs,
      completeEndSilenceMs: config.completeEndSilenceMs,
      likelyEndSilenceMs: config.likelyEndSilenceMs,
      decodeLeadMs: config.decodeLeadMs,
      speed,
    });
    this.voice = new AudioVoice({ tts, sink, echo: this.echo });
    this.listener.onFrame((frame, info) => this.onFrame(frame, info.blocked));
  }

  /** The noise reduction in front of the STT as it runs now (speech.denoise, unless RNNoise's thread failed). */
  get denoise(): string {
    const failed = this.rnnoise?.lastError;
    return failed ? `off: RNNoise failed (${failed.message}); answers reach the STT undenoised` : this.config.denoise;
  }

  static async create(opts: AudioSpeechOptions): Promise<AudioSpeech> {
    const c = opts.config;
    const vad: VadEngine = c.vad === 'silero' ? await SileroVad.create() : new EnergyVad();
    const stt = opts.stt ?? new PocketSphinxStt({ emailDomains: c.emailDomains });
    const tts = opts.tts ?? createTts(c);
    let wake: WakeWordEngine | undefined;
    let rnnoise: RnnoiseStt | undefined;
    try {
      if (c.denoise === 'rnnoise') rnnoise = await RnnoiseStt.start(stt, { closeInner: false });
      if (opts.wake !== false) wake = await createWakeWordEngine(c.wake);
    } catch (err) {
      await vad.close();
      await rnnoise?.close();
      if (!opts.stt) await stt.close();
      if (!opts.tts) await tts.close();
      throw err;
    }
    return new AudioSpeech(c, opts.source, opts.sink, vad, stt, rnnoise, tts, wake, { stt: !opts.stt, tts: !opts.tts }, opts.speed ?? 1);
  }

  /** The pair a visit talks through. */
  get speech(): { listener: Listener; voice: Voice } {
    return { listener: this.listener, voice: this.voice };
  }

  /** Starts reading the source, so wake words are heard between visits. */
  start(): void {
    this.listener.start();
  }

  private onFrame(frame: AudioFrame, blocked: boolean): void {
    let sum = 0;
    for (const s of frame.samples) sum += s * s;
    this.levelSum += sum;
    this.levelCount += frame.samples.length;
    if (this.levelCount >= 1600) {
      const rms = Math.sqrt(this.levelSum / this.levelCount) / 32768;
      this.emit('level', rms > 0 ? Math.max(-120, 20 * Math.log10(rms)) : -120);
      this.levelSum = 0;
      this.levelCount = 0;
      if (this.wake) this.emit('wake-score', this.wake.lastScore(), this.wake.kind, this.wake.phrase);
    }
    const wake = this.wake;
    // The robot's own voice never reaches the wake engine (it would hear "hey Jarvis" in its own prompts).
    if (!wake || blocked || this.closed) return;
    const arrived = Date.now();
    this.wakeChain = this.wakeChain
      .then(() => wake.process(frame.samples))
      .then((detections) => {
        for (const d of detections) this.emit('wake', d, arrived);
      })
      .catch((err: unknown) => {
        if (!this.closed) this.emit('error', err instanceof Error ? err : new Error(String(err)));
      });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.listener.stop();
    await this.wakeChain;
    this.sink.stop();
    await Promise.allSettled([
      this.source.close(),
      this.sink.close(),
      this.vad.close(),
      this.wake?.close(),
      this.rnnoise?.close(),
      this.owned.stt ? this.stt.close() : undefined,
      this.owned.tts ? this.tts.close() : undefined,
    ]);
  }
}

/** Festival (kept running) with Flite as the fallback, prompts cached. */
export function createTts(c: SpeechConfig): TtsEngine {
  const engine =
    c.tts.engine === 'festival'
      ? new FallbackTts(new FestivalTts(c.tts.voice ? { voice: c.tts.voice } : {}), new FliteTts('slt'))
      : new FliteTts(c.tts.voice ?? 'slt');
  return new CachedTts(engine);
}
