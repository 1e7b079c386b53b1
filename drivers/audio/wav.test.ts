import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav, parseWav, readWav16k, toRuntimeFormat, writeWavFile } from './wav.js';
import { resample, toMono } from './resample.js';

function sine(freq: number, rate: number, seconds: number, amp = 10000): Int16Array {
  const n = Math.round(rate * seconds);
  return Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * freq * i) / rate)));
}
function zeroCrossings(s: Int16Array): number {
  let z = 0;
  for (let i = 1; i < s.length; i++) if ((s[i - 1] as number) < 0 !== (s[i] as number) < 0) z++;
  return z;
}
function rms(s: Int16Array): number {
  let a = 0;
  for (const v of s) a += v * v;
  return Math.sqrt(a / Math.max(1, s.length));
}

describe('wav', () => {
  it('round-trips PCM16 mono', () => {
    const s = sine(440, 16000, 0.1);
    const w = parseWav(encodeWav(s, 16000));
    expect(w.sampleRate).toBe(16000);
    expect(w.channels).toBe(1);
    expect(Array.from(w.samples)).toEqual(Array.from(s));
  });

  it('converts 44.1 kHz stereo to 16 kHz mono keeping the pitch', async () => {
    const mono = sine(500, 44100, 1);
    const stereo = new Int16Array(mono.length * 2);
    mono.forEach((v, i) => {
      stereo[2 * i] = v;
      stereo[2 * i + 1] = v;
    });
    const dir = mkdtempSync(join(tmpdir(), 'wav-'));
    await writeWavFile(join(dir, 'a.wav'), stereo, 44100, 2);
    const out = await readWav16k(join(dir, 'a.wav'));
    expect(out.length).toBe(16000);
    // 500 Hz -> ~1000 zero crossings per second
    expect(Math.abs(zeroCrossings(out) - 1000)).toBeLessThan(10);
    expect(Math.abs(rms(out) - rms(mono))).toBeLessThan(rms(mono) * 0.05);
  });

  it('removes content above the new Nyquist when downsampling', () => {
    const hi = sine(7000, 32000, 0.5); // above 4 kHz Nyquist of 8 kHz
    const out = resample(hi, 32000, 8000);
    expect(rms(out)).toBeLessThan(rms(hi) * 0.1);
    const lo = resample(sine(1000, 32000, 0.5), 32000, 8000);
    expect(rms(lo)).toBeGreaterThan(rms(hi) * 0.9);
  });

  it('averages channels', () => {
    expect(Array.from(toMono(Int16Array.from([100, 300, -200, 0]), 2))).toEqual([200, -100]);
  });

  it('reads 8-bit and float WAVs', () => {
    const f = Buffer.from(encodeWav(Int16Array.from([0, 0]), 8000));
    // patch into a 32-bit float header with 2 samples of 0.5
    const buf = Buffer.alloc(44 + 8);
    f.copy(buf, 0, 0, 44);
    buf.writeUInt16LE(3, 20);
    buf.writeUInt16LE(32, 34);
    buf.writeUInt32LE(8, 40);
    buf.writeFloatLE(0.5, 44);
    buf.writeFloatLE(-0.5, 48);
    const w = parseWav(buf);
    expect(Array.from(w.samples)).toEqual([16384, -16384]);
    expect(toRuntimeFormat(w).length).toBe(4);
  });

  it('refuses what is not a WAV with a coded error', () => {
    expect(() => parseWav(Buffer.from('hello world, not a wav'), 'x.wav')).toThrowError(expect.objectContaining({ code: 'audio_bad_wav' }));
  });
});
