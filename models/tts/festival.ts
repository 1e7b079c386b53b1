/**
 * Festival, kept running as ONE process (`festival --pipe`) driven over stdin: each sentence is synthesized,
 * resampled to 16 kHz inside Festival and saved to a temp WAV; a marker line on stdout says it is ready.
 * Measured here (test/bench/tts.ts): the warm process answers a short sentence in ~0.1-0.3 s, a fresh
 * `text2wave` process pays ~0.3 s more for start-up and voice loading each time; `--server` would add a socket
 * protocol for no gain on one machine. Sentences stream: the first plays while the next is synthesized.
 * Requests are serialized (one Festival process); close() ends the process.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readWavFile } from '../../drivers/audio/wav.js';
import { TtsError } from './errors.js';
import { splitSentences } from './normalize.js';
import type { SynthesisResult, TtsEngine } from './types.js';
import { concat16 } from '../../drivers/audio/frames.js';

export const FESTIVAL_DEFAULT_VOICE = 'cmu_us_slt_arctic_hts';
const RATE = 16_000;

export interface FestivalOptions {
  voice?: string; // Festival voice name without the voice_ prefix
  command?: string; // default 'festival'
  /** Duration multiplier (> 1 slower, < 1 faster; Festival's Duration_Stretch). HTS voices ignore it. Default 1. */
  stretch?: number;
}

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

export class FestivalTts implements TtsEngine {
  readonly kind = 'festival';
  readonly voice: string;
  private proc: ChildProcessWithoutNullStreams | undefined;
  private ready: Promise<void> | undefined;
  private waiters = new Map<string, Waiter>();
  private seq = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly dir = mkdtempSync(join(tmpdir(), 'festival-'));
  private stderr = '';
  private closed = false;

  constructor(private readonly opts: FestivalOptions = {}) {
    this.voice = opts.voice ?? FESTIVAL_DEFAULT_VOICE;
    const s = opts.stretch ?? 1;
    if (!(s >= 0.25 && s <= 4)) throw new RangeError(`festival stretch ${s} is outside 0.25..4`);
  }

  /** Starts Festival and loads the voice (also done lazily by the first synthesize). */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new TtsError('tts_closed', 'festival engine is closed'));
    this.ready ??= this.spawn();
    return this.ready;
  }

  private spawn(): Promise<void> {
    const cmd = this.opts.command ?? 'festival';
    const proc = spawn(cmd, ['--pipe'], { stdio: 'pipe' });
    this.proc = proc;
    this.stderr = '';
    proc.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-2000);
    });
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const m = /^FD-(OK|ERR) (\S+)/.exec(line);
      if (!m) return;
      const w = this.waiters.get(m[2] as string);
      if (!w) return;
      this.waiters.delete(m[2] as string);
      if (m[1] === 'OK') w.resolve();
      else w.reject(new TtsError('tts_failed', `festival could not synthesize: ${this.lastError()}`));
    });
    const fail = (err: Error) => {
      for (const w of this.waiters.values()) w.reject(err);
      this.waiters.clear();
      if (this.proc === proc) {
        this.proc = undefined;
        this.ready = undefined; // restart on next use
      }
    };
    proc.on('error', (e: NodeJS.ErrnoException) =>
      fail(
        e.code === 'ENOENT'
          ? new TtsError('tts_engine_missing', `${cmd} is not installed: apt-get install festival festvox-us-slt-hts`, { cause: e })
          : new TtsError('tts_failed', `festival failed to start: ${e.message}`, { cause: e }),
      ),
    );
    proc.on('exit', (code) => fail(new TtsError('tts_failed', `festival exited (code ${code}): ${this.lastError()}`)));
    proc.stdin.on('error', () => undefined); // reported through 'exit'
    // The voice function is unbound when the voice is not installed: report that as tts_voice_missing.
    const pace = this.opts.stretch === undefined || this.opts.stretch === 1 ? '' : ` (Parameter.set 'Duration_Stretch ${Number(this.opts.stretch)})`;
    const ready = this.command(
      'ready',
      `(if (not (boundp 'voice_${this.voice})) (format t "FD-ERR %s\\n" fd_id) (begin (voice_${this.voice})${pace} (format t "FD-OK %s\\n" fd_id)))`,
    );
    return ready.catch((e: unknown) => {
      proc.kill();
      if (e instanceof TtsError && e.code === 'tts_failed' && !/exited|start/.test(e.message))
        throw new TtsError('tts_voice_missing', `festival voice ${this.voice} is not installed (for the default: apt-get install festvox-us-slt-hts)`);
      throw e;
    });
  }

  private lastError(): string {
    return this.stderr.trim().split('\n').slice(-2).join(' ') || 'no message';
  }

  /** Sends one Scheme form that must print FD-OK/FD-ERR <fd_id>; resolves when it did. */
  private command(id: string, form: string): Promise<void> {
    const proc = this.proc;
    if (!proc) return Promise.reject(new TtsError('tts_failed', 'festival is not running'));
    return new Promise<void>((resolve, reject) => {
      this.waiters.set(id, { resolve, reject });
      proc.stdin.write(`(set! fd_id "${id}")\n${form}\n(fflush nil)\n`);
    });
  }

  private async synthSentence(sentence: string): Promise<Int16Array> {
    await this.start();
    const id = `u${++this.seq}`;
    const file = join(this.dir, `${id}.wav`);
    const text = sentence.replace(/[\\"\r\n]+/g, ' '); // safe inside a Scheme string
    await this.command(
      id,
      `(unwind-protect (begin (set! fd_u (utt.synth (Utterance Text "${text}"))) (utt.wave.resample fd_u ${RATE}) ` +
        `(utt.save.wave fd_u "${file}" 'riff) (format t "FD-OK %s\\n" fd_id)) (format t "FD-ERR %s\\n" fd_id))`,
    );
    try {
      const wav = await readWavFile(file);
      return wav.samples;
    } finally {
      rmSync(file, { force: true });
    }
  }

  synthesize(text: string, opts: { signal?: AbortSignal; onChunk?: (samples: Int16Array, sampleRate: number) => void } = {}): Promise<SynthesisResult> {
    const run = this.chain.then(() => this.run(text, opts));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async run(text: string, opts: { signal?: AbortSignal; onChunk?: (samples: Int16Array, sampleRate: number) => void }): Promise<SynthesisResult> {
    const t0 = performance.now();
    let firstChunkMs = -1;
    const chunks: Int16Array[] = [];
    for (const sentence of splitSentences(text)) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      const s = await this.synthSentence(sentence);
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (firstChunkMs < 0) firstChunkMs = performance.now() - t0;
      chunks.push(s);
      opts.onChunk?.(s, RATE);
    }
    return { samples: concat16(chunks), sampleRate: RATE, firstChunkMs: Math.max(0, firstChunkMs), engine: `festival:${this.voice}` };
  }

  async close(): Promise<void> {
    this.closed = true;
    const proc = this.proc;
    this.proc = undefined;
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.stdin.end('(quit)\n');
      const t = setTimeout(() => proc.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(t);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
