/**
 * Scripted voice visits for accuracy tests and benches: what each visitor says and what the stored lead must hold.
 * Audio is rendered at test time (never committed) with several TTS voices, clean or with seeded noise, written as
 * WAV files, and played through the real simulate path (simulateAudioVisit: Silero VAD, PocketSphinx worker, TTS
 * into a file sink, the dialog and the store). Field accuracy is exact match of the stored contact.
 *
 * Two sets: FIXTURE_VISITS (hand-written, 22 visits) and heldOutVisits(seed) (generated from other pools of names,
 * numbers, providers and phrasings, for other voices and noise seeds), so a change is measured on audio it was not
 * shaped on.
 */
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeWavFile } from '../../drivers/audio/wav.js';
import type { Runtime } from '../../device/runtime.js';
import { simulateAudioVisit, type AudioSimulationOptions, type AudioSimulationResult } from '../../device/simulate/audio-run.js';
import { visitFileSchema, type Utterance } from '../../device/simulate/visit-file.js';
import { PROVIDERS_AS_SAID } from '../../models/tts/normalize.js';
import { mixNoise, prng, renderUtterance, type RenderVoice } from './render-speech.js';

export interface VoiceVisit {
  id: string;
  /** What the visitor says, per field id ('confirm' for the read-back and the "what should I change?"). */
  says: Record<string, string[]>;
  /** What the stored lead must hold. */
  want: { name: string; phone: string; email: string; reason: string };
}

export type Field = keyof VoiceVisit['want'];
export const FIELDS: Field[] = ['name', 'phone', 'email', 'reason'];

function visit(
  id: string,
  name: [string, string],
  phone: [string, string],
  email: [string, string],
  reason: [string, string],
  consent: string,
  confirm: string[],
  extra: Record<string, string[]> = {},
): VoiceVisit {
  return {
    id,
    says: { name: [name[0]], phone: [phone[0]], email: [email[0]], reason: [reason[0]], consent: [consent], confirm, ...extra },
    want: { name: name[1], phone: phone[1], email: email[1], reason: reason[1] },
  };
}

/**
 * The fixture set. Names are ones the name grammar knows (configured or common), said in the usual ways; phone
 * numbers said in groups, with "oh", a leading "one", "my number is"; emails said as name words with dots, digits
 * and initials, or spelled; services from the default config's choices and synonyms; read-back answers of several
 * kinds, and corrections ("no" -> what to change -> the right value).
 */
