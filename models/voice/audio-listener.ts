/**
 * Listener over audio: a continuous pump reads the source, runs the VAD and the endpoint detector, and cuts
 * utterances; `listen()` attaches to the next (or the current) utterance, streams it to the STT with the search
 * for the request, emits partial captions, and returns `Heard` at end of speech.
 *
 * The robot does not hear itself: while the EchoGuard says the robot is playing (plus its tail), frames are not
 * segmented at all. With barge-in enabled, loud sustained speech during playback calls `echo.bargeIn()`, and
 * the visitor's words (from the pre-roll) start an utterance as soon as the robot stops.
 *
 * The final decode overlaps the end-of-speech wait: once the silence after the words is `decodeLeadMs` short of the
 * silence that will end the answer (a 'pause', segmenter.ts), the STT stream is ended and its result decoded while
 * the wait goes on; when the wait ends with no more speech the result is ready or nearly so. If the visitor speaks
 * again first, that result is dropped and the utterance so far (every frame since its start, kept in the segment) is
 * written to a new stream, so the answer is decoded exactly as without the early decode, at the cost of the CPU of
 * the dropped decode and the rewrite. One decoder: no second model in memory.
 *
 * Times: frames carry stream time; Heard carries epoch ms, mapped through the arrival time of the latest frame.
 *
 * The decisions (when an utterance starts and ends, when the visitor barges in) are the clock-free segmenter's
 * (segmenter.ts); the pre-roll and the VAD's chunking are frame-buffers.ts. This file pumps frames and runs the STT.
 */
import type { AudioFrame, AudioSource } from '../../drivers/audio/types.js';
import type { Heard, ListenRequest, Listener } from '../speech.js';
import type { SttEngine, SttResult, SttStream } from '../stt/types.js';
import { DEFAULT_END_SILENCE_MS, SilenceEndpointDetector } from '../vad/endpoint.js';
import type { EndpointDetector, VadEngine } from '../vad/types.js';
import { completion } from './complete.js';
import { DecodeLead } from './decode-lead.js';
import { CaptureClock } from './capture-clock.js';
import { levelDb, type EchoGuard } from './echo-guard.js';
import { ChunkQueue, PreRoll, frameEndMs } from './frame-buffers.js';
import { UtteranceSegmenter, type SegmentEvent } from './segmenter.js';

/**
 * Default silence that ends a likely-whole name or email, ms: longer than the gaps between words of fluent speech
 * (which rarely reach 300 ms), well under the full end-of-speech silence (600 ms) these answers waited before.
 */
export const LIKELY_END_SILENCE_MS = 350;

/**
 * Default head start of the final decode over the end of the end-of-speech wait, ms: about the whole-utterance
 * pass's decode time for a name or an email (p50 ~60 ms, p95 ~160 ms on a quiet machine).
 */
export const DECODE_LEAD_MS = 150;
/** The final decode never starts before this much silence: shorter gaps between words are common. */
export const MIN_PAUSE_MS = 100;

export interface AudioListenerOptions {
  source: AudioSource;
  vad: VadEngine;
  stt: SttEngine;
  /** Default: SilenceEndpointDetector with `endSilenceMs`. */
  endpoint?: EndpointDetector;
  /** Trailing silence that ends an answer, ms (default 600); used when `endpoint` is not given. */
  endSilenceMs?: number;
  echo?: EchoGuard;
  /** VAD probability at or above which a chunk is speech. Default 0.5. */
  speechThreshold?: number;
  /** Audio kept before the detected start and given to the STT, ms. Default 300. */
  preRollMs?: number;
  /** Speech over the robot needed to barge in, ms, and its VAD threshold. Defaults 300 and 0.8. */
  bargeInMs?: number;
  bargeInThreshold?: number;
  /** Longest utterance kept, ms. Default 15000. */
  maxUtteranceMs?: number;
  /**
   * Silence that ends an answer once the partial hypothesis already holds a complete answer (a full phone number,
   * a yes/no, a choice; see complete.ts), ms. Default 250; 0 disables. Needs an endpoint with `setEndSilenceMs`
   * (SilenceEndpointDetector has it).
   */
  completeEndSilenceMs?: number;
  /**
   * Silence that ends an answer that is likely whole but could go on (a first and last name, an email ending in
   * "dot com"; see complete.ts), ms. Default LIKELY_END_SILENCE_MS; off when `completeEndSilenceMs` is 0.
   */
  likelyEndSilenceMs?: number;
  /**
   * Start the final decode this long before the end-of-speech silence runs out, ms (see the file comment), or up to
   * twice as long when recent decodes of the same kind of answer were slower (decode-lead.ts). Default
   * DECODE_LEAD_MS; 0 decodes only after the wait. Never before MIN_PAUSE_MS of silence.
   */
  decodeLeadMs?: number;
  /** Simulations: the source runs this many times faster than real time; stream ms map to epoch ms at this rate. */
  speed?: number;
}

