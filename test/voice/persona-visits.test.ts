/**
 * Persona voice visits (test/support/persona-visits.ts) through the real audio path: a form with every field type,
 * questions, requests for a person, names and domains outside the vocabulary, spelling, a returning visitor, in
 * several voices, clean and at 15 dB SNR. CI runs a small subset and asserts only what the product meets with
 * margin (a person request handed over and none triggered, a question answered, an unknown name never stored as
 * a known one); the bench
 * (`node dist/test/bench/run.js persona-visits`) runs the fixtures and the held-out set and prints the figures.
 *
 * PERSONA_VISITS_ONLY=p01,p04 runs those fixtures only (clean and noisy), report only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../device/config/load.js';
import { silentLogger } from '../../device/log.js';
import { startRuntime, type Runtime } from '../../device/runtime.js';
import { createTts } from '../../device/speech/audio-speech.js';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { PocketSphinxStt } from '../../models/stt/pocketsphinx/engine.js';
import type { TtsEngine } from '../../models/tts/types.js';
import { FIXTURE_PERSONA_VOICES, PERSONA_FIXTURES, PERSONA_FORM, personaReport, runPersonaVisit, type PersonaOutcome } from '../support/persona-visits.js';
import { closeRenderers } from '../support/render-speech.js';
import { SALON_PROFILE } from '../support/salon-profile.js';

const SPEED = Number(process.env.VOICE_VISITS_SPEED ?? 10);
const ONLY = process.env.PERSONA_VISITS_ONLY?.split(',');
/** The CI subset: a plain lead with a question, a request for a person, an out-of-vocabulary name and domain. */
const CI_SET = ['p02', 'p06', 'p04'];

let runtime: Runtime;
let stt: PocketSphinxStt;
let tts: TtsEngine;
const dir = mkdtempSync(join(tmpdir(), 'fd-persona-visits-'));

beforeAll(async () => {
  const config = parseConfig({
    device: { id: 'persona-visits' },
    intake: { fields: PERSONA_FORM },
    business: SALON_PROFILE,
    speech: { mode: 'audio', tts: { engine: 'flite' } },
  });
  runtime = await startRuntime({ config, dataDir: join(dir, 'data'), log: silentLogger(), http: false, body: new SimulatedBody(0) });
  stt = new PocketSphinxStt();
  await stt.ready();
  tts = createTts(config.speech);
});
afterAll(async () => {
  await stt?.close();
  await tts?.close();
  await runtime?.stop();
  await closeRenderers();
  rmSync(dir, { recursive: true, force: true });
});

describe('persona voice visits', () => {
  it('hands over on request, answers questions and never stores an unknown name as a known one (CI subset)', async () => {
    const t0 = Date.now();
    const ids = ONLY ?? CI_SET;
    const opts = { speed: SPEED, playbackSpeed: 4 * SPEED, stt, tts };
    const clean: PersonaOutcome[] = [];
    const noisy: PersonaOutcome[] = [];
    for (const [i, v] of PERSONA_FIXTURES.entries()) {
      if (!ids.includes(v.id)) continue;
      const voice = FIXTURE_PERSONA_VOICES[i % FIXTURE_PERSONA_VOICES.length]!;
      clean.push(await runPersonaVisit(runtime, v, voice, { label: 'clean' }, opts));
      if (ONLY || v.id === 'p02')
        noisy.push(await runPersonaVisit(runtime, v, voice, { label: 'noisy15', noise: { kind: 'babble', snrDb: 15, seed: 7000 + i } }, opts));
    }
    console.log(personaReport(`persona visits: ${ids.join(', ')}; speed ${SPEED}; ${((Date.now() - t0) / 1000).toFixed(0)} s`, { clean, noisy15: noisy }));
    expect(clean.length).toBeGreaterThan(0);
    if (ONLY) return;
    const all = [...clean, ...noisy];
    // Asserted: what the product meets with margin (docs/voice-accuracy.md has the figures). Not asserted yet: no
    // wrong value at all (an email domain outside the vocabulary is still heard as the nearest provider).
    expect(all.filter((o) => o.person.asked).every((o) => o.person.handedOver)).toBe(true);
    expect(all.filter((o) => !o.person.asked && o.person.handedOver)).toEqual([]);
    expect(all.reduce((n, o) => n + o.questions.answeredRight, 0)).toBeGreaterThanOrEqual(1);
    // A name outside the vocabulary is never stored as the nearest one the robot knows: p04 (Keiko Tanaka) is heard
    // "paul thomas", and her "no, my name is Keiko Tanaka" at the read-back has a path of its own in the read-back's
    // grammar (it was heard "that is correct" by the plain yes/no grammar, about 1 run in 3).
    expect(
      all.filter((o) => o.visit.oov && o.fields.name?.score === 'wrong').map((o) => `${o.visit.id} ${o.condition}: ${String(o.fields.name?.got)}`),
    ).toEqual([]);
  }, 300_000);
});
