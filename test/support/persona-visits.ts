/**
 * Persona voice visits: virtual visitors who know who they are (device/simulate/persona.ts) talk to the robot over
 * the real audio path (their words rendered in a TTS voice, clean or with seeded noise, heard by Silero VAD,
 * RNNoise and PocketSphinx), on a form with every field type and a business profile to ask about. What counts is
 * the lead stored at the end of the conversation, per field: exact, wrong (a value stored that is not theirs: must
 * never happen), or left (to the screen, or skipped).
 *
 * Two sets: PERSONA_FIXTURES (hand-written: names and domains inside and outside the vocabulary, questions,
 * requests for a person, spelling, a returning visitor) and heldOutPersonas(seed) (generated from other pools of
 * names, domains, phrasings and voices; never used for tuning). Audio is rendered at run time, never committed.
 */
import type { IntakeFieldInput } from '../../device/intake/field-schema.js';
import { answerQuestion } from '../../device/intake/questions.js';
import { fieldType } from '../../device/intake/types/index.js';
import type { Runtime } from '../../device/runtime.js';
import { simulateAudioVisit, type AudioSimulationOptions, type AudioSimulationResult } from '../../device/simulate/audio-run.js';
import { personaSchema, type Persona } from '../../device/simulate/persona.js';
import { visitFileSchema } from '../../device/simulate/visit-file.js';
import { messagesOf } from '../../device/visit/fields.js';
import type { ContactLookup } from '../../device/visit/dialog.js';
import { asksForPerson, understand } from '../../models/understanding/index.js';
import { mixNoise, prng, type RenderVoice } from './render-speech.js';
import { SALON_PROFILE } from './salon-profile.js';
import { DEFAULT_FIELDS } from '../../device/intake/defaults.js';

/** The form: every field type the registry has. */
export const PERSONA_FORM: IntakeFieldInput[] = [
  // Name, phone and email as a first start asks them; the rest is this form's own (fixed, so figures compare).
  ...DEFAULT_FIELDS.filter((f) => f.id === 'name' || f.id === 'phone' || f.id === 'email'),
  {
    id: 'reason',
    kind: 'choice',
    label: 'What brings you in today?',
    prompt: 'What brings you in today?',
    choices: [
      { value: 'haircut', label: 'Haircut', synonyms: ['a cut', 'trim', 'hair cut'] },
      { value: 'hair-coloring', label: 'Hair coloring', synonyms: ['color', 'colour', 'dye', 'highlights'] },
      { value: 'styling', label: 'Styling', synonyms: ['blow dry', 'blowout', 'updo'] },
      { value: 'other', label: 'Something else', synonyms: ['other', 'something else'] },
    ],
  },
  {
    id: 'extras',
    kind: 'multichoice',
    label: 'Extras',
    prompt: 'Would you like any extras? A wash, a treatment or a head massage?',
    required: false,
    choices: [
      { value: 'wash', label: 'Wash', synonyms: ['a wash', 'shampoo'] },
      { value: 'treatment', label: 'Treatment', synonyms: ['a treatment', 'conditioning'] },
      { value: 'massage', label: 'Head massage', synonyms: ['a head massage', 'massage'] },
    ],
  },
  { id: 'guests', kind: 'number', label: 'Guests', prompt: 'How many people is the booking for?', min: 1, max: 12, unit: 'people' },
  { id: 'visit_at', kind: 'date', label: 'Appointment', prompt: 'When would you like to come in?', time: true },
  { id: 'first_visit', kind: 'yesno', label: 'First visit', prompt: 'Is this your first visit with us?', required: false },
  { id: 'notes', kind: 'text', label: 'Notes', prompt: 'Anything else we should know?', required: false },
  { id: 'consent', kind: 'consent', label: 'Consent', prompt: 'May we keep your details to contact you about your visit?' },
];
export const PERSONA_FIELDS = PERSONA_FORM.filter((f) => f.kind !== 'consent').map((f) => f.id);

