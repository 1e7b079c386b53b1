/**
 * Scores the text understanding on the held-out questions set (./held-out-questions.ts) the way the dialog reads
 * what is said at a prompt (device/visit/dialog.ts askField): a request for a person first, then a question the
 * business can answer, else an answer. Each saying is read as a recognizer gives it: no question mark.
 */
import { answerQuestion } from '../../device/intake/questions.js';
import type { BusinessProfile } from '../../device/intake/business-schema.js';
import { asksForPerson } from '../../models/understanding/index.js';
import { answeredRight, HELD_OUT_BUSINESSES, ORDINARY_ANSWERS, PERSON_REQUESTS, type Part } from './held-out-questions.js';

export type Reading = { kind: 'person' } | { kind: 'question'; answer: string } | { kind: 'answer' };

export interface QuestionContextLike {
  now: Date;
  timezone: string;
}

/** As spoken: what a recognizer returns has no punctuation. */
export const spoken = (text: string): string =>
  text
    .replace(/[?!.,]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** How the dialog reads `text` at a prompt. */
export function readAtPrompt(text: string, profile: BusinessProfile, ctx: QuestionContextLike): Reading {
  if (asksForPerson(text)) return { kind: 'person' };
  const answer = answerQuestion(text, profile, ctx);
  return answer === null ? { kind: 'answer' } : { kind: 'question', answer };
}

export interface Tally {
  n: number;
  ok: number;
  misses: string[];
}

export interface HeldOutFigures {
  questions: Record<Part | 'all', Tally>;
  persons: Record<Part | 'all', Tally>;
  /** Ordinary answers (tried against every business) taken for a question or a request for a person. */
  falseTriggers: Record<Part | 'all', Tally>;
}

const tally = (): Tally => ({ n: 0, ok: 0, misses: [] });
const parts = (): Record<Part | 'all', Tally> => ({ tuning: tally(), check: tally(), blind: tally(), all: tally() });

function count(t: Record<Part | 'all', Tally>, part: Part, ok: boolean, miss: string): void {
  for (const k of [part, 'all'] as const) {
    t[k].n++;
    if (ok) t[k].ok++;
    else t[k].misses.push(miss);
  }
}

/** Reads every item of the set; `falseTriggers.ok` counts the answers read as answers. */
export function scoreHeldOut(): HeldOutFigures {
  const f: HeldOutFigures = { questions: parts(), persons: parts(), falseTriggers: parts() };
  for (const b of HELD_OUT_BUSINESSES) {
    const ctx = { now: b.now, timezone: b.timezone };
    for (const q of b.questions) {
      const r = readAtPrompt(spoken(q.say), b.profile, ctx);
      const ok = r.kind === 'question' && answeredRight(r.answer, q.want, b.profile);
      count(f.questions, b.part, ok, `${b.id}: "${q.say}" -> ${r.kind === 'question' ? `"${r.answer}"` : r.kind}`);
    }
    for (const a of ORDINARY_ANSWERS) {
      const r = readAtPrompt(spoken(a.say), b.profile, ctx);
      count(f.falseTriggers, a.part, r.kind === 'answer', `${b.id} at ${a.at}: "${a.say}" -> ${r.kind === 'question' ? `question "${r.answer}"` : r.kind}`);
    }
  }
  const first = HELD_OUT_BUSINESSES[0]!;
  for (const p of PERSON_REQUESTS) {
    const r = readAtPrompt(spoken(p.say), first.profile, { now: first.now, timezone: first.timezone });
    count(f.persons, p.part, r.kind === 'person', `"${p.say}" -> ${r.kind}`);
  }
  return f;
}

const pct = (t: Tally) => `${t.ok}/${t.n} (${t.n ? ((100 * t.ok) / t.n).toFixed(1) : '-'}%)`;

/** The figures as lines for a report; misses listed when `misses`. */
export function heldOutReport(f: HeldOutFigures, misses = true): string {
  const lines = [
    `held-out questions (text, as spoken): questions answered right ${pct(f.questions.all)} [tuning ${pct(f.questions.tuning)}, check ${pct(f.questions.check)}, blind ${pct(f.questions.blind)}]`,
    `  person requests recognised ${pct(f.persons.all)} [tuning ${pct(f.persons.tuning)}, check ${pct(f.persons.check)}, blind ${pct(f.persons.blind)}]`,
    `  ordinary answers read as answers ${pct(f.falseTriggers.all)}: false triggers ${f.falseTriggers.all.n - f.falseTriggers.all.ok} [blind ${f.falseTriggers.blind.n - f.falseTriggers.blind.ok}]`,
  ];
  if (misses) {
    for (const m of f.questions.all.misses) lines.push(`    question missed: ${m}`);
    for (const m of f.persons.all.misses) lines.push(`    person missed: ${m}`);
    for (const m of f.falseTriggers.all.misses) lines.push(`    FALSE TRIGGER: ${m}`);
  }
  return lines.join('\n');
}
