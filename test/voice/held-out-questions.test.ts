/**
 * The held-out questions set (test/support/held-out-questions.ts) in audio: other businesses' questions, requests
 * for a person and ordinary answers, rendered at test time in voices the side-talk test does not use, decoded by the
 * real PocketSphinx with each business's own grammars (its services, holidays and FAQ phrasings in the side phrases:
 * device/intake/questions.ts questionPatterns), and read as the dialog reads a prompt's hearing (a request for a
 * person, a question, else an answer; a twice-decoded answer counts as side talk only when both hearings say so).
 *
 * Prompts: the name, phone and email grammars, the consent's yes/no, the read-back and a free-text reason (the
 * language model), in turn. CI runs a subset (two voices, clean); HELD_OUT_AUDIO_FULL=1 runs every item in three
 * voices and prints the figures for the closing note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../device/config/load.js';
import type { IntakeField } from '../../device/config/schema.js';
import type { BusinessProfile } from '../../device/intake/business-schema.js';
import { answerQuestion } from '../../device/intake/questions.js';
import { readBackExpectation, sideTalk } from '../../device/visit/dialog.js';
import type { Expectation } from '../../models/speech.js';
import { PocketSphinxStt } from '../../models/stt/pocketsphinx/engine.js';
import type { SttResult } from '../../models/stt/types.js';
import { asksForPerson } from '../../models/understanding/index.js';
import { answeredRight, HELD_OUT_BUSINESSES, ORDINARY_ANSWERS, PERSON_REQUESTS, type HeldOutBusiness } from '../support/held-out-questions.js';
import { spoken } from '../support/held-out-score.js';
import { closeRenderers, type RenderVoice } from '../support/render-speech.js';
import { alsoHearFor, expectationOf, hearRendered } from '../support/side-talk.js';

const FULL = !!process.env.HELD_OUT_AUDIO_FULL;
const VOICES: RenderVoice[] = FULL ? ['flite:kal', 'festival:cmu_us_slt_arctic_hts', 'flite:awb'] : ['flite:kal', 'festival:cmu_us_slt_arctic_hts'];
/** Every `step`-th item in CI. */
const every = <T>(xs: readonly T[], step: number): T[] => (FULL ? [...xs] : xs.filter((_, i) => i % step === 0));

/** The form the prompts come from: the default name, phone, email and consent, and a reason said in free words. */
const FIELDS: IntakeField[] = parseConfig({
  intake: {
    fields: [
      { id: 'name', kind: 'name', label: 'Your name', prompt: 'May I have your name?' },
      { id: 'phone', kind: 'phone', label: 'Phone', prompt: 'Your phone number?' },
      { id: 'email', kind: 'email', label: 'Email', prompt: 'Your email?' },
      { id: 'reason', kind: 'text', label: 'Reason', prompt: 'What brings you in today?' },
      { id: 'consent', kind: 'consent', label: 'Consent', prompt: 'May we keep your details?', text: 'We keep your details to contact you.' },
    ],
  },
}).intake.fields;
const PROMPTS = ['name', 'phone', 'email', 'consent', 'confirm', 'reason'];
const READ_BACK = readBackExpectation(FIELDS.filter((f) => f.kind !== 'consent'));
const expectAt = (id: string): Expectation => (id === 'confirm' ? READ_BACK : expectationOf(FIELDS.find((f) => f.id === id)!));
/** The ordinary answers' prompts here (the others, "how did you hear of us", are choices of a form not built here). */
const ANSWERED_AT: Record<string, string> = { name: 'name', phone: 'phone', email: 'email', reason: 'reason', consent: 'consent', confirm: 'confirm' };

const stt = new PocketSphinxStt();
beforeAll(() => stt.ready());
afterAll(async () => {
  await stt.close();
  await closeRenderers();
});

type Kind = 'person' | 'question' | 'answer';
function readHeard(r: SttResult, b: HeldOutBusiness): { kind: Kind; answer?: string } {
  const h = { text: r.text, ...(r.firstPass !== undefined ? { firstPass: r.firstPass } : {}), speechStartAt: 0, speechEndAt: 0, engine: 'test' };
  const ctx = { now: b.now, timezone: b.timezone };
  if (sideTalk(h, asksForPerson)) return { kind: 'person' };
  const ask = (t: string) => answerQuestion(t, b.profile, ctx);
  if (sideTalk(h, (t) => ask(t) !== null)) return { kind: 'question', answer: ask(r.text)! };
  return { kind: 'answer' };
}

