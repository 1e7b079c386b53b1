import { describe, expect, it } from 'vitest';
import { normalizeForSpeech, splitSentences } from '../../models/tts/normalize.js';
import { parseConfig } from '../config/load.js';
import { fixedLines } from './fixed-lines.js';

describe('fixed lines', () => {
  it("holds the prompts, the greeting and the messages' sentences without placeholders, as the voice says them", () => {
    const config = parseConfig({
      business: { name: 'Bella Salon', farewell: 'Ciao, see you soon!' },
      messages: { readBack: 'Let me read it back. {summary}. Is that right?' },
    });
    const lines = fixedLines(config);
    for (const f of config.intake.fields) for (const s of splitSentences(normalizeForSpeech(f.prompt))) expect(lines).toContain(s);
    expect(lines).toContain('Let me read it back.'); // the business's own words
    expect(lines).not.toContain('Let me check.');
    expect(lines).toContain('Is that right?');
    expect(lines).toContain('Ciao, see you soon!');
    expect(lines.some((l) => l.includes('{'))).toBe(false);
    expect(new Set(lines).size).toBe(lines.length);
  });
});
