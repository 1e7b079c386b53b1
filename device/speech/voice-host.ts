/**
 * The live voice of the running product (speech.mode 'audio'): opens the microphone and the speaker, builds the
 * speech engines around them (AudioSpeech), and talks with whoever the kiosk is serving.
 *
 * - A wake word with no visit open opens one (trigger 'wake'). Every visit the kiosk opens (wake word, presence,
 *   a touch on the attract screen) gets the voice dialog: the robot greets and asks. A wake word during an open
 *   visit whose dialog has ended (the visitor went to the screen) brings the robot back without a second greeting.
 * - One dialog at a time: a new visit aborts the old one's dialog (the visit manager closes the old visit), and the
 *   new dialog starts only once the old one has let go of the microphone and the speaker.
 * - Touch and voice share the form; how the dialog yields to touch is described in device/visit/dialog.ts.
 * - The wake word engine hears the room all the time (never the robot's own voice: see AudioSpeech). Nothing on the
 *   audio path waits on the store, sync or body: the pump reads frames on its own, and wake words are handled after
 *   the frame that completed them.
 * - No sound card (or a microphone that stops): voice is off, /healthz says what is wrong and how to fix it, the
 *   kiosk keeps working by touch, and the devices are tried again every `VOICE_HOST.reopenMs`.
 *
 * This file supervises the devices and wires the engines to the visits; the order of dialogs is dialog-scheduler.ts,
 * what /healthz says is voice-health.ts, the microphone watch is source-watch.ts.
 */
import { EventEmitter } from 'node:events';
import type { AudioSink, AudioSource } from '../../drivers/audio/types.js';
import type { BodyDriver } from '../../drivers/body/types.js';
import type { Spoken, Voice } from '../../models/speech.js';
import type { WakeDetection } from '../../models/wake/types.js';
import type { Config, SpeechConfig } from '../config/schema.js';
import type { AudioDeviceHealth, SpeechHealth } from '../http/contract.js';
import type { Logger } from '../log.js';
import { VoiceDialog, type ContactLookup } from '../visit/dialog.js';
import type { Visit } from '../visit/visit.js';
import type { VisitManager } from '../visit/visits.js';
import { watchAudioSpeech, type SpeechMonitor } from '../diagnostics/speech-monitor.js';
import type { AudioSpeech, AudioSpeechOptions } from './audio-speech.js';
import { DialogScheduler, type RunningDialog } from './dialog-scheduler.js';
import { watchSource } from './source-watch.js';
import { fixedLines } from './fixed-lines.js';
import { CachedTts } from '../../models/tts/cache.js';
import {
  VOICE_HOST,
  codeOf,
  deviceHealth,
  errorText,
  fixFor,
  isWakeCode,
  voiceHealth,
  type VoiceProblem as Problem,
  type VoiceState as State,
} from './voice-health.js';

export { VOICE_HOST, configuredEngines, hearsWakeWord, wakePhrase } from './voice-health.js';

/** What a diagnostics screen (or a test) may subscribe to: `runtime.voice.on(...)` returns an unsubscribe. */
export interface VoiceEvents {
  /** Microphone level of the last 100 ms, dBFS, about every 100 ms. */
  level: [dbfs: number];
  /** Latest wake word score 0..1, about every 100 ms. */
  'wake-score': [score: number, engine: string, phrase: string];
  /** A wake word was heard (epoch ms `at`). */
  wake: [detection: WakeDetection, at: number];
  /** What the visitor is saying (partial) or said (final), as captioned on the kiosk. */
  caption: [visitId: string, text: string, final: boolean];
  /** The robot starts saying `text`. */
  'robot-says': [visitId: string, text: string];
  /** Something failed on the voice path; the kiosk keeps working by touch. */
  error: [err: Error];
  /** The voice path changed state (starting, listening, off, stopped), as health() reports it. */
  state: [state: NonNullable<SpeechHealth['state']>];
}

export interface RuntimeVoice {
  on<K extends keyof VoiceEvents>(event: K, listener: (...args: VoiceEvents[K]) => void): () => void;
  health(): SpeechHealth;
  /** Settles once the devices were tried and the engines loaded (or failed): the state in health() is final. */
  readonly started: Promise<void>;
}