export const FIXTURE_VISITS: VoiceVisit[] = [
  visit(
    'v01',
    ['my name is John Smith', 'John Smith'],
    ['four one five, five five five, zero one two three', '+14155550123'],
    ['john dot smith at gmail dot com', 'john.smith@gmail.com'],
    ['a haircut please', 'haircut'],
    'yes',
    ['yes'],
  ),
  visit(
    'v02',
    ['Mary Johnson', 'Mary Johnson'],
    ['my number is six one seven, two two four, eight eight one oh', '+16172248810'],
    ['mary johnson at yahoo dot com', 'maryjohnson@yahoo.com'],
    ["I'd like some highlights", 'hair-coloring'],
    'yes please',
    ["yes that's right"],
  ),
  visit(
    'v03',
    ["it's David Miller", 'David Miller'],
    ['three one two, nine oh four, five five six one', '+13129045561'],
    ['david at outlook dot com', 'david@outlook.com'],
    ['a blow dry', 'styling'],
    'sure',
    ['correct'],
  ),
  visit(
    'v04',
    ["I'm Sarah Lee", 'Sarah Lee'],
    ['two oh six, three three eight, one nine four seven', '+12063381947'],
    ['sarah lee seven at hotmail dot com', 'sarahlee7@hotmail.com'],
    ['just a trim', 'haircut'],
    'yes',
    ['yeah'],
  ),
  visit(
    'v05',
    ['Michael Brown', 'Michael Brown'],
    ['five one two, four four one, two oh oh eight', '+15124412009'],
    ['michael dot brown at icloud dot com', 'michael.brown@icloud.com'],
    ['hair coloring', 'hair-coloring'],
    'yes',
    ['no', 'the phone number', 'yes'],
    { phone: ['five one two, four four one, two oh oh eight', 'five one two, four four one, two oh oh nine'] },
  ),
  visit(
    'v06',
    ['my name is Jennifer Garcia', 'Jennifer Garcia'],
    ['seven one eight, five five five, three two seven six', '+17185553276'],
    ['jennifer garcia at gmail dot com', 'jennifergarcia@gmail.com'],
    ['styling', 'styling'],
    'okay',
    ['yes'],
  ),
  visit(
    'v07',
    ['Robert Wilson', 'Robert Wilson'],
    ["it's four oh four, two seven one, six six three oh", '+14042716630'],
    ['robert w at a o l dot com', 'robertw@aol.com'],
    ['I need a cut', 'haircut'],
    'yes',
    ['that is correct'],
  ),
  visit(
    'v08',
    ['this is Linda Martinez', 'Linda Martinez'],
    ['three oh five, eight one two, four four nine two', '+13058124492'],
    ['linda dot martinez at yahoo dot com', 'linda.martinez@yahoo.com'],
    ['color please', 'hair-coloring'],
    'yes',
    ['yes'],
  ),
  visit(
    'v09',
    ['James Taylor', 'James Taylor'],
    ['one, eight oh oh, five five five, two one one oh', '+18005552110'],
    ['j a m e s at gmail dot com', 'james@gmail.com'],
    ['something else', 'other'],
    'yes',
    ['yes it is'],
  ),
  visit(
    'v10',
    ['Patricia Anderson', 'Patricia Anderson'],
    ['nine one nine, seven seven three, oh one five four', '+19197730154'],
    ['patricia at outlook dot com', 'patriciaanderson@outlook.com'],
    ['an updo', 'styling'],
    'yes please',
    ['no', 'my email', 'yes'],
    { email: ['patricia at outlook dot com', 'patricia anderson at outlook dot com'] },
  ),
  visit(
    'v11',
    ['call me Kevin Moore', 'Kevin Moore'],
    ['four eight oh, six two two, nine one three five', '+14806229135'],
    ['kevin moore at hotmail dot com', 'kevinmoore@hotmail.com'],
    ['a hair cut', 'haircut'],
    'sure',
    ['yes'],
  ),
  visit(
    'v12',
    ['Emily Clark', 'Emily Clark'],
    ['eight one eight, three four five, two two nine oh', '+18183452290'],
    ['emily dot clark at icloud dot com', 'emily.clark@icloud.com'],
    ['I want some color', 'hair-coloring'],
    'yes',
    ["that's right"],
  ),
  visit(
    'v13',
    ['Daniel White', 'Daniel White'],
    ['my phone number is two one four, five five five, oh seven eight eight', '+12145550788'],
    ['daniel white two at gmail dot com', 'danielwhite2@gmail.com'],
    ['blowout please', 'styling'],
    'yes',
    ['yes'],
  ),
  visit(
    'v14',
    ['my name is Laura Hall', 'Laura Hall'],
    ['six oh two, four one one, eight three seven five', '+16024118375'],
    ['laura h at yahoo dot com', 'laurah@yahoo.com'],
    ['a trim please', 'haircut'],
    'yes',
    ['correct'],
  ),
  visit(
    'v15',
    ['Thomas Young', 'Thomas Young'],
    ['seven oh three, two two eight, one four six oh', '+17032281461'],
    ['thomas young at a o l dot com', 'thomasyoung@aol.com'],
    ['highlights', 'hair-coloring'],
    'yes',
    ['no', 'the phone number', 'yes'],
    { phone: ['seven oh three, two two eight, one four six oh', 'seven oh three, two two eight, one four six one'] },
  ),
  visit(
    'v16',
    ['Olivia King', 'Olivia King'],
    ['five oh three, nine nine one, two six four four', '+15039912644'],
    ['olivia at proton dot me', 'olivia@proton.me'],
    ['I need a blow dry', 'styling'],
    'yes',
    ['yes'],
  ),
  visit(
    'v17',
    ["I'm Brian Wright", 'Brian Wright'],
    ['three eight five, seven two two, five oh one nine', '+13857225019'],
    ['brian dot wright at outlook dot com', 'brian.wright@outlook.com'],
    ['a cut please', 'haircut'],
    'yes',
    ['yes that is right'],
  ),
  visit(
    'v18',
    ['Anna Lopez', 'Anna Lopez'],
    ['four two five, three one eight, seven seven oh two', '+14253187702'],
    ['a n n a at gmail dot com', 'anna@gmail.com'],
    ['I want to dye my hair', 'hair-coloring'],
    'yes',
    ['yes'],
  ),
  visit(
    'v19',
    ['Steven Hill', 'Steven Hill'],
    ['eight five eight, two oh nine, four one six three', '+18582094163'],
    ['steven hill at comcast dot net', 'stevenhill@comcast.net'],
    ['other', 'other'],
    'sure',
    ['yeah'],
  ),
  visit(
    'v20',
    ['my name is Jessica Adams', 'Jessica Adams'],
    ['seven two oh, five five five, nine eight three two', '+17205559832'],
    ['jessica adams at yahoo dot com', 'jessicaadams@yahoo.com'],
    ['a haircut', 'haircut'],
    'yes',
    ['no', 'my name', 'yes'],
    { name: ['my name is Jessica Adams', 'Jessica Adams'] },
  ),
  visit(
    'v21',
    ['Susan Baker', 'Susan Baker'],
    ['nine seven two, six one four, three oh three eight', '+19726143038'],
    ['susan dot baker at gmail dot com', 'susan.baker@gmail.com'],
    ['color service', 'hair-coloring'],
    'yes',
    ['yes'],
  ),
  visit(
    'v22',
    ['Paul Nelson', 'Paul Nelson'],
    ['six one two, eight eight two, oh four five one', '+16128820451'],
    ['paul nelson four at hotmail dot com', 'paulnelson4@hotmail.com'],
    ['styling please', 'styling'],
    'yes',
    ['correct'],
  ),
];