export interface PersonaVisit {
  id: string;
  persona: Persona;
  /** What the visit is for: a lead stored, or a handoff (it asks for a person). */
  expect: 'lead' | 'handoff';
  /** The visitor was here before: the robot's lookup knows them. */
  returning?: { name: string; fields: Record<string, string | number | boolean | string[]> };
  /** Its name or its email domain is outside the robot's vocabulary. */
  oov?: boolean;
}

const persona = (p: Record<string, unknown>): Persona => personaSchema.parse(p);
const OTHER = { extras: 'a wash and a treatment', guests: 'just one', visit_at: 'next tuesday at three', first_visit: 'yes', notes: 'no thank you' };

/** The fixture set: hand-written; voices in turn over FIXTURE_PERSONA_VOICES. */
export const PERSONA_FIXTURES: PersonaVisit[] = [
  {
    id: 'p01',
    expect: 'lead',
    persona: persona({ name: 'John Smith', phone: '4155550123', email: 'john.smith@gmail.com', reason: 'a haircut please', answers: OTHER, seed: 1 }),
  },
  {
    id: 'p02',
    expect: 'lead',
    persona: persona({
      name: 'Mary Johnson',
      phone: '6172248810',
      email: 'maryjohnson@yahoo.com',
      reason: "I'd like some highlights",
      answers: { ...OTHER, extras: 'a head massage', guests: 'two people', visit_at: 'tomorrow at ten', first_visit: 'no' },
      asks: ['are you open on sunday?'],
      seed: 2,
    }),
  },
  {
    id: 'p03',
    expect: 'lead',
    persona: persona({
      name: 'David Miller',
      phone: '3129045561',
      email: 'david@outlook.com',
      reason: 'a blow dry',
      answers: { ...OTHER, visit_at: 'the fifth of january at two' },
      asks: ['how much is a haircut?'],
      seed: 3,
    }),
  },
  {
    id: 'p04',
    expect: 'lead',
    oov: true,
    persona: persona({ name: 'Keiko Tanaka', phone: '2063381947', email: 'keiko@tanakalaw.com', reason: 'hair coloring', answers: OTHER, seed: 4 }),
  },
  {
    id: 'p05',
    expect: 'lead',
    oov: true,
    persona: persona({
      name: 'Anna Lopez',
      phone: '4253187702',
      email: 'anna@ninestudio.co',
      reason: 'a trim',
      answers: OTHER,
      asks: ['is there parking?'],
      seed: 5,
    }),
  },
  {
    id: 'p06',
    expect: 'handoff',
    persona: persona({ name: 'Robert Wilson', phone: '4042716630', email: 'robertw@aol.com', asks: ['can I talk to someone'], seed: 6 }),
  },
  {
    id: 'p07',
    expect: 'handoff',
    persona: persona({ name: 'Linda Martinez', phone: '3058124492', email: 'linda@yahoo.com', asks: ['I want to speak to a real person'], seed: 7 }),
  },
  {
    id: 'p08',
    expect: 'lead',
    returning: { name: 'Emily Clark', fields: { email: 'emily.clark@icloud.com', reason: 'hair-coloring' } },
    persona: persona({ name: 'Emily Clark', phone: '8183452290', email: 'emily.clark@icloud.com', reason: 'color please', answers: OTHER, seed: 8 }),
  },
  {
    id: 'p09',
    expect: 'lead',
    oov: true,
    persona: persona({
      name: 'Priya Raman',
      phone: '7185553276',
      email: 'priya.raman@gmail.com',
      reason: 'styling',
      answers: OTHER,
      asks: ['what time do you open tomorrow?'],
      seed: 9,
    }),
  },
  {
    id: 'p10',
    expect: 'lead',
    persona: persona({
      name: 'James Taylor',
      phone: '8005552110',
      email: 'james@gmail.com',
      reason: 'something else',
      answers: { ...OTHER, guests: 'three' },
      seed: 10,
    }),
  },
];

