/**
 * POST /api/staff/speech/preview {"text": "..."} -> audio/wav: the staff intake editor's "hear the prompt". Renders
 * a prompt or re-prompt (at most PROMPT_MAX_CHARS, printable text) with the product's TTS, the configured engine and
 * voice (device/speech/prompt-voice.ts). Staff session only (401); a POST, so the guard checks its Origin; rate
 * limited per client (429), since each line costs a Festival run. 503 with the reason when the voice cannot speak.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config/schema.js';
import { PROMPT_MAX_CHARS } from '../../intake/field-schema.js';
import { PromptVoice } from '../../speech/prompt-voice.js';
import { TtsError } from '../../../models/tts/errors.js';
import type { PinAuth } from '../pin-auth.js';
import { RateLimiter } from '../rate-limit.js';
import { badRequest, fail } from '../replies.js';

export const SPEECH_PREVIEW_PATH = '/api/staff/speech/preview';
/** Lines a client may render at once, then one more every PREVIEW_REFILL_MS. */
export const PREVIEW_BURST = 6;
export const PREVIEW_REFILL_MS = 2_000;

const previewSchema = z
  .object({
    text: z
      .string()
      .trim()
      .min(1, 'write the line to hear')
      .max(PROMPT_MAX_CHARS, `at most ${PROMPT_MAX_CHARS} characters, as a prompt may have`)
      // Control characters have no sound and could reach the TTS engine's command language.
      .refine((t) => !/[\p{Cc}\p{Cf}]/u.test(t.replace(/[\n\t]/g, ' ')), 'control characters are not allowed'),
  })
  .strict();

export interface SpeechPreviewDeps {
  config: () => Config;
  auth: Pick<PinAuth, 'check'>;
  now?: () => number;
  /** The voice that renders (tests inject one that fails). */
  voice?: Pick<PromptVoice, 'render' | 'close'>;
}

export function registerSpeechPreviewRoute(app: FastifyInstance, deps: SpeechPreviewDeps): void {
  const voice = deps.voice ?? new PromptVoice();
  const limiter = new RateLimiter(PREVIEW_BURST, PREVIEW_REFILL_MS, deps.now);
  app.addHook('onClose', async () => voice.close());

  app.post(SPEECH_PREVIEW_PATH, async (req, reply) => {
    if (!deps.auth.check(req.headers.authorization)) return fail(reply, 401, { error: 'unauthorized', message: 'Log in with the staff PIN first.' });
    const body = previewSchema.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    const waitMs = limiter.take(req.ip);
    if (waitMs > 0)
      return fail(reply.header('retry-after', String(Math.ceil(waitMs / 1000))), 429, {
        error: 'rate_limited',
        message: `Too many lines rendered; try again in ${Math.ceil(waitMs / 1000)} seconds.`,
      });
    try {
      const r = await voice.render(body.data.text, deps.config().speech);
      return reply.header('content-type', 'audio/wav').header('cache-control', 'no-store').header('x-tts-engine', r.engine).send(r.wav);
    } catch (err) {
      if (!(err instanceof TtsError)) throw err;
      const fix =
        err.code === 'tts_engine_missing' || err.code === 'tts_voice_missing'
          ? ' Install the speech packages (festival, festvox-us-slt-hts, flite) or choose another voice in speech.tts.'
          : ' Try again; if it keeps failing, run `frontdesk doctor`.';
      return fail(reply, 503, { error: 'tts_unavailable', message: `The robot's voice is not available: ${err.message.replace(/\.?$/, '.')}${fix}` });
    }
  });
}
