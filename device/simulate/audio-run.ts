/**
 * A simulated visit over audio: the same AudioSpeech the live product builds (Silero VAD, PocketSphinx in its worker,
 * the wake word engine, Festival with Flite fallback, the echo guard), with a virtual visitor's mouth as the
 * microphone and a file as the speaker. The dialog and the store are the real ones (simulateVisit).
 *
 * Order: build speech -> render or read every utterance -> (wake utterance -> wait for the wake engine) -> visit
 * (each answer pushed after the robot finished speaking) -> close -> report (+ WAV files with `outDir`).
 *
 * `speed` > 1 runs the source, the sink and the echo tail that many times faster than real time, for tests. Only
 * speed 1 gives meaningful latency figures: endpoint silence, decoding and synthesis do not scale with it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FileAudioSink } from '../../drivers/audio/file-sink.js';
import { PushAudioSource } from '../../drivers/audio/push-source.js';
import { writeWavFile } from '../../drivers/audio/wav.js';
import { toWords } from '../../models/stt/pocketsphinx/grammars.js';
import type { SttEngine } from '../../models/stt/types.js';
import { CachedTts } from '../../models/tts/cache.js';
import { PROVIDERS_AS_SAID } from '../../models/tts/normalize.js';
import type { TtsEngine } from '../../models/tts/types.js';
import type { SpeechConfig } from '../config/schema.js';
import type { Runtime } from '../runtime.js';
import { AudioSpeech } from '../speech/audio-speech.js';
import { fixedLines } from '../speech/fixed-lines.js';
import { AudioVisitor, DEFAULT_VISITOR_VOICE, VisitorCue, visitorTts, type VisitorUtterance } from './audio-visitor.js';
import { simulateVisit, type SimulationResult, type VisitorReport, type WakeReport } from './run.js';
import { utterancesOf, type Utterance, type VisitFile } from './visit-file.js';
import { withNoise, type NoiseSpec } from './noise.js';
import type { PersonaVisitor } from './persona.js';
import type { ContactLookup } from '../visit/dialog.js';
import type { ListenRequest, Listener } from '../../models/speech.js';
import { VirtualVisitor } from './visitor.js';

/** How long after the wake utterance ends the wake engine may take to fire, ms (wall clock). */
export const WAKE_WAIT_MS = 3000;
/**
 * The microphone runs this long (stream ms) before the visitor says the wake word: in the product it is always on,
 * and openWakeWord needs about 2 s of audio (76 mel frames, then 16 embeddings) before it scores at all.
 */
export const WAKE_LEAD_MS = 2500;

export interface AudioSimulationOptions {
  waitSyncMs: number;
  /** 1 = real time (default). Latency is only meaningful at 1. */
  speed?: number;
  /** Visitor's TTS voice for `say` utterances ('flite:rms', 'festival:...'), or an engine to share; default the persona's, else DEFAULT_VISITOR_VOICE. */
  visitorVoice?: string | TtsEngine;
  /** Room noise in what the visitor says (default the persona's); or a mixer of the caller's (tests). */
  noise?: NoiseSpec | ((samples: Int16Array, k: number) => Int16Array);
  /** Write the robot's speech (robot-NN.wav) and the visitor's (visitor-NN-<field>.wav) here. */
  outDir?: string;
  /** Speech settings over the runtime's (benches compare end silences). */
  speech?: Partial<SpeechConfig>;
  /** Engines shared across visits (tests, benches); otherwise built from the config and closed after. */
  stt?: SttEngine;
  tts?: TtsEngine;
  /** Visitor's pause before answering, ms of stream time. */
  pauseMs?: number;
  /**
   * Benches: drain the robot's playback this many times faster than real time while the microphone stays at
   * `speed`. Response latency ends at the reply's first sample, so it is unchanged; visits just take less time.
   * Default: `speed`.
   */
  playbackSpeed?: number;
  /** Returning visitors: the robot greets a known phone or email by name (the CLI passes the CRM's lookup). */
  lookup?: ContactLookup;
}