/** Voices the fixtures are spoken in (in turn), and voices kept for the held-out set. */
export const FIXTURE_PERSONA_VOICES: RenderVoice[] = ['festival:cmu_us_slt_arctic_hts', 'flite:rms', 'flite:awb', 'flite:kal16'];
export const HELD_OUT_PERSONA_VOICES: RenderVoice[] = ['flite:slt', 'festival:kal_diphone', 'flite:kal'];

/**
 * A held-out set drawn with a seeded PRNG from pools that share no name, domain or phrasing with the fixtures:
 * common names the grammar knows and surnames of many origins it does not, domains said as words, other questions
 * and ways of asking for a person.
 */
export function heldOutPersonas(seed: number, count = 10): PersonaVisit[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const known = [
    ['William', 'Jones'],
    ['Barbara', 'Davis'],
    ['Sandra', 'Harris'],
    ['Matthew', 'Walker'],
    ['Nancy', 'Green'],
    ['Charles', 'Carter'],
  ];
  const unknown = [
    ['Olu', 'Adeyemi'],
    ['Mei', 'Chen'],
    ['Tomasz', 'Nowak'],
    ['Fatima', 'Haddad'],
    ['Lars', 'Berg'],
  ];
  const domains = ['yahoo.com', 'hotmail.com', 'gmail.com', 'outlook.com', 'icloud.com'];
  const ownDomains = ['bergdesign.com', 'chenlaw.net', 'studiokite.org'];
  const reasons = ['i would like a haircut', 'some colour please', 'i need a blowout', 'just a trim'];
  const questions = ['when do you close today?', 'where are you located?', 'how much does color cost?', 'do you take cards?'];
  const persons = ['could someone help me', 'get me a human', 'is there someone here'];
  const out: PersonaVisit[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 5;
    const oov = kind === 3;
    const [first, last] = pick(oov ? unknown : known) as [string, string];
    const digits = `${2 + Math.floor(r() * 8)}${Math.floor(r() * 10)}${Math.floor(r() * 10)}${2 + Math.floor(r() * 8)}${Array.from({ length: 6 }, () => Math.floor(r() * 10)).join('')}`;
    const domain = oov && r() < 0.6 ? pick(ownDomains) : pick(domains);
    const email = `${first.toLowerCase()}${r() < 0.5 ? '.' : ''}${last.toLowerCase()}@${domain}`;
    const asks = kind === 1 ? [pick(questions)] : kind === 4 ? [pick(persons)] : [];
    out.push({
      id: `hp${String(i + 1).padStart(2, '0')}`,
      expect: kind === 4 ? 'handoff' : 'lead',
      ...(oov ? { oov } : {}),
      persona: persona({
        name: `${first} ${last}`,
        phone: digits,
        email,
        reason: pick(reasons),
        answers: {
          ...OTHER,
          // Each a number the persona can read itself (`gaps`): "just me" was none, so it was scored as having no
          // guests value while it said one, and the robot's "just three" for it counted as a wrong value stored.
          guests: pick(['two', 'four people', 'only one person']),
          visit_at: pick(['next friday at eleven', 'on monday at two', 'tomorrow at four']),
        },
        asks,
        seed: 100 + i,
      }),
    });
  }
  for (const v of out) {
    const missing = gaps(v.persona);
    if (missing.length)
      throw new Error(`held-out persona ${v.id} has no value it knows for ${missing.join(', ')}: give it one of the field's readable answers`);
  }
  return out;
}

/**
 * The fields of PERSONA_FORM a persona cannot be scored on as it speaks: a required one it has no value for, or
 * any answer it gives that its own field does not read (a value it says but does not know, so the score would
 * treat it as having none while the robot stores what it heard). Fields it leaves out on purpose (optional) are
 * no gap: it says so ("skip that", device/simulate/persona.ts NO_VALUE) and is scored on nothing stored.
 */
