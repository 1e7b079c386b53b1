import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { concat16 } from '../../drivers/audio/frames.js';
import { closeRenderers, mixNoise, renderUtterance } from '../../test/support/render-speech.js';
import { SttError } from './errors.js';
import { RNNOISE_EXPORTS, RnnoiseDenoiser, rnnoiseWasmPath } from './rnnoise.js';
import { RnnoiseStt } from './rnnoise-stt.js';
import type { SttEngine, SttResult, SttSearch, SttStream } from './types.js';

afterAll(() => closeRenderers());

function power(x: ArrayLike<number>, from = 0, to = x.length): number {
  let a = 0;
  for (let i = from; i < to; i++) a += (x[i] as number) ** 2;
  return a / Math.max(1, to - from);
}

function denoiseAll(input: Int16Array, piece = 320): Int16Array {
  const d = new RnnoiseDenoiser();
  const parts: Int16Array[] = [];
  for (let i = 0; i < input.length; i += piece) parts.push(d.process(input.subarray(i, i + piece)));
  parts.push(d.flush());
  d.destroy();
  return concat16(parts);
}

/** Lag (samples) at which `out` best matches `ref`, searched over 0..maxLag. */
function bestLag(ref: Int16Array, out: Int16Array, maxLag: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let lag = 0; lag <= maxLag; lag++) {
    let s = 0;
    for (let i = 0; i + lag < out.length && i < ref.length; i++) s += (ref[i] as number) * (out[i + lag] as number);
    if (s > bestScore) {
      bestScore = s;
      best = lag;
    }
  }
  return best;
}

describe('RnnoiseDenoiser', () => {
  it('maps the C functions to the minified exports the pinned package’s own glue uses', () => {
    const glue = readFileSync(rnnoiseWasmPath().replace(/rnnoise\.wasm$/, 'rnnoise.js'), 'utf8');
    expect(glue).toContain(`wasmMemory = Module["asm"]["${RNNOISE_EXPORTS.memory}"]`);
    const byName = {
      ctors: '___wasm_call_ctors',
      rnnoise_create: '_rnnoise_create',
      malloc: '_malloc',
      rnnoise_destroy: '_rnnoise_destroy',
      free: '_free',
      rnnoise_process_frame: '_rnnoise_process_frame',
    } as const;
    for (const [key, cName] of Object.entries(byName)) {
      expect(glue, cName).toContain(`${cName} = Module["${cName}"] = Module["asm"]["${RNNOISE_EXPORTS[key as keyof typeof byName]}"]`);
    }
  });

  it('keeps a visitor’s speech in place and at its level, and takes out most of the noise around it', async () => {
    const speech = await renderUtterance('five five five, one two three', 'flite:rms', { padMs: 400 });
    const noisy = mixNoise(speech, 10, 7, 'babble');
    const out = denoiseAll(noisy, 333); // odd-sized pieces, as a microphone delivers them
    expect(out.length).toBeGreaterThanOrEqual(noisy.length);
    expect(out.length - noisy.length).toBeLessThan(480);
    // The delay is the 10 ms frame plus the two filters (about 190 samples), and constant.
    const lag = bestLag(speech, out, 400);
    expect(lag).toBeGreaterThan(150);
    expect(lag).toBeLessThan(230);
    const aligned = out.subarray(lag, lag + speech.length);
    const lead = 400 * 16 - 400; // the rendered pad before the words, less what the filters smear into it
    const noiseIn = power(noisy, 3200, lead);
    const noiseOut = power(aligned, 3200, lead);
    expect(10 * Math.log10(noiseIn / noiseOut)).toBeGreaterThan(10);
    // Speech level: within 4 dB of the clean speech over the words.
    const words = [lead + 800, speech.length - 400 * 16];
    const ratio = 10 * Math.log10(power(aligned, words[0], words[1]) / power(speech, words[0], words[1]));
    expect(Math.abs(ratio)).toBeLessThan(4);
    // And the residual against the clean speech is smaller than the noise that was mixed in.
    const err = Float64Array.from(aligned, (v, i) => v - (speech[i] as number));
    const noiseMixed = Float64Array.from(noisy, (v, i) => v - (speech[i] as number));
    expect(power(err)).toBeLessThan(power(noiseMixed));
  });

  it('refuses to be used after destroy()', () => {
    const d = new RnnoiseDenoiser();
    d.destroy();
    expect(() => d.process(new Int16Array(160))).toThrow(/after destroy/);
  });
});