/** Voices the fixture set is spoken in (one per visit, in turn). */
export const FIXTURE_VOICES: RenderVoice[] = ['festival:cmu_us_slt_arctic_hts', 'flite:rms', 'flite:awb', 'flite:kal16'];
/** Voices kept out of the fixture set, for the held-out set. */
export const HELD_OUT_VOICES: RenderVoice[] = ['flite:slt', 'festival:kal_diphone', 'flite:kal'];

const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/**
 * A held-out set: visits drawn with a seeded PRNG from pools that share no name, number or phrasing template with
 * FIXTURE_VISITS beyond what any visitor would say (the grammar's common names, the config's services).
 */
export function heldOutVisits(seed: number, count = 20): VoiceVisit[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const firsts = [
    'william',
    'richard',
    'joseph',
    'charles',
    'matthew',
    'anthony',
    'mark',
    'andrew',
    'george',
    'barbara',
    'nancy',
    'betty',
    'sandra',
    'ashley',
    'michelle',
    'amanda',
    'melissa',
    'maria',
    'emma',
    'sophia',
  ];
  const lasts = ['williams', 'jones', 'davis', 'rodriguez', 'thomas', 'jackson', 'martin', 'harris', 'lewis', 'walker', 'green', 'carter'];
  const providers: [string, string][] = [
    ['gmail dot com', 'gmail.com'],
    ['yahoo dot com', 'yahoo.com'],
    ['outlook dot com', 'outlook.com'],
    ['hotmail dot com', 'hotmail.com'],
    ['icloud dot com', 'icloud.com'],
    ['a o l dot com', 'aol.com'],
    ['live dot com', 'live.com'],
    ['verizon dot net', 'verizon.net'],
  ];
  const reasons: [string, string][] = [
    ['i would like a haircut', 'haircut'],
    ['trim please', 'haircut'],
    ["i'm here for a haircut", 'haircut'],
    ['i would like highlights', 'hair-coloring'],
    ['some colour', 'hair-coloring'],
    ['dye please', 'hair-coloring'],
    ['i would like a blowout', 'styling'],
    ['just styling', 'styling'],
    ['an updo please', 'styling'],
    ['something else please', 'other'],
  ];
  const namePre = ['', 'my name is ', "i'm ", 'this is ', "it's "];
  const phonePre = ['', 'my number is ', "it's ", 'my cell is '];
  const yes = ['yes', 'yep', 'sure', 'absolutely', 'that is right', 'yes correct'];
  const consent = ['yes', 'of course', 'okay', 'yes please'];
  const title = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const out: VoiceVisit[] = [];
  for (let i = 0; i < count; i++) {
    const first = pick(firsts);
    const last = pick(lasts);
    const area = `${2 + Math.floor(r() * 8)}${Math.floor(r() * 10)}${Math.floor(r() * 10)}`;
    const digits = area + `${2 + Math.floor(r() * 8)}` + Array.from({ length: 6 }, () => Math.floor(r() * 10)).join('');
    const said = (ds: string) => [...ds].map((d) => (d === '0' && r() < 0.5 ? 'oh' : DIGIT_WORDS[Number(d)])).join(' ');
    const phoneSay = `${pick(phonePre)}${said(digits.slice(0, 3))}, ${said(digits.slice(3, 6))}, ${said(digits.slice(6))}`;
    const [prov, dom] = pick(providers);
    const style = Math.floor(r() * 5);
    const n = Math.floor(r() * 10);
    const [emailSay, local] =
      style === 0
        ? [`${first} dot ${last}`, `${first}.${last}`]
        : style === 1
          ? [`${first} ${last}`, `${first}${last}`]
          : style === 2
            ? [`${first} ${DIGIT_WORDS[n]}`, `${first}${n}`]
            : style === 3
              ? [`${first} underscore ${last}`, `${first}_${last}`]
              : [`${first} ${last.charAt(0)}`, `${first}${last.charAt(0)}`];
    const [reasonSay, reason] = pick(reasons);
    out.push(
      visit(
        `h${String(i + 1).padStart(2, '0')}`,
        [`${pick(namePre)}${first} ${last}`, `${title(first)} ${title(last)}`],
        [phoneSay, `+1${digits}`],
        [`${emailSay} at ${prov}`, `${local}@${dom}`],
        [reasonSay, reason],
        pick(consent),
        [pick(yes)],
      ),
    );
  }
  return out;
}