/** Every frame the pump reads, with whether it was the robot's own voice (wake word engines tap here). */
export type FrameTap = (frame: AudioFrame, info: { blocked: boolean }) => void;

interface Segment {
  startMs: number; // stream time
  frames: AudioFrame[];
  samples: number;
}

interface Active {
  req: ListenRequest;
  resolve: (h: Heard | null) => void;
  reject: (e: unknown) => void;
  stream?: SttStream;
  startMs?: number;
  lastPartial: string;
  timedOut: boolean;
  /** An utterance ended and its result is being decoded: a new one (noise, more words) waits for it. */
  decoding?: boolean;
  /** The stream was ended at a pause, before the end of speech: its result, unless the visitor speaks again. */
  early?: Promise<SttResult>;
}

export class AudioListener implements Listener {
  readonly kind = 'audio';
  private readonly endpoint: EndpointDetector;
  private readonly threshold: number;
  private readonly preRollMs: number;
  private readonly bargeInThreshold: number;
  private readonly maxUtteranceSamples: number;
  private readonly defaultEndSilenceMs: number;
  private readonly lead: DecodeLead;
  private readonly taps = new Set<FrameTap>();
  private pump: Promise<void> | undefined;
  private stopCtl = new AbortController();
  private pumpError: unknown;

  private readonly preRoll: PreRoll;
  private readonly chunks: ChunkQueue;
  private readonly segmenter: UtteranceSegmenter;
  private segment: Segment | undefined;
  private active: Active | undefined;
  private last = { endMs: 0, epoch: Date.now() };
  private readonly captureClock = new CaptureClock();

  constructor(private readonly opts: AudioListenerOptions) {
    this.endpoint = opts.endpoint ?? new SilenceEndpointDetector({ endSilenceMs: opts.endSilenceMs ?? 600 });
    this.threshold = opts.speechThreshold ?? 0.5;
    this.preRollMs = opts.preRollMs ?? 300;
    const bargeInMs = opts.bargeInMs ?? 300;
    this.bargeInThreshold = opts.bargeInThreshold ?? 0.8;
    this.maxUtteranceSamples = ((opts.maxUtteranceMs ?? 15_000) * 16_000) / 1000;
    // The pre-roll also covers a barge-in's replay (segmenter.ts reaches back bargeInMs + 200 ms).
    this.preRoll = new PreRoll(this.preRollMs + bargeInMs + 200);
    this.chunks = new ChunkQueue(opts.vad.chunkSamples);
    this.defaultEndSilenceMs = opts.endSilenceMs ?? DEFAULT_END_SILENCE_MS;
    this.lead = new DecodeLead({ leadMs: opts.decodeLeadMs ?? DECODE_LEAD_MS, minPauseMs: MIN_PAUSE_MS });
    this.segmenter = new UtteranceSegmenter({ endpoint: this.endpoint, bargeInMs, pauseMs: this.pauseFor(this.defaultEndSilenceMs) });
  }

  /** Silence after which the final decode starts, for an answer that ends after `endSilenceMs` of silence (0: never). */
  private pauseFor(endSilenceMs: number): number {
    return this.lead.pauseMs(endSilenceMs, this.active?.req.expect.kind);
  }

  /** Starts reading the source (idempotent; listen() calls it). */
  start(): void {
    this.pump ??= this.run().catch((e: unknown) => {
      this.pumpError = e;
      this.active?.reject(e);
      this.active = undefined;
    });
  }

  async stop(): Promise<void> {
    this.stopCtl.abort();
    await this.pump;
    this.pump = undefined;
    this.stopCtl = new AbortController();
  }