export interface VoiceHostOptions {
  /** The current config (a downlink config may replace intake fields between visits; speech settings apply at start). */
  config: () => Config;
  visits: VisitManager;
  body: BodyDriver;
  log: Logger;
  /** Opens the microphone (MicAudioSource.open) or an injected source; throws AudioError when it cannot. */
  openSource: () => Promise<AudioSource>;
  openSink: () => Promise<AudioSink>;
  /** Builds the engines; default AudioSpeech.create (tests may inject shared engines). */
  createSpeech?: (opts: AudioSpeechOptions) => Promise<AudioSpeech>;
  /** Default VOICE_HOST.touchQuietMs. */
  touchQuietMs?: number;
  /** The diagnostics hub (runtime.speechMonitor): gets the live levels, wake scores and errors. */
  monitor?: SpeechMonitor;
  /** Returning visitors by phone or email (the CRM's, device/visit/lookup.ts): greeted by name, not asked again. */
  lookup?: ContactLookup;
}

export class VoiceHost implements RuntimeVoice {
  readonly started: Promise<void>;
  private readonly events = new EventEmitter<VoiceEvents>();
  private readonly speechConfig: SpeechConfig;
  private speech: AudioSpeech | null = null;
  private state: State = 'starting';
  private input: AudioDeviceHealth;
  private output: AudioDeviceHealth;
  private problem: Problem | null = null;
  private lastError: Problem | null = null;
  /** Dialogs run one after another: each waits for the previous one to let go of the audio. */
  private readonly dialogs = new DialogScheduler<Visit>(
    (running, greet) => this.runDialog(running, greet),
    (err) => this.report(err),
  );
  private reopenTimer: NodeJS.Timeout | undefined;
  private bringingUp: Promise<void> = Promise.resolve();
  private stopped = false;
  private unwatch: (() => void) | undefined;

  constructor(private readonly opts: VoiceHostOptions) {
    this.speechConfig = opts.config().speech;
    const device = this.speechConfig.input.device;
    this.input = { kind: 'microphone', ok: null, detail: 'not opened yet', ...(device ? { device } : {}) };
    this.output = { kind: 'speaker', ok: null, detail: 'not opened yet' };
    opts.visits.on('opened', this.onVisitOpened);
    this.started = this.bringingUp = this.bringUp();
  }

  on<K extends keyof VoiceEvents>(event: K, listener: (...args: VoiceEvents[K]) => void): () => void {
    // EventEmitter's typed overloads do not accept a generic key; the listener type is checked by the signature above.
    const l = listener as (...args: unknown[]) => void;
    (this.events as EventEmitter).on(event, l);
    return () => (this.events as EventEmitter).off(event, l);
  }