/** How one visit is heard: a voice, clean or with noise at an SNR. */
export interface Condition {
  label: string; // 'clean' | 'babble15' | ...
  noise?: { kind: 'babble' | 'pink'; snrDb: number; seed: number };
}

export interface VisitOutcome {
  visit: VoiceVisit;
  voice: RenderVoice;
  condition: string;
  result: AudioSimulationResult;
  got: Record<Field, string | null>;
  ok: Record<Field, boolean>;
}

/** Lead and trail of each rendered utterance, ms: noise runs through them, so the endpointer works in noise. */
const PAD_LEAD_MS = 300;
const PAD_TRAIL_MS = 800;

/**
 * Words some TTS voices mispronounce, respelled as people say them: the providers as the robot says them too
 * (every Flite and Festival voice here says "gmail" as "g-male" with a hard g and "icloud" as "ick-loud", which
 * nobody does), and Flite's kal says "verizon" so that no recognizer, nor a person, would hear it. Rendering aid
 * only: the text scored is unchanged.
 */
const SAID_AS: Record<string, string> = { ...PROVIDERS_AS_SAID, verizon: 'veh rye zun' };

/**
 * What a person says: a lone "a" next to other single letters is the letter ("ay"), which TTS voices read as the
 * article ("uh"); and the respellings above.
 */
export function asSpelled(text: string): string {
  const w = text.split(/\s+/);
  const single = (x: string | undefined) => x !== undefined && /^[a-z]$/i.test(x);
  return w.map((x, i) => (/^a$/i.test(x) && (single(w[i - 1]) || single(w[i + 1])) ? 'ay' : (SAID_AS[x.toLowerCase()] ?? x))).join(' ');
}

const rendered = new Map<string, Int16Array>();
async function renderCached(text: string, voice: RenderVoice): Promise<Int16Array> {
  const key = `${voice}\u0000${text}`;
  let s = rendered.get(key);
  if (!s) rendered.set(key, (s = await renderUtterance(asSpelled(text), voice)));
  return s;
}

/** Renders every utterance of a visit as WAV files in `dir` and returns the visit file that plays them. */
export async function renderVisit(v: VoiceVisit, voice: RenderVoice, cond: Condition, dir: string): Promise<ReturnType<typeof visitFileSchema.parse>> {
  await mkdir(dir, { recursive: true });
  const answers: Record<string, Utterance[]> = {};
  let k = 0;
  for (const [field, said] of Object.entries(v.says)) {
    answers[field] = [];
    // Asked again ("Sorry, I didn't catch that"), a person says it again: the last line once more.
    const lines = [...said, said[said.length - 1] as string];
    for (const line of lines) {
      const clean = await renderCached(line, voice);
      const padded = new Int16Array(clean.length + (PAD_LEAD_MS + PAD_TRAIL_MS) * 16);
      padded.set(clean, PAD_LEAD_MS * 16);
      const audio = cond.noise ? mixNoise(padded, cond.noise.snrDb, cond.noise.seed + k, cond.noise.kind) : padded;
      const file = join(dir, `${v.id}-${cond.label}-${k++}.wav`);
      await writeWavFile(file, audio);
      answers[field].push({ audio: file });
    }
  }
  return visitFileSchema.parse({ answers });
}

