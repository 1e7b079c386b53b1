/**
 * What a closed grammar hears when the visitor says something other than an answer, and whether ordinary answers
 * stay answers once the grammars also hear commands, questions and requests for a person. Rendered speech fed
 * straight to the STT (as the endpointer passes it), clean or with noise; read by the dialog's own readers
 * (`asksForPerson`, `answerQuestion`, `spokenCommand`, with its two-hearings rule `sideTalk`).
 */
import { fieldType } from '../../device/intake/types/index.js';
import { questionPatterns, answerQuestion } from '../../device/intake/questions.js';
import type { BusinessProfile } from '../../device/intake/business-schema.js';
import type { IntakeField } from '../../device/config/schema.js';
import { sideTalk, sideTalkAt } from '../../device/visit/dialog.js';
import type { Expectation } from '../../models/speech.js';
import type { SttEngine, SttResult } from '../../models/stt/types.js';
import { asksForPerson, COMMAND_PHRASES, PERSON_REQUEST_PATTERNS, spokenCommand } from '../../models/understanding/index.js';
import { mixNoise, renderUtterance, type RenderVoice } from './render-speech.js';

export type SideKind = 'person' | 'question' | 'command';

/** What the visitor says instead of an answer, as people say it (not copied from the grammar's phrasings). */
export const SIDE_SAYINGS: { say: string; kind: SideKind }[] = [
  { say: 'can I talk to someone', kind: 'person' },
  { say: 'I want to speak to a person', kind: 'person' },
  { say: "I'd like to talk to a real person", kind: 'person' },
  { say: 'can I speak with the manager', kind: 'person' },
  { say: 'get me a human', kind: 'person' },
  { say: 'is there someone here', kind: 'person' },
  { say: "I don't want to talk to a robot", kind: 'person' },
  { say: 'let me talk to somebody', kind: 'person' },
  { say: 'human please', kind: 'person' },
  { say: 'can someone help me', kind: 'person' },
  { say: 'are you open on Sunday?', kind: 'question' },
  { say: 'when do you close today?', kind: 'question' },
  { say: 'how much is a haircut?', kind: 'question' },
  { say: 'how much does color cost?', kind: 'question' },
  { say: 'where are you located?', kind: 'question' },
  { say: 'is there parking?', kind: 'question' },
  { say: 'do you take cards?', kind: 'question' },
  { say: 'what are your hours?', kind: 'question' },
  { say: 'what time do you open tomorrow?', kind: 'question' },
  { say: 'can I pay by card?', kind: 'question' },
  { say: 'start over', kind: 'command' },
  { say: 'repeat that', kind: 'command' },
  { say: 'skip', kind: 'command' },
  { say: "I don't know", kind: 'command' },
  { say: 'let me spell it', kind: 'command' },
  { say: 'say that again', kind: 'command' },
];

/** How the dialog reads a hearing: as which side kind (under its two-hearings rule), or as an answer (null). */
export function sideKindOf(heard: { text: string; firstPass?: string }, profile: BusinessProfile): SideKind | null {
  const h = { ...heard, speechStartAt: 0, speechEndAt: 0, engine: 'test' };
  const now = { now: new Date('2026-12-07T15:00:00Z'), timezone: 'UTC' };
  if (sideTalk(h, asksForPerson)) return 'person';
  if (sideTalk(h, (t) => answerQuestion(t, profile, now) !== null)) return 'question';
  if (sideTalk(h, (t) => spokenCommand(t) !== null)) return 'command';
  return null;
}

/** What a dialog with this profile lets the grammars hear besides answers at a prompt (VoiceDialog's own rule). */
export function alsoHearFor(profile: BusinessProfile, fieldId: string, expect: Expectation): readonly string[] | undefined {
  return sideTalkAt(fieldId, expect, { commands: COMMAND_PHRASES, talk: [...PERSON_REQUEST_PATTERNS, ...questionPatterns(profile)] });
}

export function expectationOf(field: IntakeField): Expectation {
  return fieldType(field.kind).expectation(field);
}

const PAD_MS = 250;

/** Renders `text` (with noise at `snrDb` when given) and decodes it with `search`. */
export async function hearRendered(
  stt: SttEngine,
  text: string,
  voice: RenderVoice,
  search: { expect: Expectation; vocabulary?: string[]; alsoHear?: readonly string[] },
  noise?: { snrDb: number; seed: number },
): Promise<SttResult> {
  const clean = await renderUtterance(text, voice, { padMs: PAD_MS });
  const audio = noise ? mixNoise(clean, noise.snrDb, noise.seed, 'babble') : clean;
  const st = stt.begin(search);
  for (let i = 0; i < audio.length; i += 320) st.write(audio.subarray(i, i + 320));
  return st.end();
}
