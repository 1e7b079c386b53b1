import { afterAll, describe, expect, it } from 'vitest';
import { FileAudioSink } from '../../drivers/audio/file-sink.js';
import { PushAudioSource } from '../../drivers/audio/push-source.js';
import { configSchema } from '../config/schema.js';
import { closeRenderers, renderUtterance } from '../../test/support/render-speech.js';
import { SttError } from '../../models/stt/errors.js';
import { AudioSpeech } from './audio-speech.js';

afterAll(closeRenderers);

describe('AudioSpeech built from the default speech config', () => {
  it('wakes on "hey jarvis", hears a phone number with Silero VAD and PocketSphinx, and speaks through the sink', async () => {
    const config = configSchema.parse({ speech: { mode: 'audio' } }).speech;
    const mic = new PushAudioSource();
    const sink = new FileAudioSink();
    const speech = await AudioSpeech.create({ config, source: mic, sink });
    try {
      expect(speech.wake?.kind).toBe('openwakeword');
      const wakes: number[] = [];
      const levels: number[] = [];
      speech.on('wake', (d) => wakes.push(d.score));
      speech.on('level', (l) => levels.push(l));
      speech.start();
      await mic.push(await renderUtterance('hey jarvis', 'flite:slt', { padMs: 600 }));
      const deadline = Date.now() + 5000;
      while (!wakes.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(wakes.length).toBe(1);
      expect(Math.max(...levels)).toBeGreaterThan(-40);

      const heard = speech.listener.listen({ fieldId: 'phone', expect: { kind: 'phone' }, timeoutMs: 8000 });
      void mic.push(await renderUtterance('five five five, one two three, four five six seven', 'festival:cmu_us_slt_arctic_hts'));
      expect((await heard)?.text).toBe('five five five one two three four five six seven');

      const spoken = await speech.voice.say('Thanks. And your email?');
      expect(spoken.engine).toBe('festival:cmu_us_slt_arctic_hts');
      expect(sink.utterances.length).toBe(1);

      // RNNoise cleans the answers; if its thread fails, answers still reach the STT and health says why.
      expect(speech.denoise).toBe('rnnoise');
      const rnnoise = (speech as unknown as { rnnoise: { fail(e: Error): void } }).rnnoise; // stands in for a crash
      rnnoise.fail(new SttError('stt_failed', 'The noise reduction thread exited.'));
      expect(speech.denoise).toMatch(/^off: RNNoise failed \(The noise reduction thread exited\.\); answers reach the STT undenoised$/);
      const again = speech.listener.listen({ fieldId: 'phone', expect: { kind: 'phone' }, timeoutMs: 8000 });
      void mic.push(await renderUtterance('two one two, five five five, zero one nine nine', 'festival:cmu_us_slt_arctic_hts'));
      expect((await again)?.text).toBe('two one two five five five zero one nine nine');
    } finally {
      await speech.close();
    }
  });

  it('names the bad wake setting by its config path', async () => {
    const bad = configSchema.safeParse({ speech: { wake: { engine: 'keyphrase', phrase: '' } } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path.join('.')).toBe('speech.wake.phrase');
  });
});