/** Runs one rendered visit through the real simulate path and scores the stored lead. */
export async function runVoiceVisit(
  runtime: Runtime,
  v: VoiceVisit,
  voice: RenderVoice,
  cond: Condition,
  dir: string,
  opts: Omit<AudioSimulationOptions, 'waitSyncMs'>,
): Promise<VisitOutcome> {
  const script = await renderVisit(v, voice, cond, dir);
  const result = await simulateAudioVisit(runtime, script, { waitSyncMs: 0, ...opts });
  const c = result.contact;
  const got: Record<Field, string | null> = { name: c?.name ?? null, phone: c?.phone ?? null, email: c?.email ?? null, reason: c?.reason ?? null };
  const ok = Object.fromEntries(FIELDS.map((f) => [f, got[f] !== null && got[f]!.toLowerCase() === v.want[f].toLowerCase()])) as Record<Field, boolean>;
  // Each run starts from no contact: the noisy run of a visit (same phone) joined the contact its clean run stored,
  // and a field it left to the screen was scored with the clean run's value.
  if (c) runtime.crm.erase(c.id, { kind: 'staff', id: 'voice-visits', name: 'Voice visits' });
  return { visit: v, voice, condition: cond.label, result, got, ok };
}

/** Exact-match share per field for one condition group. */
export function accuracy(outcomes: readonly VisitOutcome[]): Record<Field, { correct: number; n: number }> {
  return Object.fromEntries(FIELDS.map((f) => [f, { correct: outcomes.filter((o) => o.ok[f]).length, n: outcomes.length }])) as Record<
    Field,
    { correct: number; n: number }
  >;
}

/** A printable table: one row per condition, then the misses with what was heard. */
export function report(title: string, groups: Record<string, readonly VisitOutcome[]>): string {
  const lines = [`${title}`, `  ${'condition'.padEnd(12)} ${FIELDS.map((f) => f.padStart(12)).join(' ')}   visits`];
  for (const [label, os] of Object.entries(groups)) {
    const a = accuracy(os);
    lines.push(
      `  ${label.padEnd(12)} ${FIELDS.map((f) => `${a[f].correct}/${a[f].n} ${Math.round((100 * a[f].correct) / Math.max(1, a[f].n))}%`.padStart(12)).join(' ')}   ${os.length}`,
    );
  }
  // Wrong values stored (a value kept that is not the visitor's): the issue wants none; a field left empty (null or "") is none.
  for (const [label, os] of Object.entries(groups))
    lines.push(`  wrong ${label.padEnd(11)} ${FIELDS.map((f) => String(os.filter((o) => !!o.got[f] && !o.ok[f]).length).padStart(12)).join(' ')}`);
  for (const [label, os] of Object.entries(groups)) {
    for (const o of os) {
      for (const f of FIELDS) {
        if (o.ok[f]) continue;
        const heard = o.result.turns.filter((t) => t.fieldId === (f === 'reason' ? 'reason' : f)).map((t) => t.heard ?? '(silence)');
        lines.push(
          `  miss ${label} ${o.visit.id} ${o.voice} ${f}: want ${o.visit.want[f]}, got ${o.got[f] ?? `(${o.result.outcome})`}; heard ${JSON.stringify(heard)}`,
        );
      }
    }
  }
  // The whole conversation of each visit with a miss (VOICE_VISITS_TRACE=1): what the robot said, what it heard.
  if (process.env.VOICE_VISITS_TRACE)
    for (const [label, os] of Object.entries(groups))
      for (const o of os.filter((x) => process.env.VOICE_VISITS_TRACE === 'all' || FIELDS.some((f) => !x.ok[f]))) {
        lines.push(`  trace ${label} ${o.visit.id} ${o.voice} (${o.result.outcome}):`);
        const t0 = Math.min(...o.result.turns.flatMap((t) => (t.visitor ? [t.visitor.startedAt] : [])));
        const at = (ms: number | undefined) => (ms === undefined ? '-' : `${((ms - t0) / 1000).toFixed(2)}s`);
        for (const t of o.result.turns) {
          lines.push(`    robot [${t.fieldId}] ${t.robot}`);
          const said = t.visitor
            ? `said ${basename(t.visitor.audio ?? t.visitor.say ?? '')} ${at(t.visitor.startedAt)}-${at(t.visitor.endedAt)}`
            : 'said nothing';
          const heard = t.stt ? `heard "${t.heard}" ${at(t.stt.speechStartAt)}-${at(t.stt.speechEndAt)} decode ${t.stt.decodeMs ?? '-'} ms` : 'heard nothing';
          lines.push(`      ${said}; ${heard}`);
        }
      }
  return lines.join('\n');
}
