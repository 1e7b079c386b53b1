/**
 * The lines the robot says word for word whatever the visitor answered: the greeting, each field's prompt and
 * re-prompt, the farewell, and every sentence of its messages that holds no placeholder ("Let me check.", "Sorry, I
 * didn't catch that."). Synthesized ahead (CachedTts.warm) so a reply that starts with one plays its first sample at
 * once, instead of after Festival's first sentence (100-300 ms, more on a busy CPU).
 */
import { normalizeForSpeech, splitSentences } from '../../models/tts/normalize.js';
import type { Config } from '../config/schema.js';
import { DIALOG_MESSAGES } from '../intake/messages.js';
import { messagesOf } from '../visit/fields.js';

/** As the voice says them (normalizeForSpeech), one sentence each, without repeats. */
export function fixedLines(config: Config): string[] {
  const messages = messagesOf(config);
  const lines = [
    messages.say('greeting'),
    ...config.intake.fields.flatMap((f) => [f.prompt, ...(f.reprompt ? [f.reprompt] : [])]),
    messages.say('farewell'),
    ...Object.keys(DIALOG_MESSAGES).map((key) => messages.say(key)),
  ];
  const out = new Set<string>();
  for (const line of lines) for (const sentence of splitSentences(normalizeForSpeech(line))) if (!/[{}]/.test(sentence)) out.add(sentence);
  return [...out];
}
