/**
 * Commands, questions and requests for a person in the audio grammars, measured on rendered speech through the
 * real PocketSphinx (its worker, its whole-utterance pass): each saying at a field prompt is heard as what it is,
 * and ordinary answers (names, numbers, addresses, services, yes/no) are never heard as a request for a person or
 * a question. The same answers are decoded with and without the side phrases, so what they cost is seen.
 *
 * CI runs a small set (one voice, two visits' answers, clean and 15 dB babble, about a minute); SIDE_TALK_FULL=1
 * runs every fixture visit's answers in three voices, each also without the side phrases, and prints the table
 * docs/voice-accuracy.md quotes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIELDS } from '../../device/config/schema.js';
import { readBackExpectation } from '../../device/visit/dialog.js';
import type { IntakeField } from '../../device/config/schema.js';
import { PocketSphinxStt } from '../../models/stt/pocketsphinx/engine.js';
import { spokenYesNo, understand } from '../../models/understanding/index.js';
import { closeRenderers, type RenderVoice } from '../support/render-speech.js';
import { SALON_PROFILE } from '../support/salon-profile.js';
import { alsoHearFor, expectationOf, hearRendered, SIDE_SAYINGS, sideKindOf, type SideKind } from '../support/side-talk.js';
import { FIXTURE_VISITS, FIXTURE_VOICES } from '../support/voice-visits.js';

const FULL = !!process.env.SIDE_TALK_FULL;
const VOICES: RenderVoice[] = FULL ? FIXTURE_VOICES.slice(0, 3) : ['flite:rms'];
const VISITS = FULL ? FIXTURE_VISITS : FIXTURE_VISITS.slice(0, 2);
const CONDITIONS: { label: string; snrDb?: number }[] = [{ label: 'clean' }, { label: 'noisy15', snrDb: 15 }];
const fields = DEFAULT_FIELDS as IntakeField[];
const field = (id: string) => fields.find((f) => f.id === id)!;
/** Prompts a saying is tried at, in turn. */
const PROMPTS = ['name', 'phone', 'email', 'reason', 'consent', 'confirm'];
/** The read-back listens for a yes, a no or a correction of the fields read (readBackGrammar). */
const READ_BACK = readBackExpectation(fields.filter((f) => f.kind !== 'consent'));
const expectAt = (id: string) => (id === 'confirm' ? READ_BACK : expectationOf(field(id)));
const alsoHearAt = (id: string) => alsoHearFor(SALON_PROFILE, id, expectAt(id));
const CTX = { now: new Date('2026-12-07T15:00:00Z'), timezone: 'UTC' };

const stt = new PocketSphinxStt();
beforeAll(() => stt.ready());
afterAll(async () => {
  await stt.close();
  await closeRenderers();
});

/** Whether an answer was read as what the visitor meant. */
function readRight(fieldId: string, said: string, want: string | undefined, heard: string): boolean {
  if (fieldId === 'consent' || fieldId === 'confirm') return spokenYesNo(heard) === spokenYesNo(said);
  const u = understand(heard, expectAt(fieldId), CTX);
  if (!u.ok || want === undefined) return false;
  if (fieldId === 'phone') return String(u.value).replace(/\D/g, '').slice(-10) === want.replace(/\D/g, '').slice(-10);
  return String(u.value).toLowerCase() === want.toLowerCase();
}

