import { describe, expect, it } from 'vitest';
import { createWakeWordEngine, wakeWordLicenceNotice } from './factory.js';
import { ScriptedKeyphraseSpotter } from './scripted.js';
import { WakeWordError } from './errors.js';

describe('createWakeWordEngine', () => {
  it('builds openWakeWord with the default phrase and threshold', async () => {
    const engine = await createWakeWordEngine({ engine: 'openwakeword' }, { thread: 'inline' });
    try {
      expect(engine.kind).toBe('openwakeword');
      expect(engine.phrase).toBe('hey jarvis');
      expect(await engine.process(new Int16Array(320 * 10))).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('builds the keyphrase engine over the given spotter, passing phrase and threshold', async () => {
    const spotter = new ScriptedKeyphraseSpotter([100]);
    const engine = await createWakeWordEngine({ engine: 'keyphrase', phrase: 'Hello Bella', threshold: 1e-25 }, { keyphraseSpotter: () => spotter });
    expect(engine.kind).toBe('pocketsphinx-keyphrase');
    expect(spotter.begun).toEqual([{ phrase: 'hello bella', threshold: 1e-25 }]);
    expect(await engine.process(new Int16Array(3200))).toHaveLength(1);
    await engine.close();
  });

  it('builds the keyphrase engine on PocketSphinx by default', async () => {
    const engine = await createWakeWordEngine({ engine: 'keyphrase', phrase: 'hello bella salon' });
    expect(engine.phrase).toBe('hello bella salon');
    await engine.close();
  });

  it('gives the Porcupine AccessKey error when none is configured', async () => {
    await expect(createWakeWordEngine({ engine: 'porcupine', keyword: 'jarvis' })).rejects.toMatchObject({
      code: 'porcupine_access_key_missing',
      message: expect.stringContaining('Picovoice Console'),
    });
  });

  it('refuses a bad setting with its config path', async () => {
    const err = await createWakeWordEngine({ engine: 'openwakeword', threshold: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WakeWordError);
    expect(err).toMatchObject({ code: 'wake_bad_config', message: expect.stringContaining('speech.wake.threshold') });
    const phrase = await createWakeWordEngine({ engine: 'openwakeword', phrase: 'ok_robot' as never }).catch((e: unknown) => e);
    expect(phrase).toMatchObject({ code: 'wake_bad_config', message: expect.stringContaining('speech.wake.phrase') });
  });

  it('names the licence to show only for openWakeWord', () => {
    expect(wakeWordLicenceNotice({ engine: 'openwakeword' })).toMatch(/non-?commercial/i);
    expect(wakeWordLicenceNotice({ engine: 'keyphrase', phrase: 'hello' })).toBeUndefined();
  });
});