export function gaps(p: Persona, ctx: { now: Date; timezone: string } = { now: new Date(), timezone: 'UTC' }): string[] {
  return PERSONA_FIELDS.filter((id) => {
    const f = PERSONA_FORM.find((x) => x.id === id)!;
    const said = id === 'reason' ? p.reason : p.answers[id];
    if (said === undefined) return f.required !== false && !['name', 'phone', 'email'].includes(id);
    return wanted(p, id, ctx) === undefined;
  });
}

/** How one visit is heard: clean, or with seeded noise at an SNR. */
export interface PersonaCondition {
  label: 'clean' | 'noisy15';
  noise?: { kind: 'babble' | 'pink'; snrDb: number; seed: number };
}

export type FieldScore = 'exact' | 'wrong' | 'left';

export interface PersonaOutcome {
  visit: PersonaVisit;
  voice: RenderVoice;
  condition: string;
  result: AudioSimulationResult;
  fields: Record<string, { score: FieldScore; want: unknown; got: unknown }>;
  questions: { asked: number; answeredRight: number };
  person: { asked: boolean; handedOver: boolean };
  turns: number;
}

const PAD_LEAD = 300 * 16;
const PAD_TRAIL = 800 * 16;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What the stored lead must hold for a field: the persona's own details, else its words read as text. */
function wanted(p: Persona, id: string, ctx: { now: Date; timezone: string }): unknown {
  if (id === 'name') return p.name;
  if (id === 'phone') return `+1${p.phone.replace(/\D/g, '').slice(-10)}`;
  if (id === 'email') return p.email.toLowerCase();
  const field = PERSONA_FORM.find((f) => f.id === id)!;
  const said = id === 'reason' ? p.reason : p.answers[id];
  if (said === undefined) return undefined;
  const u = understand(said, fieldType(field.kind).expectation(field as never), ctx);
  if (id === 'notes') return said;
  return u.ok ? u.value : undefined;
}

function stored(result: AudioSimulationResult, id: string): unknown {
  const c = result.contact;
  if (!c) return undefined;
  if (id === 'name') return c.name || undefined;
  if (id === 'phone') return c.phone ?? undefined;
  if (id === 'email') return c.email?.toLowerCase() ?? undefined;
  if (id === 'reason') return c.reason ?? undefined;
  const v = (c.fields as Record<string, unknown>)[id];
  return v === null || v === '' ? undefined : v;
}

/** Runs one persona visit through the real audio path and scores the stored lead. */
export async function runPersonaVisit(
  runtime: Runtime,
  v: PersonaVisit,
  voice: RenderVoice,
  cond: PersonaCondition,
  opts: Omit<AudioSimulationOptions, 'waitSyncMs' | 'visitorVoice' | 'noise' | 'lookup'>,
): Promise<PersonaOutcome> {
  const ctx = { now: new Date(), timezone: runtime.config.device.timezone };
  const noise = cond.noise;
  const mixer = noise
    ? (s: Int16Array, k: number) => {
        const padded = new Int16Array(s.length + PAD_LEAD + PAD_TRAIL);
        padded.set(s, PAD_LEAD);
        return mixNoise(padded, noise.snrDb, noise.seed + k, noise.kind);
      }
    : undefined;
  const lookup: ContactLookup | undefined = v.returning
    ? (key) => (key === `+1${v.persona.phone.replace(/\D/g, '').slice(-10)}` || key === v.persona.email ? v.returning! : null)
    : undefined;
  const result = await simulateAudioVisit(runtime, visitFileSchema.parse({ persona: v.persona }), {
    waitSyncMs: 0,
    visitorVoice: voice,
    ...(mixer ? { noise: mixer } : {}),
    ...(lookup ? { lookup } : {}),
    ...opts,
  });
  const fields: PersonaOutcome['fields'] = {};
  if (v.expect === 'lead')
    for (const id of PERSONA_FIELDS) {
      const want = wanted(v.persona, id, ctx);
      const got = stored(result, id);
      fields[id] = {
        score: got === undefined ? 'left' : same(got, want) || (id === 'notes' && String(got).toLowerCase() === String(want).toLowerCase()) ? 'exact' : 'wrong',
        want,
        got,
      };
    }
  const robotSaid = result.transcript.filter((l) => l.who === 'robot').map((l) => l.text);
  const qs = v.persona.asks.filter((a) => !asksForPerson(a));
  const answeredRight = qs.filter((q) => {
    const a = answerQuestion(q, SALON_PROFILE, { now: new Date(), timezone: runtime.config.device.timezone, messages: messagesOf(runtime.config) });
    return a !== null && robotSaid.some((l) => l.startsWith(a));
  }).length;
  // Each run starts from no contact: the same persona run again (the noisy run after the clean one) joined the contact
  // the earlier run stored (same phone), so its score read the earlier run's values (p04's and p09's wrong emails at
  // 15 dB were the clean runs').
  if (result.contact) runtime.crm.erase(result.contact.id, { kind: 'staff', id: 'persona-run', name: 'Persona run' });
  return {
    visit: v,
    voice,
    condition: cond.label,
    result,
    fields,
    questions: { asked: qs.length, answeredRight },
    person: { asked: v.persona.asks.some(asksForPerson), handedOver: result.outcome === 'handoff' },
    turns: result.persona?.turns ?? 0,
  };
}

