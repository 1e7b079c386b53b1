/**
 * The held-out questions set in text (test/support/held-out-questions.ts): questions answered right, requests for a
 * person recognised and ordinary answers taken for either, per part (tuning, check, blind), with the misses listed.
 * Text only and quick; the same set in audio is test/voice/held-out-questions.test.ts (HELD_OUT_AUDIO_FULL=1).
 *   node dist/test/bench/run.js questions
 */
import { heldOutReport, scoreHeldOut, type Tally } from '../support/held-out-score.js';
import type { BenchResult } from './types.js';

const pct = (t: Tally) => (t.n ? (100 * t.ok) / t.n : 0);

export async function run(): Promise<BenchResult[]> {
  const t0 = performance.now();
  const f = scoreHeldOut();
  const ms = performance.now() - t0;
  console.log(heldOutReport(f));
  const n = f.questions.all.n + f.persons.all.n + f.falseTriggers.all.n;
  return [
    {
      name: 'held-out questions answered right',
      value: pct(f.questions.all),
      unit: '%',
      better: 'higher',
      note: `${f.questions.all.ok}/${f.questions.all.n}; blind ${f.questions.blind.ok}/${f.questions.blind.n}`,
    },
    {
      name: 'held-out person requests recognised',
      value: pct(f.persons.all),
      unit: '%',
      better: 'higher',
      note: `${f.persons.all.ok}/${f.persons.all.n}; blind ${f.persons.blind.ok}/${f.persons.blind.n}`,
    },
    {
      name: 'held-out ordinary answers taken for either',
      value: f.falseTriggers.all.n - f.falseTriggers.all.ok,
      unit: 'answers',
      better: 'lower',
      note: `of ${f.falseTriggers.all.n}`,
    },
    { name: 'reading one saying (mean)', value: ms / n, unit: 'ms', better: 'lower' },
  ];
}
