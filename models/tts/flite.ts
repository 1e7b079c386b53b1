/**
 * Flite, the fast fallback: one short `flite` process per sentence (start-up is a few ms), WAV to a temp file.
 * Voices: the built-in kal (8 kHz), kal16, slt, rms, awb (16 kHz), or a path to a .flitevox file.
 * Samples are returned at the voice's own rate.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concat16 } from '../../drivers/audio/frames.js';
import { readWavFile } from '../../drivers/audio/wav.js';
import { TtsError } from './errors.js';
import { splitSentences } from './normalize.js';
import type { SynthesisResult, TtsEngine } from './types.js';

export const FLITE_VOICES = ['kal', 'kal16', 'slt', 'rms', 'awb'] as const;

export class FliteTts implements TtsEngine {
  readonly kind = 'flite';
  private readonly dir = mkdtempSync(join(tmpdir(), 'flite-'));
  private seq = 0;

  /** `stretch`: duration multiplier (> 1 slower, < 1 faster; flite's duration_stretch), 1 = the voice's own pace. */
  constructor(
    readonly voice: string = 'slt',
    private readonly command = 'flite',
    private readonly stretch = 1,
  ) {
    if (!(stretch >= 0.25 && stretch <= 4)) throw new RangeError(`flite stretch ${stretch} is outside 0.25..4`);
    // flite silently falls back to kal for an unknown -voice: refuse it here instead.
    const known = (FLITE_VOICES as readonly string[]).includes(voice) || (voice.endsWith('.flitevox') && existsSync(voice));
    if (!known) throw new TtsError('tts_voice_missing', `flite has no voice "${voice}" (built in: ${FLITE_VOICES.join(', ')}, or a path to a .flitevox file)`);
  }

  private sentence(text: string, signal?: AbortSignal): Promise<{ samples: Int16Array; rate: number }> {
    const file = join(this.dir, `s${++this.seq}.wav`);
    return new Promise((resolve, reject) => {
      const pace = this.stretch === 1 ? [] : ['--setf', `duration_stretch=${this.stretch}`];
      execFile(this.command, ['-voice', this.voice, ...pace, '-t', text, '-o', file], { signal, timeout: 30_000 }, (err, _o, stderr) => {
        if (err) {
          rmSync(file, { force: true });
          if (signal?.aborted) return reject(signal.reason);
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') return reject(new TtsError('tts_engine_missing', `${this.command} is not installed: apt-get install flite`, { cause: err }));
          return reject(new TtsError('tts_failed', `flite failed: ${stderr.trim() || err.message}`, { cause: err }));
        }
        readWavFile(file)
          .then((w) => resolve({ samples: w.samples, rate: w.sampleRate }))
          .catch(reject)
          .finally(() => rmSync(file, { force: true }));
      });
    });
  }

  async synthesize(text: string, opts: { signal?: AbortSignal; onChunk?: (samples: Int16Array, sampleRate: number) => void } = {}): Promise<SynthesisResult> {
    const t0 = performance.now();
    let firstChunkMs = -1;
    let rate = 16_000;
    const chunks: Int16Array[] = [];
    for (const s of splitSentences(text)) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      const r = await this.sentence(s, opts.signal);
      if (firstChunkMs < 0) firstChunkMs = performance.now() - t0;
      rate = r.rate;
      chunks.push(r.samples);
      opts.onChunk?.(r.samples, r.rate);
    }
    return { samples: concat16(chunks), sampleRate: rate, firstChunkMs: Math.max(0, firstChunkMs), engine: `flite:${this.voice}` };
  }

  async close(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