/** The per-field table and the other figures, for one set's outcomes by condition. */
export function personaReport(title: string, groups: Record<string, readonly PersonaOutcome[]>): string {
  const lines = [title];
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
  };
  for (const [label, os] of Object.entries(groups)) {
    const leads = os.filter((o) => o.visit.expect === 'lead');
    const cells = PERSONA_FIELDS.map((id) => {
      const ex = leads.filter((o) => o.fields[id]?.score === 'exact').length;
      return `${id} ${ex}/${leads.length}`;
    });
    const wrong = leads.flatMap((o) => PERSONA_FIELDS.filter((id) => o.fields[id]?.score === 'wrong').map((id) => `${o.visit.id}.${id}`));
    const q = os.reduce((a, o) => ({ asked: a.asked + o.questions.asked, right: a.right + o.questions.answeredRight }), { asked: 0, right: 0 });
    const askedPerson = os.filter((o) => o.person.asked);
    const falseTriggers = os.filter((o) => !o.person.asked && o.person.handedOver);
    lines.push(`  ${label}: exact ${cells.join('  ')}`);
    lines.push(
      `  ${label}: wrong values stored ${wrong.length}${wrong.length ? ` (${wrong.join(', ')})` : ''}; questions answered right ${q.right}/${q.asked}; ` +
        `person requests recognised ${askedPerson.filter((o) => o.person.handedOver).length}/${askedPerson.length}, false triggers ${falseTriggers.length}; ` +
        `median turns per visit ${median(os.map((o) => o.turns))}; outcomes ${JSON.stringify(countBy(os.map((o) => o.result.outcome)))}`,
    );
    for (const o of leads)
      for (const id of PERSONA_FIELDS) {
        const f = o.fields[id]!;
        if (f.score === 'exact') continue;
        const heard = o.result.turns.filter((t) => t.fieldId === id).map((t) => t.heard ?? '(silence)');
        lines.push(
          `    ${f.score} ${label} ${o.visit.id} ${o.voice} ${id}: want ${JSON.stringify(f.want)}, got ${JSON.stringify(f.got)}; heard ${JSON.stringify(heard)}`,
        );
      }
  }
  return lines.join('\n');
}

/**
 * The conversation of each visit that stored a wrong value (or of every visit, `all`): what the robot said, what the
 * visitor said, and both hearings of it (the whole-utterance pass, then the live pass where it differs) with the search.
 */