  onFrame(tap: FrameTap): () => void {
    this.taps.add(tap);
    return () => this.taps.delete(tap);
  }

  /** Epoch ms of a stream time, through the arrival of the latest frame. */
  private epochOf(streamMs: number): number {
    return Math.round(this.last.epoch - (this.last.endMs - streamMs) / (this.opts.speed ?? 1));
  }

  listen(req: ListenRequest, signal?: AbortSignal): Promise<Heard | null> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.pumpError) return Promise.reject(this.pumpError);
    if (this.active) return Promise.reject(new Error('AudioListener: already listening'));
    this.start();
    return new Promise<Heard | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        a.timedOut = true;
        if (!a.stream && !a.decoding) finish(null); // a decode under way still answers
      }, req.timeoutMs);
      const onAbort = () => {
        a.stream?.cancel();
        done();
        reject(signal?.reason);
      };
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (this.active === a) this.active = undefined;
      };
      const finish = (h: Heard | null) => {
        done();
        resolve(h);
      };
      const a: Active = {
        req,
        resolve: finish,
        reject: (e) => {
          done();
          reject(e);
        },
        lastPartial: '',
        timedOut: false,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.active = a;
      if (this.segment) this.attach(a, this.segment);
    });
  }

  private attach(a: Active, seg: Segment): void {
    a.stream = this.opts.stt.begin({ expect: a.req.expect, vocabulary: a.req.vocabulary, ...(a.req.alsoHear ? { alsoHear: a.req.alsoHear } : {}) });
    a.startMs = seg.startMs;
    for (const f of seg.frames) a.stream.write(f.samples);
  }

  private async run(): Promise<void> {
    for await (const frame of this.opts.source.frames(this.stopCtl.signal)) {
      await this.onFrameIn(frame);
    }
  }

  private async onFrameIn(frame: AudioFrame): Promise<void> {
    const now = Date.now();
    this.last = { endMs: frameEndMs(frame), epoch: now };
    // Judged by when the frame was captured, not when it reached us: the robot's voice in a late frame is still its own.
    const capturedAt = this.captureClock.capturedAt(this.last.endMs, now);
    const echo = this.opts.echo;
    const blocked = echo?.blocked(capturedAt) ?? false;
    for (const tap of this.taps) tap(frame, { blocked });
    this.preRoll.push(frame);

    if (blocked && !(echo?.bargeInEnabled && echo.robotSpeaking)) {
      this.dropSegment();
      this.segmenter.mute(this.last.endMs); // the VAD restarts after the block
      this.chunks.clear();
      return;
    }
    if (!blocked && this.segmenter.resume()) this.opts.vad.reset();

    if (this.segment) this.appendToSegment(frame);

    this.chunks.push(frame.samples);
    const chunkMs = (this.chunks.chunkSamples * 1000) / 16_000;
    for (let chunk = this.chunks.take(); chunk; chunk = this.chunks.take()) {
      const p = await this.opts.vad.process(chunk);
      // Robot speaking with barge-in allowed: only a strong, sustained voice clearly louder than the robot's own
      // echo counts (see EchoGuard.louderThanEcho, which learns the echo path from every chunk: always call it).
      let overRobot: { strong: boolean } | undefined;
      if (blocked) {
        const overEcho = echo?.louderThanEcho(levelDb(chunk), capturedAt) ?? true;
        overRobot = { strong: p >= this.bargeInThreshold && overEcho };
      }
      for (const ev of this.segmenter.process(chunkMs, p >= this.threshold, overRobot)) this.onEvent(ev);
    }
  }

  private openSegment(startMs: number): void {
    const from = startMs - this.preRollMs;
    const frames = this.preRoll.since(from);
    this.segment = { startMs, frames, samples: frames.reduce((s, f) => s + f.samples.length, 0) };
    if (this.active && !this.active.stream && !this.active.decoding) this.attach(this.active, this.segment);
  }

  private appendToSegment(frame: AudioFrame): void {
    const seg = this.segment as Segment;
    if (seg.samples < this.maxUtteranceSamples) {
      seg.frames.push(frame);
      seg.samples += frame.samples.length;
    }
    const a = this.active;
    if (a?.stream && !a.early) {
      a.stream.write(frame.samples);
      const p = a.stream.partial();
      if (p && p !== a.lastPartial) {
        a.lastPartial = p;
        a.req.onPartial?.(p);
        const short = this.opts.completeEndSilenceMs ?? 250;
        const ep = this.endpoint as EndpointDetector & { setEndSilenceMs?: (ms?: number) => void };
        if (short > 0 && ep.setEndSilenceMs) {
          // A whole question already (and not the start of an answer): its answer can be prepared while it ends.
          const answer = completion(a.req.expect, p);
          // Checked unless the answer is whole already: a question can read as a likely name ("is there parking").
          const actsOn = answer !== 'complete' && (a.req.actsOn?.(p) ?? false);
          if (actsOn) a.req.onLikelyFinal?.(p);
          const c = actsOn ? 'complete' : answer;
          const endSilenceMs = c === 'complete' ? short : c === 'likely' ? Math.max(short, this.opts.likelyEndSilenceMs ?? LIKELY_END_SILENCE_MS) : undefined;
          ep.setEndSilenceMs(endSilenceMs);
          this.segmenter.setPauseMs(this.pauseFor(endSilenceMs ?? this.defaultEndSilenceMs));
        }
      }
    }
  }

  /** Never awaits: the pump keeps reading frames while the STT finishes in its thread. */
  private onEvent(ev: SegmentEvent): void {
    if (ev.type === 'barge-in') {
      this.opts.echo?.bargeIn();
      return;
    }
    const at = ev.atMs;
    if (ev.type === 'speech-start') {
      this.segmenter.setPauseMs(this.pauseFor(this.defaultEndSilenceMs)); // the endpoint starts at its default too
      this.openSegment(at);
      return;
    }
    if (ev.type === 'pause') {
      this.decodeEarly();
      return;
    }
    if (ev.type === 'resume') {
      this.dropEarly();
      return;
    }
    const seg = this.segment;
    this.segment = undefined;
    const a = this.active;
    if (!seg || !a?.stream) return;
    const stream = a.stream;
    const early = a.early;
    a.stream = undefined;
    a.early = undefined;
    const startAt = this.epochOf(a.startMs ?? seg.startMs);
    const endAt = this.epochOf(at);
    a.req.onSpeechEnd?.();
    a.decoding = true;
    (early ?? stream.end()).then(
      (r) => {
        a.decoding = false;
        this.lead.observe(a.req.expect.kind, r.decodeMs);
        if (this.active !== a) return; // aborted meanwhile
        if (!r.text) {
          // Noise, a cough: keep listening for a real answer until the timeout.
          if (a.timedOut) a.resolve(null);
          else if (this.segment) this.attach(a, this.segment);
          return;
        }
        a.req.onPartial?.(r.text);
        a.resolve({
          text: r.text,
          confidence: r.confidence,
          speechStartAt: startAt,
          speechEndAt: endAt,
          speechMs: at - (a.startMs ?? seg.startMs),
          decodeMs: r.decodeMs,
          engine: this.opts.stt.kind,
          search: r.search,
          ...(r.firstPass !== undefined ? { firstPass: r.firstPass } : {}),
        });
      },
      (e: unknown) => {
        a.decoding = false;
        if (this.active === a) a.reject(e);
      },
    );
  }

  /** A pause in the current utterance: end its stream now, so the result is decoded while the endpoint waits. */
  private decodeEarly(): void {
    const a = this.active;
    if (!this.segment || !a?.stream || a.early) return;
    const early = a.stream.end();
    a.early = early;
    early.then(
      (r) => {
        if (this.active === a && a.early === early && r.text) a.req.onLikelyFinal?.(r.text);
      },
      () => undefined, // dropped if the visitor goes on; otherwise handled at the end of speech
    );
  }

  /** The visitor speaks again after a pause: drop the early result and decode the utterance so far afresh. */
  private dropEarly(): void {
    const a = this.active;
    const seg = this.segment;
    if (!seg || !a?.stream || !a.early) return;
    a.stream.cancel();
    a.early = undefined;
    this.attach(a, seg); // every frame since the start, the current one included
  }

  private dropSegment(): void {
    if (!this.segment) return;
    this.segment = undefined;
    const a = this.active;
    if (a?.stream) {
      a.stream.cancel();
      a.stream = undefined;
      a.early = undefined;
      if (a.timedOut) a.resolve(null);
    }
  }
}
