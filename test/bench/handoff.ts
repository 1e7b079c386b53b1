/**
 * Rule evaluation cost: one "lead stored" event against 200 handoff rules (a mix of triggers and conditions; as in a
 * real rule set only a few fire: an assignment, a task, notifications, and a stage change that sets off another rule), p50/p95 over 2000 evaluations; baseline: the same event against
 * the single out-of-the-box rule. Also the cost of checking 200 rules when staff save them (loops, references).
 * Target from the issue: p95 under 1 ms with 200 rules.
 */
import { handoffConfigSchema } from '../../device/handoff/config-schema.js';
import { evaluate } from '../../device/handoff/engine.js';
import type { RuleInput } from '../../device/handoff/rules.js';
import type { HandoffSettings } from '../../device/handoff/settings.js';
import type { ContactSnapshot } from '../../device/handoff/snapshot.js';
import { handoffSchemaFor } from '../../device/handoff/validate.js';
import type { BenchResult } from './types.js';

const STAGES = ['new-inquiry', 'marketing-qualified', 'sales-qualified', 'opportunity', 'customer', 'lost'];
const TAGS = ['hair-coloring', 'haircut', 'styling', 'instagram', 'walk-in', 'vip'];
const VOCAB = {
  fields: [{ id: 'name' }, { id: 'phone' }, { id: 'email' }, { id: 'reason', choices: ['haircut', 'hair-coloring', 'styling', 'other'] }, { id: 'consent' }],
  stages: STAGES,
  tags: TAGS,
};
const people = [
  { id: 'olga', name: 'Olga', role: 'owner' },
  { id: 'tom', name: 'Tom', role: 'manager', shifts: { mon: ['09:00-19:00'], tue: ['09:00-19:00'] } },
  { id: 'maria', name: 'Maria', role: 'sales', shifts: { mon: ['09:00-19:00'] } },
  { id: 'sam', name: 'Sam', role: 'sales', shifts: { mon: ['09:00-19:00'] } },
] as const;

function rules(n: number): RuleInput[] {
  const out: RuleInput[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 8;
    const id = `r${i}`;
    if (k === 0)
      out.push({
        id,
        name: `Coloring ${i}`,
        when: { on: 'lead-stored' },
        if: [{ kind: 'field', field: 'reason', equals: i === 0 ? 'hair-coloring' : 'styling' }, { kind: 'consent' }],
        then: [
          { do: 'assign', to: { kind: 'round-robin', role: 'sales' } },
          { do: 'create-task', title: 'Call back', due: { minutes: 15 } },
          { do: 'notify', to: { kind: 'owner' } },
        ],
      });
    else if (k === 1)
      out.push({ id, name: `Tag ${i}`, when: { on: 'tag-added', tag: TAGS[i % TAGS.length]! }, then: [{ do: 'notify', to: { kind: 'on-shift' } }] });
    else if (k === 2)
      out.push({
        id,
        name: `Evening ${i}`,
        when: { on: 'lead-stored' },
        if: [{ kind: 'time-of-day', from: '18:00', to: '08:00' }],
        then: [{ do: 'notify', to: { kind: 'role', role: 'manager' } }],
      });
    else if (k === 3)
      out.push({ id, name: `Score ${i}`, when: { on: 'score-crosses', score: 10 + i }, then: [{ do: 'notify', to: { kind: 'role', role: 'manager' } }] });
    else if (k === 4)
      out.push({
        id,
        name: `VIP ${i}`,
        when: { on: 'lead-stored' },
        if: [
          { kind: 'tag', tag: 'vip' },
          { kind: 'score', min: 50 },
        ],
        then: [{ do: 'assign', to: { kind: 'member', member: 'tom' } }],
      });
    else if (k === 5)
      out.push({
        id,
        name: `Walk ${i}`,
        when: { on: 'visit-abandoned' },
        then: [{ do: 'create-task', title: 'Call back', due: { hours: 1 }, for: { kind: 'on-shift' } }],
      });
    else if (k === 6)
      out.push({
        id,
        name: `Qualify ${i}`,
        when: { on: 'lead-stored' },
        if: [
          { kind: 'field', field: 'phone' },
          { kind: 'stage', stages: ['new-inquiry'] },
        ],
        then: [{ do: 'set-stage', stage: 'marketing-qualified' }],
      });
    else
      out.push({
        id,
        name: `MQL ${i}`,
        when: { on: 'stage-entered', stage: 'marketing-qualified' },
        if: [{ kind: 'source', source: i === 7 ? 'instagram' : `campaign-${i}` }],
        then: [{ do: 'notify', to: { kind: 'owner' } }],
      });
  }
  return out;
}

const contact: ContactSnapshot = {
  id: 'c1',
  fields: { name: 'Jane Doe', phone: '+15551234567', reason: 'hair-coloring', consent: true },
  tags: ['hair-coloring'],
  source: { channel: 'kiosk-voice', campaign: 'instagram' },
  stage: 'new-inquiry',
  score: 0,
  owner: null,
  consent: true,
  returning: false,
};

function percentiles(samples: number[]): { p50: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length * 0.5)]!, p95: s[Math.floor(s.length * 0.95)]! };
}

function time(settings: HandoffSettings, n: number): { p50: number; p95: number; effects: number } {
  const now = new Date('2026-03-02T11:00:00Z');
  let turns = {};
  let effects = 0;
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    const r = evaluate({ event: { type: 'lead-stored' }, contact, settings, zone: 'Europe/Paris', now, turns });
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    turns = r.turns;
    effects = r.effects.length;
  }
  return { ...percentiles(samples), effects };
}

export async function run(): Promise<BenchResult[]> {
  const input = { people, scoring: [{ id: 'mql', label: 'MQL', points: 5, when: { kind: 'stage', stage: 'marketing-qualified' } }], rules: rules(200) };
  const many = handoffSchemaFor(VOCAB).parse(input);
  const one = handoffConfigSchema.parse({ people });
  time(many, 300); // warm-up
  time(one, 300);
  const big = time(many, 2000);
  const small = time(one, 2000);

  const saves: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = process.hrtime.bigint();
    handoffSchemaFor(VOCAB).parse(input);
    saves.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const save = percentiles(saves.slice(10));
  return [
    {
      name: 'evaluate lead-stored, 200 rules, p95',
      value: big.p95,
      unit: 'ms',
      better: 'lower',
      baseline: { name: '1 rule (out of the box), p95', value: small.p95 },
      note: `target < 1 ms; ${big.effects} effects per evaluation`,
    },
    { name: 'evaluate lead-stored, 200 rules, p50', value: big.p50, unit: 'ms', better: 'lower', baseline: { name: '1 rule, p50', value: small.p50 } },
    { name: 'check 200 rules on save (schema, references, loops), p50', value: save.p50, unit: 'ms', better: 'lower' },
  ];
}