async function hear(said: string, at: string, profile: BusinessProfile, voice: RenderVoice): Promise<SttResult> {
  const expect = expectAt(at);
  const alsoHear = alsoHearFor(profile, at, expect);
  return hearRendered(stt, spoken(said), voice, { expect, ...(alsoHear ? { alsoHear } : {}) });
}

describe('held-out questions and requests for a person in audio', () => {
  it(
    'answers other businesses’ questions, hears requests for a person, and takes no ordinary answer for either',
    async () => {
      const t0 = Date.now();
      const q = { n: 0, ok: 0, misses: [] as string[] };
      const p = { n: 0, ok: 0, misses: [] as string[] };
      const triggers: string[] = [];
      let answers = 0;
      const businesses = FULL ? HELD_OUT_BUSINESSES : HELD_OUT_BUSINESSES.filter((b) => ['clinic', 'salon', 'garage'].includes(b.id));
      let turn = 0;
      for (const voice of VOICES) {
        for (const b of businesses) {
          for (const item of every(b.questions, 3)) {
            const at = PROMPTS[turn++ % PROMPTS.length]!;
            const r = await hear(item.say, at, b.profile, voice);
            const got = readHeard(r, b);
            q.n++;
            if (got.kind === 'question' && answeredRight(got.answer!, item.want, b.profile)) q.ok++;
            else
              q.misses.push(
                `${voice} ${b.id} at ${at}: "${item.say}" heard "${r.text}"${r.firstPass !== undefined ? ` / "${r.firstPass}"` : ''} -> ${got.kind}${got.answer ? ` "${got.answer}"` : ''}`,
              );
          }
        }
        const first = businesses[0]!;
        for (const item of every(PERSON_REQUESTS, 5)) {
          const at = PROMPTS[turn++ % PROMPTS.length]!;
          const r = await hear(item.say, at, first.profile, voice);
          p.n++;
          if (readHeard(r, first).kind === 'person') p.ok++;
          else p.misses.push(`${voice} at ${at}: "${item.say}" heard "${r.text}"${r.firstPass !== undefined ? ` / "${r.firstPass}"` : ''}`);
        }
        for (const [i, item] of every(ORDINARY_ANSWERS, 3).entries()) {
          const at = ANSWERED_AT[item.at];
          if (!at) continue;
          const b = businesses[i % businesses.length]!;
          const r = await hear(item.say, at, b.profile, voice);
          answers++;
          const got = readHeard(r, b);
          if (got.kind !== 'answer') triggers.push(`${voice} ${b.id} at ${at}: "${item.say}" heard "${r.text}" -> ${got.kind}`);
        }
      }
      const pct = (t: { n: number; ok: number }) => `${t.ok}/${t.n} (${((100 * t.ok) / t.n).toFixed(0)}%)`;
      const lines = [
        `held-out questions in audio: ${VOICES.join(', ')}, clean; ${((Date.now() - t0) / 1000).toFixed(0)} s`,
        `  questions answered right ${pct(q)}; person requests recognised ${pct(p)}; ordinary answers taken for either ${triggers.length}/${answers}`,
        ...q.misses.map((m) => `    question missed: ${m}`),
        ...p.misses.map((m) => `    person missed: ${m}`),
        ...triggers.map((m) => `    FALSE TRIGGER: ${m}`),
      ];
      console.log(lines.join('\n'));
      expect(triggers).toEqual([]);
      if (FULL) return; // the whole set is reported, not held to the subset's floors
      expect(q.ok / q.n).toBeGreaterThanOrEqual(FLOOR.question);
      expect(p.ok / p.n).toBeGreaterThanOrEqual(FLOOR.person);
    },
    FULL ? 3_600_000 : 600_000,
  );
});

/**
 * Measured (CI subset, load ~8): questions 40/48 (83%), person requests 23/26 (88%), no ordinary answer taken for
 * either in 42 (before this set's changes to the matchers and grammars: 13/48, 17/26 and 2 of 42). The whole set
 * (HELD_OUT_AUDIO_FULL=1, three voices, nine businesses, load ~11): questions 361/534 (68%), person requests
 * 128/186 (69%), none of 192 ordinary answers. The floors leave a margin: the live pass's last partial (the other
 * hearing a twice-decoded answer needs to agree) depends on how fast the worker keeps up with audio fed at once, so
 * a loaded machine loses a few ("can somebody help me" / "can somebody").
 */
const FLOOR = { question: 0.65, person: 0.7 };