export function personaTrace(groups: Record<string, readonly PersonaOutcome[]>, all = false): string {
  const lines: string[] = [];
  for (const [label, os] of Object.entries(groups))
    for (const o of os.filter((x) => all || Object.values(x.fields).some((f) => f.score === 'wrong'))) {
      const wrong = Object.entries(o.fields).filter(([, f]) => f.score === 'wrong');
      lines.push(
        `  trace ${label} ${o.visit.id} ${o.voice} (${o.result.outcome}; wrong: ${wrong.map(([id, f]) => `${id} ${JSON.stringify(f.got)}`).join(', ') || 'none'}):`,
      );
      for (const t of o.result.turns) {
        lines.push(`    robot [${t.fieldId}] ${t.robot}`);
        const said = t.visitor ? (t.visitor.say ?? t.visitor.audio ?? '') : null;
        const s = t.stt;
        const heard = s
          ? `heard "${t.heard}"${s.firstPass !== undefined && s.firstPass !== t.heard ? ` / live "${s.firstPass}"` : ''} (${s.search ?? s.engine})`
          : 'heard nothing';
        lines.push(
          `      said ${said === null ? 'nothing' : JSON.stringify(said)}; ${heard}; understood ${JSON.stringify(t.understood)}${t.unsure ? ' unsure' : ''}`,
        );
      }
    }
  return lines.join('\n');
}

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

/**
 * Plays a set clean and at 15 dB SNR (babble and pink in turn, seeded), voices in turn; `only` picks visits by id
 * (each keeps the voice and noise it has in the whole set).
 */
export async function runPersonaSet(
  runtime: Runtime,
  visits: readonly PersonaVisit[],
  voices: readonly RenderVoice[],
  seedBase: number,
  opts: Omit<AudioSimulationOptions, 'waitSyncMs' | 'visitorVoice' | 'noise' | 'lookup'>,
  only?: (id: string) => boolean,
): Promise<{ clean: PersonaOutcome[]; noisy15: PersonaOutcome[] }> {
  const clean: PersonaOutcome[] = [];
  const noisy15: PersonaOutcome[] = [];
  for (const [i, v] of visits.entries()) {
    if (only && !only(v.id)) continue;
    const voice = voices[i % voices.length]!;
    clean.push(await runPersonaVisit(runtime, v, voice, { label: 'clean' }, opts));
    const noise = { kind: i % 2 ? ('pink' as const) : ('babble' as const), snrDb: 15, seed: seedBase + 100 * i };
    noisy15.push(await runPersonaVisit(runtime, v, voice, { label: 'noisy15', noise }, opts));
  }
  return { clean, noisy15 };
}

/** The figures of one set and condition: exact share per field, wrong values, questions, person requests, turns. */
export function personaFigures(os: readonly PersonaOutcome[]): {
  exact: Record<string, number>;
  wrong: number;
  questions: { right: number; asked: number };
  person: { recognised: number; asked: number; falseTriggers: number };
  medianTurns: number;
} {
  const leads = os.filter((o) => o.visit.expect === 'lead');
  const exact = Object.fromEntries(PERSONA_FIELDS.map((id) => [id, leads.filter((o) => o.fields[id]?.score === 'exact').length / Math.max(1, leads.length)]));
  const wrong = leads.reduce((n, o) => n + PERSONA_FIELDS.filter((id) => o.fields[id]?.score === 'wrong').length, 0);
  const asked = os.filter((o) => o.person.asked);
  const turns = os.map((o) => o.turns).sort((a, b) => a - b);
  return {
    exact,
    wrong,
    questions: { right: os.reduce((n, o) => n + o.questions.answeredRight, 0), asked: os.reduce((n, o) => n + o.questions.asked, 0) },
    person: {
      recognised: asked.filter((o) => o.person.handedOver).length,
      asked: asked.length,
      falseTriggers: os.filter((o) => !o.person.asked && o.person.handedOver).length,
    },
    medianTurns: turns.length ? turns[Math.floor((turns.length - 1) / 2)]! : NaN,
  };
}