describe('side talk in the audio grammars', () => {
  it(
    'hears commands, questions and requests for a person at every prompt, and no ordinary answer as one',
    async () => {
      const t0 = Date.now();
      const side: Record<string, Record<SideKind, { n: number; ok: number; misses: string[] }>> = {};
      const answers: Record<string, { n: number; rightWith: number; rightWithout: number; triggers: string[]; misses: string[] }> = {};
      let seed = 1;
      for (const cond of CONDITIONS) {
        const tally = () => ({ n: 0, ok: 0, misses: [] as string[] });
        const s = (side[cond.label] = { person: tally(), question: tally(), command: tally() });
        const a = (answers[cond.label] = { n: 0, rightWith: 0, rightWithout: 0, triggers: [] as string[], misses: [] as string[] });
        for (const [vi, voice] of VOICES.entries()) {
          for (const [i, saying] of SIDE_SAYINGS.entries()) {
            // Commands are heard at a field's question only (sideTalkAt); questions and person requests everywhere.
            const prompts = saying.kind === 'command' ? PROMPTS.slice(0, 4) : PROMPTS;
            const at = prompts[(i + vi) % prompts.length]!;
            const noise = cond.snrDb ? { snrDb: cond.snrDb, seed: seed++ } : undefined;
            const r = await hearRendered(stt, saying.say, voice, { expect: expectAt(at), alsoHear: alsoHearAt(at) }, noise);
            const got = sideKindOf(r, SALON_PROFILE);
            s[saying.kind].n++;
            if (got === saying.kind) s[saying.kind].ok++;
            else s[saying.kind].misses.push(`${voice} at ${at}: "${saying.say}" heard "${r.text}"${r.firstPass !== undefined ? ` / "${r.firstPass}"` : ''}`);
          }
          for (const v of VISITS) {
            for (const id of PROMPTS) {
              for (const said of v.says[id] ?? []) {
                const want = (v.want as Record<string, string>)[id];
                const vocabulary = id === 'email' ? [v.want.name] : undefined;
                const search = { expect: expectAt(id), ...(vocabulary ? { vocabulary } : {}) };
                const noise = cond.snrDb ? { snrDb: cond.snrDb, seed: seed++ } : undefined;
                const withSide = await hearRendered(stt, said, voice, { ...search, alsoHear: alsoHearAt(id) }, noise);
                const without = FULL ? await hearRendered(stt, said, voice, search, noise) : null;
                a.n++;
                const kind = sideKindOf(withSide, SALON_PROFILE);
                if (kind === 'person' || kind === 'question') a.triggers.push(`${voice} ${v.id} ${id}: "${said}" heard "${withSide.text}" (${kind})`);
                if (!kind && readRight(id, said, want, withSide.text)) a.rightWith++;
                else if (!kind) a.misses.push(`${voice} ${v.id} ${id}: "${said}" heard "${withSide.text}"${without ? ` (without: "${without.text}")` : ''}`);
                if (without && readRight(id, said, want, without.text)) a.rightWithout++;
              }
            }
          }
        }
      }
      const lines = [`side talk: ${VOICES.join(', ')}; ${VISITS.length} visits' answers; ${((Date.now() - t0) / 1000).toFixed(0)} s`];
      for (const [label, s] of Object.entries(side)) {
        const a = answers[label]!;
        lines.push(
          `  ${label.padEnd(8)} person ${s.person.ok}/${s.person.n}  question ${s.question.ok}/${s.question.n}  command ${s.command.ok}/${s.command.n}  ` +
            `answers read right ${a.rightWith}/${a.n}${FULL ? ` (without side phrases ${a.rightWithout}/${a.n})` : ''}  false triggers ${a.triggers.length}`,
        );
        for (const k of ['person', 'question', 'command'] as const) for (const m of s[k].misses) lines.push(`    miss ${label} ${k}: ${m}`);
        for (const t of a.triggers) lines.push(`    FALSE TRIGGER ${label}: ${t}`);
        for (const m of a.misses) lines.push(`    answer missed ${label}: ${m}`);
      }
      console.log(lines.join('\n'));
      // No ordinary answer is ever taken for a question or a request for a person (the issue's rule).
      for (const a of Object.values(answers)) expect(a.triggers).toEqual([]);
      // Floors measured with margin (see docs/voice-accuracy.md).
      const clean = side.clean!;
      expect(clean.person.ok / clean.person.n).toBeGreaterThanOrEqual(FLOOR.person);
      expect(clean.question.ok / clean.question.n).toBeGreaterThanOrEqual(FLOOR.question);
    },
    FULL ? 3_600_000 : 180_000,
  );
});

/** Clean: measured 10/10 and 9-10/10 on the CI subset; a margin of two. */
const FLOOR = { person: 0.8, question: 0.7 };