/** An inner recognizer that records what reaches it. */
class RecordingStt implements SttEngine {
  readonly kind = 'recording';
  written: number[] = [];
  cancelled = 0;
  closed = false;
  begin(_search: SttSearch): SttStream {
    let cancelled = false;
    return {
      write: (x) => {
        for (const v of x) this.written.push(v);
      },
      partial: () => `${this.written.length}`,
      end: async (): Promise<SttResult> => {
        if (cancelled) throw new SttError('stt_cancelled', 'cancelled');
        return { text: `${this.written.length} samples`, search: 'test', decodeMs: 0 };
      },
      cancel: () => {
        cancelled = true;
        this.cancelled++;
      },
    };
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe.each(['worker', 'main'] as const)('RnnoiseStt (%s thread)', (thread) => {
  it('hands every denoised sample to the recognizer, in order, before its final result', async () => {
    const inner = new RecordingStt();
    const stt = await RnnoiseStt.start(inner, { thread });
    const speech = await renderUtterance('two four six eight', 'flite:kal16', { padMs: 300 });
    const s = stt.begin({ expect: { kind: 'phone' } });
    for (let i = 0; i < speech.length; i += 320) s.write(speech.subarray(i, i + 320));
    const r = await s.end();
    const reference = denoiseAll(speech);
    expect(r.text).toBe(`${reference.length} samples`);
    expect(inner.written).toEqual(Array.from(reference));
    await stt.close();
    expect(inner.closed).toBe(true);
  });

  it('ends a cancelled utterance as cancelled and keeps serving the next one', async () => {
    const inner = new RecordingStt();
    const stt = await RnnoiseStt.start(inner, { thread, closeInner: false });
    const a = stt.begin({ expect: { kind: 'yesno' } });
    a.write(new Int16Array(3200).fill(100));
    a.cancel();
    await expect(a.end()).rejects.toMatchObject({ code: 'stt_cancelled' });
    inner.written = [];
    const b = stt.begin({ expect: { kind: 'yesno' } });
    b.write(new Int16Array(1600).fill(100));
    await expect(b.end()).resolves.toMatchObject({ text: `${1600 + 320 - ((1600 + 320) % 160)} samples` });
    await stt.close();
    expect(inner.closed).toBe(false);
    expect(() => stt.begin({ expect: { kind: 'yesno' } })).toThrow(/closed/);
  });

  it('fails the open answer when its thread fails, then passes answers on as they are', async () => {
    const inner = new RecordingStt();
    const stt = await RnnoiseStt.start(inner, { thread });
    const a = stt.begin({ expect: { kind: 'phone' } });
    a.write(new Int16Array(1600).fill(100));
    // Stands in for the worker thread crashing (its 'error' and 'exit' events call this).
    (stt as unknown as { fail(e: SttError): void }).fail(new SttError('stt_failed', 'The noise reduction thread exited.'));
    await expect(a.end()).rejects.toMatchObject({ code: 'stt_failed' });
    expect(stt.lastError?.message).toMatch(/thread exited/);
    inner.written = [];
    const b = stt.begin({ expect: { kind: 'phone' } });
    b.write(new Int16Array([1, 2, 3]));
    await expect(b.end()).resolves.toMatchObject({ text: '3 samples' });
    await stt.close();
  });
});
