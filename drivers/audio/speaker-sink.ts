/**
 * Speaker through the `speaker` npm package (ALSA). The package is imported dynamically, only after the device
 * check passed: loading it without a working ALSA default aborts the process. Output is 16 kHz mono int16.
 */
import type { Writable } from 'node:stream';
import { AudioError } from './errors.js';
import { resample } from './resample.js';
import { assertSoundDevice } from './soundcard.js';
import { SAMPLE_RATE, type AudioSink } from './types.js';

type SpeakerCtor = new (o: { channels: number; bitDepth: number; sampleRate: number; signed?: boolean }) => Writable;

export class SpeakerAudioSink implements AudioSink {
  readonly kind = 'speaker';
  private out: Writable | undefined;
  private queuedMs = 0;
  private playStart = 0;

  private constructor(private readonly Speaker: SpeakerCtor) {}

  static async open(): Promise<SpeakerAudioSink> {
    await assertSoundDevice('playback');
    let mod: { default: SpeakerCtor };
    try {
      mod = (await import('speaker')) as unknown as { default: SpeakerCtor };
    } catch (e) {
      throw new AudioError('audio_device_failed', `the speaker package failed to load (${String(e)}); run npm ci with libasound2-dev installed`, { cause: e });
    }
    return new SpeakerAudioSink(mod.default);
  }

  private stream(): Writable {
    if (!this.out) {
      this.out = new this.Speaker({ channels: 1, bitDepth: 16, sampleRate: SAMPLE_RATE, signed: true });
      this.out.on('error', () => undefined); // reported through write()
      this.playStart = Date.now();
      this.queuedMs = 0;
    }
    return this.out;
  }

  write(samples: Int16Array, sampleRate: number): Promise<void> {
    const s = sampleRate === SAMPLE_RATE ? samples : resample(samples, sampleRate, SAMPLE_RATE);
    const out = this.stream();
    this.queuedMs += (s.length * 1000) / SAMPLE_RATE;
    const buf = Buffer.from(s.buffer, s.byteOffset, s.byteLength);
    return new Promise((resolve, reject) => {
      out.write(buf, (err) => (err ? reject(new AudioError('audio_device_failed', `speaker write failed: ${err.message}`, { cause: err })) : resolve()));
    });
  }

  async drain(): Promise<void> {
    const out = this.out;
    if (!out) return;
    this.out = undefined;
    await new Promise<void>((resolve) => {
      out.once('close', () => resolve());
      out.end();
    });
  }

  stop(): void {
    const out = this.out;
    this.out = undefined;
    out?.destroy();
  }

  /** ms of audio written to the current stream that should still be playing. */
  pendingMs(): number {
    return this.out ? Math.max(0, this.playStart + this.queuedMs - Date.now()) : 0;
  }

  async close(): Promise<void> {
    await this.drain();
  }
}