export interface AudioSimulationResult extends SimulationResult {
  speech: {
    mode: 'audio';
    speed: number;
    visitorVoice: string;
    robotVoice: string;
    vad: string;
    /** Noise reduction in front of the STT (speech.denoise). */
    denoise: string;
    endSilenceMs: number;
    completeEndSilenceMs: number;
    /** Robot utterances played (one WAV each with outDir). */
    robotUtterances: number;
    /** Where the WAV files were written. */
    out?: string;
  };
}

/** The wake phrase as words ('hey_jarvis' -> 'hey jarvis'). */
export function wakeWords(config: SpeechConfig): string {
  const w = config.wake;
  return toWords((w.engine === 'porcupine' ? w.keyword : w.phrase).replace(/[_-]+/g, ' ')).join(' ');
}

/** A first turn that says the wake phrase is the wake utterance. */
export function liftSpokenWake(script: VisitFile, config: SpeechConfig): VisitFile {
  const first = script.turns[0];
  if (script.wake || !first || !('say' in first) || toWords(first.say).join(' ') !== wakeWords(config)) return script;
  return { ...script, wake: first, turns: script.turns.slice(1) };
}

export async function simulateAudioVisit(runtime: Runtime, input: VisitFile, opts: AudioSimulationOptions): Promise<AudioSimulationResult> {
  const speed = opts.speed ?? 1;
  if (!(speed > 0 && speed <= 50)) throw new RangeError(`speed must be in (0, 50], got ${speed}`);
  const config: SpeechConfig = { ...runtime.config.speech, ...opts.speech, mode: 'audio' };
  const script = liftSpokenWake(input, config);
  const mouth = new PushAudioSource({ speed });
  const sink = new FileAudioSink({ realtime: true, speed: opts.playbackSpeed ?? speed });
  const ownVoice = typeof opts.visitorVoice === 'object' ? undefined : visitorTts(opts.visitorVoice ?? script.persona?.voice ?? DEFAULT_VISITOR_VOICE);
  const noise = opts.noise ?? script.persona?.noise;
  const shape =
    typeof noise === 'function' ? noise : noise ? (s: Int16Array, k: number) => withNoise(s, { snrDb: noise.snrDb, seed: noise.seed + k }) : undefined;
  const voice = (typeof opts.visitorVoice === 'object' ? opts.visitorVoice : ownVoice) as TtsEngine;
  let speech: AudioSpeech | undefined;
  try {
    speech = await AudioSpeech.create({ config, source: mouth, sink, wake: script.wake !== undefined, stt: opts.stt, tts: opts.tts, speed });
    const visitor = new AudioVisitor({
      mouth,
      echo: speech.echo,
      voice,
      speed,
      ...(opts.pauseMs !== undefined ? { pauseMs: opts.pauseMs } : {}),
      ...(shape ? { shape } : {}),
    });
    await visitor.prepare(utterancesOf(script));
    // The lines said word for word, synthesized before the visit as the voice host does at start (device/speech/fixed-lines.ts).
    if (speech.tts instanceof CachedTts) await speech.tts.warm(fixedLines(runtime.config));

    const wakes: WakeReport[] = [];
    let visitOpen = false;
    const engine = speech.wake?.kind ?? 'none';
    speech.on('wake', (d, at) =>
      wakes.push({
        phrase: d.phrase,
        score: Math.round(d.score * 1000) / 1000,
        engine,
        atMs: Math.round(d.atMs),
        at,
        during: visitOpen ? 'visit' : 'before-visit',
      }),
    );
    speech.on('error', () => undefined); // a failing wake engine shows as no detection
    speech.start();

    let result: SimulationResult;
    let cue: VisitorCue | undefined;
    if (script.wake) {
      await new Promise((r) => setTimeout(r, WAKE_LEAD_MS / speed));
      await visitor.speak(script.wake, 'wake');
    }
    const woken = !script.wake || (await until(() => wakes.length > 0, WAKE_WAIT_MS));
    if (!woken) result = notWoken();
    else {
      visitOpen = true;
      cue = new VisitorCue(speech.listener, new VirtualVisitor(script), visitor, speed);
      const inner = speech.listener;
      // A persona decides what to say as the visit goes (it hears the robot's words); it speaks into the microphone.
      const personaListener = (persona: PersonaVisitor): Listener =>
        (cue = new VisitorCue(inner, { next: (req) => personaUtterance(persona, req) }, visitor, speed));
      result = await simulateVisit(runtime, script, {
        waitSyncMs: opts.waitSyncMs,
        speech: { voice: speech.voice, listener: cue, personaListener },
        ...(opts.lookup ? { lookup: opts.lookup } : {}),
      });
      await cue.settled();
    }
    await speech.close();

    const answers = cue?.answers ?? [];
    const turns = result.turns.map((t, i) => ({ ...t, visitor: report(answers[i] ?? null) }));
    const out = opts.outDir ? await writeOut(opts.outDir, sink, visitor.said) : undefined;
    return {
      ...result,
      turns,
      wake: wakes,
      speech: {
        mode: 'audio',
        speed,
        visitorVoice: `${voice.kind}:${voice.voice}`,
        robotVoice: `${speech.tts.kind}:${speech.tts.voice}`,
        vad: config.vad,
        denoise: config.denoise,
        endSilenceMs: config.endSilenceMs,
        completeEndSilenceMs: config.completeEndSilenceMs,
        robotUtterances: sink.utterances.length,
        ...(out ? { out } : {}),
      },
    };
  } finally {
    await speech?.close();
    await ownVoice?.close();
  }
}

