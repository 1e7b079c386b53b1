/**
 * The staff "hear the prompt" route on its own: who may call it, what text it takes, how often, and what it says
 * when the voice cannot speak; and, with the product's TTS (Flite here, fast), that it answers a real WAV.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { parseWav } from '../../../drivers/audio/wav.js';
import { TtsError } from '../../../models/tts/errors.js';
import { parseConfig } from '../../config/load.js';
import { PROMPT_MAX_CHARS } from '../../intake/field-schema.js';
import type { RenderedPrompt } from '../../speech/prompt-voice.js';
import { PREVIEW_BURST, registerSpeechPreviewRoute, SPEECH_PREVIEW_PATH, type SpeechPreviewDeps } from './speech-preview.js';

const config = parseConfig({ speech: { tts: { engine: 'flite' } } });
const auth = { check: (h: string | undefined) => h === 'Bearer staff-token' };
let app: FastifyInstance;
afterEach(() => app?.close());

async function server(deps: Partial<SpeechPreviewDeps> = {}): Promise<FastifyInstance> {
  app = Fastify();
  registerSpeechPreviewRoute(app, { config: () => config, auth, ...deps });
  await app.ready();
  return app;
}

const post = (body: unknown, authorization = 'Bearer staff-token') =>
  app.inject({ method: 'POST', url: SPEECH_PREVIEW_PATH, payload: body as object, headers: authorization ? { authorization } : {} });

describe('POST /api/staff/speech/preview', () => {
  it('refuses without a staff session (401), before rendering anything', async () => {
    let rendered = 0;
    await server({ voice: { render: async () => (rendered++, { wav: Buffer.alloc(0), engine: 'x', durationMs: 0 }), close: async () => undefined } });
    expect((await post({ text: 'What is your name?' }, '')).statusCode).toBe(401);
    expect((await post({ text: 'What is your name?' }, 'Bearer guessed')).statusCode).toBe(401);
    expect(rendered).toBe(0);
  });

  it('refuses text longer than a prompt may be, empty text, control characters and other keys (400, saying what)', async () => {
    await server();
    const long = await post({ text: 'a'.repeat(PROMPT_MAX_CHARS + 1) });
    expect(long.statusCode).toBe(400);
    expect(long.json().message).toBe(`text: at most ${PROMPT_MAX_CHARS} characters, as a prompt may have`);
    expect((await post({ text: '   ' })).json().message).toBe('text: write the line to hear');
    expect((await post({ text: 'say (quit)\u0007' })).json().message).toBe('text: control characters are not allowed');
    expect((await post({ text: 'hi', voice: 'rms' })).statusCode).toBe(400);
    expect((await post({})).statusCode).toBe(400);
  });

  it('limits how often a client renders (429 with retry-after)', async () => {
    const now = 1_000_000;
    await server({
      now: () => now,
      voice: { render: async (): Promise<RenderedPrompt> => ({ wav: Buffer.from('RIFF'), engine: 'fake', durationMs: 1 }), close: async () => undefined },
    });
    for (let i = 0; i < PREVIEW_BURST; i++) expect((await post({ text: `line ${i}` })).statusCode).toBe(200);
    const limited = await post({ text: 'one more' });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('says clearly when the voice cannot speak (503)', async () => {
    await server({
      voice: {
        render: async () => {
          throw new TtsError('tts_engine_missing', 'flite is not installed');
        },
        close: async () => undefined,
      },
    });
    const r = await post({ text: 'What is your name?' });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toMatchObject({ error: 'tts_unavailable' });
    expect(r.json().message).toMatch(/^The robot's voice is not available: flite is not installed\. Install the speech packages/);
  });

  it("renders the line with the product's TTS as a WAV", async () => {
    await server();
    const r = await post({ text: 'What is your phone number?' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('audio/wav');
    expect(r.headers['x-tts-engine']).toMatch(/^flite/);
    expect(r.rawPayload.subarray(0, 4).toString('latin1')).toBe('RIFF');
    const wav = parseWav(r.rawPayload);
    expect(wav.samples.length / wav.sampleRate).toBeGreaterThan(0.8); // a spoken sentence, not a click
  });
});
