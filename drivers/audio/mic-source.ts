/**
 * Live microphone through node-record-lpcm16 (arecord), 16 kHz mono S16_LE, cut into 20 ms frames.
 * `open()` checks the device in a child process first and throws audio_no_sound_card when there is none.
 */
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { AudioError } from './errors.js';
import { assertSoundDevice } from './soundcard.js';
import { FRAME_MS } from './frames.js';
import { FRAME_SAMPLES, SAMPLE_RATE, type AudioFrame, type AudioSource } from './types.js';

interface Recording {
  stream(): Readable;
  stop(): void;
}

export interface MicOptions {
  /** ALSA device name for arecord -D (default: ALSA's default). */
  device?: string;
}

export class MicAudioSource implements AudioSource {
  readonly kind = 'microphone';
  private rec: Recording | undefined;

  private constructor(private readonly opts: MicOptions) {}

  /** Checks the device, then starts arecord. */
  static async open(opts: MicOptions = {}): Promise<MicAudioSource> {
    await assertSoundDevice('capture', opts.device);
    const m = new MicAudioSource(opts);
    const require = createRequire(import.meta.url);
    // node-record-lpcm16 is CommonJS without types: its surface is the two methods in `Recording`.
    const recorder = require('node-record-lpcm16') as { record(o: Record<string, unknown>): Recording };
    m.rec = recorder.record({ sampleRate: SAMPLE_RATE, channels: 1, recorder: 'arecord', audioType: 'raw', device: opts.device });
    return m;
  }

  async *frames(signal?: AbortSignal): AsyncIterable<AudioFrame> {
    if (!this.rec) throw new AudioError('audio_closed', 'microphone is closed');
    const stream = this.rec.stream();
    let pending = Buffer.alloc(0);
    let n = 0;
    const onAbort = () => stream.destroy();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer | string>) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'binary') : chunk;
        pending = Buffer.concat([pending, buf]);
        while (pending.length >= FRAME_SAMPLES * 2) {
          const frame = new Int16Array(FRAME_SAMPLES);
          for (let i = 0; i < FRAME_SAMPLES; i++) frame[i] = pending.readInt16LE(i * 2);
          pending = pending.subarray(FRAME_SAMPLES * 2);
          yield { samples: frame, timeMs: n++ * FRAME_MS };
        }
      }
    } catch (e) {
      if (signal?.aborted) return;
      throw new AudioError('audio_device_failed', `microphone stopped: ${String(e)}`, { cause: e });
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    this.rec?.stop();
    this.rec = undefined;
  }
}
