import { describe, expect, it } from 'vitest';
import { PorcupineErrors } from '@picovoice/porcupine-node';
import { createPorcupine, porcupineStartError } from './porcupine.js';
import { WakeWordError } from './errors.js';

describe('Porcupine (needs a Picovoice AccessKey validated online)', () => {
  it('refuses a missing AccessKey with a coded error that says what to set', async () => {
    for (const accessKey of [undefined, '', '   ']) {
      const err = await createPorcupine({ accessKey, keyword: 'jarvis' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WakeWordError);
      expect(err).toMatchObject({ code: 'porcupine_access_key_missing' });
      expect((err as Error).message).toContain('speech.wake.porcupine.accessKey');
      expect((err as Error).message).toContain('openWakeWord');
    }
  });

  it('reports a key the real engine cannot parse as refused', async () => {
    const fakeKey = Buffer.alloc(42, 7).toString('base64');
    const err = await createPorcupine({ accessKey: fakeKey, keyword: 'jarvis' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'porcupine_access_key_refused' });
  });

  it('refuses an unknown keyword before touching the key', async () => {
    const err = await createPorcupine({ accessKey: 'x', keyword: 'hey frontdesk' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'porcupine_unknown_keyword' });
    expect((err as Error).message).toContain('jarvis');
  });

  it('maps activation failures (no network) to a clear "could not validate" error', () => {
    const offline = porcupineStartError(new PorcupineErrors.PorcupineActivationError('Failed to reach the server'));
    expect(offline.code).toBe('porcupine_access_key_unverified');
    expect(offline.message).toMatch(/internet/);
    expect(porcupineStartError(new PorcupineErrors.PorcupineActivationThrottledError('throttled')).code).toBe('porcupine_access_key_unverified');
    expect(porcupineStartError(new PorcupineErrors.PorcupineActivationRefusedError('refused')).code).toBe('porcupine_access_key_refused');
    expect(porcupineStartError(new PorcupineErrors.PorcupineActivationLimitReachedError('limit')).code).toBe('porcupine_access_key_refused');
    expect(porcupineStartError(new PorcupineErrors.PorcupineIOError('disk')).code).toBe('wake_model_load');
  });
});
