/**
 * "Hear the prompt" on the staff intake editor: renders a line with the product's own TTS (the configured engine and
 * voice, Festival with the Flite fallback, as the robot says it: normalizeForSpeech first) to a WAV file. One engine
 * is kept for the configured engine and voice and replaced when the config changes them; one line renders at a time,
 * so staff pressing play twice cannot start two Festival runs.
 */
import { encodeWav } from '../../drivers/audio/wav.js';
import { TtsError } from '../../models/tts/errors.js';
import { normalizeForSpeech } from '../../models/tts/normalize.js';
import type { TtsEngine } from '../../models/tts/types.js';
import type { SpeechConfig } from '../config/schema.js';
import { createTts } from './audio-speech.js';

/** The longest a line may take to render before the staff are told the voice is not answering, ms. */
export const PROMPT_RENDER_TIMEOUT_MS = 15_000;

export interface RenderedPrompt {
  wav: Buffer;
  /** Engine and voice that spoke (e.g. "festival:cmu_us_slt_arctic_hts", or flite when Festival failed). */
  engine: string;
  durationMs: number;
}

export class PromptVoice {
  private engine: { key: string; tts: TtsEngine } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly makeTts: (c: SpeechConfig) => TtsEngine = createTts) {}

  /** Renders `text`; throws TtsError (tts_engine_missing, tts_voice_missing, tts_failed) when the voice cannot. */
  render(text: string, speech: SpeechConfig): Promise<RenderedPrompt> {
    const run = this.queue.then(() => this.renderNow(text, speech));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async renderNow(text: string, speech: SpeechConfig): Promise<RenderedPrompt> {
    const tts = await this.engineFor(speech);
    const signal = AbortSignal.timeout(PROMPT_RENDER_TIMEOUT_MS);
    let r;
    try {
      r = await tts.synthesize(normalizeForSpeech(text), { signal });
    } catch (err) {
      if (err instanceof TtsError) throw err;
      const why = signal.aborted ? `no audio within ${PROMPT_RENDER_TIMEOUT_MS / 1000} s` : (err as Error).message;
      throw new TtsError('tts_failed', `The robot's voice (${tts.kind}) could not say this: ${why}.`, { cause: err });
    }
    if (r.samples.length === 0) throw new TtsError('tts_failed', `The robot's voice (${tts.kind}) gave no audio for this line.`);
    return { wav: encodeWav(r.samples, r.sampleRate), engine: r.engine, durationMs: Math.round((r.samples.length / r.sampleRate) * 1000) };
  }

  private async engineFor(speech: SpeechConfig): Promise<TtsEngine> {
    const key = `${speech.tts.engine}:${speech.tts.voice ?? ''}`;
    if (this.engine?.key === key) return this.engine.tts;
    const old = this.engine;
    this.engine = { key, tts: this.makeTts(speech) };
    await old?.tts.close().catch(() => undefined);
    return this.engine.tts;
  }

  async close(): Promise<void> {
    const e = this.engine;
    this.engine = null;
    await e?.tts.close().catch(() => undefined);
  }
}