function personaUtterance(persona: PersonaVisitor, req: ListenRequest): Utterance | null {
  const text = persona.say(req);
  return text === null ? null : { say: asPeopleSay(text) };
}

/**
 * The persona's words as a person says them, for the TTS voice that speaks them: providers as people say them
 * ("gmail" is "gee mail"; every Festival and Flite voice here reads it "g-male") and a lone "a" among spelled
 * letters as the letter ("ay"; TTS reads it as the article).
 */
export function asPeopleSay(text: string): string {
  const w = text.split(/\s+/);
  const letter = (x: string | undefined) => x !== undefined && /^[a-z],?$/i.test(x);
  return w
    .map((x, i) => {
      const bare = x.toLowerCase().replace(/[,.?!]$/, '');
      if (bare === 'a' && (letter(w[i - 1]) || letter(w[i + 1]))) return x.replace(/a/i, 'ay');
      const said = PROVIDERS_AS_SAID[bare];
      return said ? x.toLowerCase().replace(bare, said) : x;
    })
    .join(' ');
}

function report(u: VisitorUtterance | null): VisitorReport | null {
  if (!u) return null;
  return {
    ...(u.say !== undefined ? { say: u.say } : {}),
    ...(u.audio !== undefined ? { audio: u.audio } : {}),
    startedAt: u.startedAt,
    endedAt: u.endedAt,
    durationMs: Math.round(u.samples.length / 16),
  };
}

function notWoken(): SimulationResult {
  return {
    outcome: 'not-woken',
    contact: null,
    transcript: [],
    fieldErrors: {},
    turns: [],
    wake: [],
    metrics: { durationMs: 0, turns: 0, silentTurns: 0, responseLatencyMs: [], fieldsByVoice: [], fieldsByTouch: [], gesturesPlayed: 0 },
    sync: { state: 'none', deliveredAt: null },
  };
}

async function until(test: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!test() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return test();
}

async function writeOut(dir: string, sink: FileAudioSink, said: readonly VisitorUtterance[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const n2 = (i: number) => String(i + 1).padStart(2, '0');
  for (let i = 0; i < sink.utterances.length; i++) await writeWavFile(join(dir, `robot-${n2(i)}.wav`), sink.utteranceSamples(i));
  for (const [i, u] of said.entries()) await writeWavFile(join(dir, `visitor-${n2(i)}-${u.fieldId.replace(/[^a-z0-9_-]/gi, '_')}.wav`), u.samples);
  return dir;
}