  private setState(state: State): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }

  private emit<K extends keyof VoiceEvents>(event: K, ...args: VoiceEvents[K]): void {
    // 'error' without a listener must not throw: the host reports errors in its log and health anyway.
    if (this.events.listenerCount(event) > 0) (this.events as EventEmitter).emit(event, ...args);
  }

  health(): SpeechHealth {
    const s = this.speech;
    const d = this.dialogs.running;
    return voiceHealth({
      state: this.state,
      config: this.speechConfig,
      engines: s
        ? {
            wake: { kind: s.wake?.kind ?? 'none', phrase: s.wake?.phrase ?? '' },
            vad: s.vad.kind,
            stt: s.stt.kind,
            denoise: s.denoise,
            tts: `${s.tts.kind}:${s.tts.voice}`,
          }
        : null,
      input: this.input,
      output: this.output,
      problem: this.problem,
      lastError: this.lastError,
      dialog: d ? { visitId: d.visit.id, since: d.since } : null,
    });
  }

  /** Opens the devices, then loads the engines; on failure reports it and (for devices) tries again later. */
  private async bringUp(): Promise<void> {
    const { log } = this.opts;
    this.setState('starting');
    const [source, sink] = await Promise.allSettled([this.opts.openSource(), this.opts.openSink()]);
    this.input = deviceHealth(this.input, source);
    this.output = deviceHealth(this.output, sink);
    if (source.status === 'rejected' || sink.status === 'rejected') {
      if (source.status === 'fulfilled') await source.value.close().catch(() => undefined);
      if (sink.status === 'fulfilled') await sink.value.close().catch(() => undefined);
      if (source.status === 'rejected') this.opts.monitor?.reportError('microphone', source.reason);
      if (sink.status === 'rejected') this.opts.monitor?.reportError('speaker', sink.reason);
      const err = source.status === 'rejected' ? source.reason : (sink as PromiseRejectedResult).reason;
      const message = [this.input, this.output]
        .filter((x) => !x.ok)
        .map((x) => x.detail)
        .join('; ');
      this.goOff({ code: codeOf(err), message, at: new Date().toISOString() }, true);
      return;
    }
    if (this.stopped) {
      await Promise.allSettled([source.value.close(), sink.value.close()]);
      return;
    }
    const watched = watchSource(source.value, (err) => this.onSourceEnded(err));
    let speech: AudioSpeech;
    try {
      // Loaded here, not at import: the engines' native modules stay out of a runtime that runs without voice.
      const create = this.opts.createSpeech ?? (await import('./audio-speech.js')).AudioSpeech.create;
      speech = await create({ config: this.speechConfig, source: watched, sink: sink.value });
    } catch (err) {
      await Promise.allSettled([source.value.close(), sink.value.close()]);
      // An engine that cannot load (a bad wake setting, a missing model) will not load on a retry either.
      this.opts.monitor?.reportError(isWakeCode(codeOf(err)) ? 'wake' : 'pipeline', err);
      this.goOff({ code: codeOf(err), message: `the speech engines did not load: ${errorText(err)}`, at: new Date().toISOString() }, false);
      return;
    }
    if (this.stopped) {
      await speech.close();
      return;
    }
    this.speech = speech;
    if (this.opts.monitor) this.unwatch = watchAudioSpeech(this.opts.monitor, speech);
    speech.on('level', (dbfs) => this.emit('level', dbfs));
    speech.on('wake-score', (score, engine, phrase) => this.emit('wake-score', score, engine, phrase));
    speech.on('wake', (d, at) => this.onWake(d, at));
    speech.on('error', (err) => this.report(err));
    speech.start();
    this.warmFixedLines();
    this.setState('listening');
    this.problem = null;
    log.info({ wake: speech.wake?.phrase, engine: speech.wake?.kind, input: speech.source.kind, output: speech.sink.kind }, 'voice listening');
    // A visit opened while the engines loaded (a touch, presence) is greeted now, unless the visitor is already typing.
    const current = this.opts.visits.current();
    if (current?.open && current.trigger !== 'simulate' && Object.keys(current.filledBy).length === 0) this.startDialog(current, true);
  }

  private goOff(problem: Problem, retry: boolean): void {
    const first = this.problem === null || this.problem.message !== problem.message;
    this.setState('off');
    this.problem = problem;
    this.lastError = problem;
    if (first) {
      this.opts.log.error({ code: problem.code, fix: fixFor(problem, this.speechConfig) }, `voice is off: ${problem.message}; the touchscreen keeps working`);
      this.emit('error', new Error(problem.message));
    }
    if (retry && !this.stopped) {
      this.reopenTimer = setTimeout(() => {
        this.reopenTimer = undefined;
        if (!this.stopped) this.bringingUp = this.bringUp();
      }, VOICE_HOST.reopenMs);
      this.reopenTimer.unref();
    }
  }

  /** The microphone stopped giving frames (unplugged, arecord died): voice off, devices tried again later. */
  private onSourceEnded(err: Error | null): void {
    if (this.stopped) return;
    const speech = this.speech;
    this.speech = null;
    this.unwatch?.();
    this.input = { ...this.input, ok: false, detail: err ? errorText(err) : 'the microphone stopped giving audio' };
    this.opts.monitor?.reportError('microphone', err ?? new Error(this.input.detail));
    this.dialogs.abort(new Error('microphone lost'));
    const closing = (async () => {
      await this.dialogs.settled();
      await speech?.close();
    })();
    this.bringingUp = closing;
    this.goOff({ code: codeOf(err) ?? 'audio_device_failed', message: `microphone: ${this.input.detail}`, at: new Date().toISOString() }, true);
  }

  private report(err: Error): void {
    this.lastError = { code: codeOf(err), message: errorText(err), at: new Date().toISOString() };
    this.opts.log.warn({ code: this.lastError.code, err: this.lastError.message }, 'voice error');
    this.emit('error', err);
  }

  private readonly onVisitOpened = (visit: Visit): void => {
    if (visit.trigger === 'simulate' || this.state !== 'listening') return;
    this.startDialog(visit, true);
  };

  private onWake(d: WakeDetection, at: number): void {
    this.emit('wake', d, at);
    if (this.stopped || this.state !== 'listening') return;
    const current = this.opts.visits.current();
    if (current?.open) {
      // The visitor calls the robot back into a visit it has stopped talking in; during a dialog, nothing to do.
      if (!this.dialogs.running) this.startDialog(current, false);
      return;
    }
    this.opts.log.info({ phrase: d.phrase, score: Number(d.score.toFixed(3)) }, 'wake word heard');
    this.opts.visits.open('wake'); // 'opened' starts the dialog
  }

  private startDialog(visit: Visit, greet: boolean): void {
    this.dialogs.start(visit, greet);
  }

  private async runDialog(running: RunningDialog<Visit>, greet: boolean): Promise<void> {
    const { visit } = running;
    const speech = this.speech;
    if (!speech || !visit.open || running.stop.signal.aborted) return;
    const { visits, body, log } = this.opts;
    const onCaption = (text: string, final: boolean): void => this.emit('caption', visit.id, text, final);
    visit.on('caption', onCaption);
    try {
      const dialog = new VoiceDialog(
        {
          config: this.opts.config(),
          visits,
          voice: new AnnouncingVoice(speech.voice, visit, (text) => this.emit('robot-says', visit.id, text)),
          listener: speech.listener,
          body,
          signal: running.stop.signal,
          touchQuietMs: this.opts.touchQuietMs ?? VOICE_HOST.touchQuietMs,
          ...(this.opts.lookup ? { lookup: this.opts.lookup } : {}),
        },
        visit,
      );
      const result = await dialog.run({ greet });
      log.info(
        { visitId: visit.id, outcome: result.outcome, turns: result.turns.length, silent: result.turns.filter((t) => !t.heard).length },
        'voice dialog ended',
      );
      // Woken, then nothing said or typed at all: a false wake or someone who walked on. Back to the attract screen.
      if (result.outcome === 'incomplete' && visit.open && visit.trigger === 'wake' && Object.keys(visit.filledBy).length === 0)
        visits.close(visit, 'abandoned');
    } finally {
      visit.off('caption', onCaption);
      this.warmFixedLines(); // staff may have changed a prompt: the robot is idle now
    }
  }

  /**
   * Synthesizes the lines said word for word (fixed-lines.ts) into the TTS cache, in the background, one sentence at
   * a time, so a visit's own lines wait behind at most one. Only sentences not cached yet cost anything.
   */
  private warmFixedLines(): void {
    const tts = this.speech?.tts;
    if (this.warming || !(tts instanceof CachedTts)) return;
    this.warming = tts
      .warm(fixedLines(this.opts.config()), this.stopWarming.signal)
      .catch((err: unknown) => this.opts.log.warn({ err: String(err) }, 'could not synthesize the fixed lines ahead; they are synthesized when said'))
      .finally(() => (this.warming = undefined));
  }

  private warming: Promise<void> | undefined;
  private readonly stopWarming = new AbortController();

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.reopenTimer);
    this.opts.visits.off('opened', this.onVisitOpened);
    this.dialogs.abort(new Error('shutting down'));
    await this.dialogs.settled();
    await this.bringingUp;
    const speech = this.speech;
    this.speech = null;
    this.unwatch?.();
    this.setState('stopped');
    this.stopWarming.abort();
    await this.warming; // at most the sentence being synthesized
    await speech?.close();
    this.events.removeAllListeners();
  }
}

/** The voice the dialog talks through: tells the kiosk what the robot is about to say, then says it. */
class AnnouncingVoice implements Voice {
  readonly kind: string;
  constructor(
    private readonly inner: Voice,
    private readonly visit: Visit,
    private readonly onSay: (text: string) => void,
  ) {
    this.kind = inner.kind;
  }

  say(text: string, signal?: AbortSignal): Promise<Spoken> {
    this.visit.announce(text);
    this.onSay(text);
    return this.inner.say(text, signal);
  }
}
