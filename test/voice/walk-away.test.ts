/**
 * A walk-away over the real audio path (device/simulate/audio-run.ts: the persona's words rendered in a Flite voice
 * as `simulate --speech audio` renders them, heard by Silero VAD, RNNoise and PocketSphinx): the visitor gives a
 * name, a phone number, what brings them in and consent by voice, then says nothing more. The partial lead keeps
 * what consent allows: what the visitor confirmed (typed on the screen) as it is, the closed-vocabulary voice values
 * (the phone, the choice) marked "not confirmed", and never the name heard by voice and never read back; the
 * walk-away rule tells the team to call back, naming the value to check; and the visit ends in a bounded time (each
 * silence is the dialog's 8 s wait, run `SPEED` times faster: scaledTimeoutMs). Audio is rendered at run time,
 * never committed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../device/config/load.js';
import { silentLogger } from '../../device/log.js';
import { startRuntime, type Runtime } from '../../device/runtime.js';
import { simulateAudioVisit } from '../../device/simulate/audio-run.js';
import { scaledTimeoutMs } from '../../device/simulate/audio-visitor.js';
import { visitFileSchema } from '../../device/simulate/visit-file.js';
import { DIALOG } from '../../device/visit/dialog.js';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { PocketSphinxStt } from '../../models/stt/pocketsphinx/engine.js';
import { handoffConfig } from '../support/handoff-config.js';

const SPEED = 10;
const dir = mkdtempSync(join(tmpdir(), 'fd-walk-away-'));
let runtime: Runtime;
let stt: PocketSphinxStt;

beforeAll(async () => {
  const config = parseConfig({
    device: { id: 'walk-away' },
    intake: {
      fields: [
        { id: 'name', kind: 'name', label: 'Your name', prompt: 'May I have your name?' },
        { id: 'phone', kind: 'phone', label: 'Phone number', prompt: 'What is your phone number?' },
        {
          id: 'reason',
          kind: 'choice',
          label: 'Reason',
          prompt: 'What brings you in today?',
          choices: [
            { value: 'haircut', label: 'Haircut', synonyms: ['a haircut', 'a cut'] },
            { value: 'hair-coloring', label: 'Hair coloring', synonyms: ['color', 'highlights'] },
          ],
        },
        { id: 'company', kind: 'text', label: 'Company', prompt: 'Which company are you with?', required: false },
        { id: 'consent', kind: 'consent', label: 'Consent', prompt: 'May we keep your details to contact you?' },
        { id: 'email', kind: 'email', label: 'Email', prompt: 'And your email address?' },
      ],
    },
    speech: { mode: 'audio', tts: { engine: 'flite' } },
    ...handoffConfig({
      rules: [
        {
          id: 'walk',
          name: 'Walk-away callback',
          when: { on: 'visit-abandoned' },
          then: [
            { do: 'create-task', title: 'Call back the walk-away', due: { minutes: 10, businessHours: false }, for: { kind: 'on-shift' } },
            { do: 'notify', to: { kind: 'on-shift' } },
          ],
        },
      ],
    }),
  });
  runtime = await startRuntime({ config, dataDir: join(dir, 'data'), log: silentLogger(), http: false, body: new SimulatedBody(0) });
  stt = new PocketSphinxStt();
  await stt.ready();
});
afterAll(async () => {
  await stt?.close();
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a walk-away over audio', () => {
  it('keeps the confirmed and the closed-vocabulary values (marked not confirmed), never the name heard, tells the team, and ends in bounded time', async () => {
    const persona = {
      name: 'John Walker',
      phone: '4155550166',
      email: 'john.walker@gmail.com',
      reason: 'a haircut please',
      consent: true,
      walkAwayAt: 'email',
      seed: 1,
    };
    const started = Date.now();
    const r = await simulateAudioVisit(runtime, visitFileSchema.parse({ persona, touch: { company: 'Acme Studio' } }), {
      waitSyncMs: 0,
      speed: SPEED,
      playbackSpeed: 4 * SPEED,
      visitorVoice: 'flite:rms',
      stt,
    });
    const wall = Date.now() - started;
    const heard = (id: string) => r.turns.filter((t) => t.fieldId === id).map((t) => t.heard);
    const why = JSON.stringify(r.turns.map((t) => [t.fieldId, t.heard]));

    // It spoke its name, phone, reason and consent, and was heard; then it was gone.
    expect(heard('name')[0], why).toMatch(/john walker$/);
    expect(heard('phone')[0], why).toMatch(/four one five five five five zero one six six$/);
    expect(r.persona, why).toMatchObject({ gaveUp: true });
    // Asked for the email, then asked again on each silence (DIALOG.silenceReprompts), then left to the screen.
    expect(heard('email')).toEqual(Array.from({ length: DIALOG.silenceReprompts + 1 }, () => null));
    // Then the robot read back what it would keep (the read-back before a partial lead) and heard nothing: silence
    // is no yes, so nothing it read becomes confirmed.
    const lastEmail = r.turns.map((t) => t.fieldId).lastIndexOf('email');
    const after = r.turns.slice(lastEmail + 1);
    expect(after.length, why).toBeGreaterThan(0);
    expect(
      after.map((t) => [t.fieldId, t.heard]),
      why,
    ).toEqual(after.map(() => ['confirm', null]));
    expect(r.outcome).toBe('incomplete');

    // The partial lead: consent given and a phone, so it is kept.
    const c = r.contact!;
    expect(c, why).not.toBeNull();
    expect(c.phone).toBe('+14155550166');
    expect((c.fields as Record<string, unknown>).reason).toBe('haircut');
    expect((c.fields as Record<string, unknown>).company).toBe('Acme Studio'); // typed on the screen: confirmed, kept as it is
    expect(c.unconfirmed).toEqual(['phone', 'reason']); // heard by voice, never read back
    expect(c.name).not.toMatch(/john|walker/i); // a name heard by voice and never confirmed is no fact
    expect(c.email).toBeNull();
    const v = c.timeline.find((t) => t.activity.type === 'visit')!;
    expect(v.summary).toMatch(/^Unfinished visit/);
    expect(v.activity.type === 'visit' && v.activity.data.unconfirmed).toEqual(['phone', 'reason']);

    // The walk-away rule, as in the text run: a call-back task for whoever is on shift, and everyone on shift told
    // what to check first.
    expect(c.tasks).toEqual([expect.objectContaining({ title: 'Call back the walk-away', assignee: null, rule: 'walk' })]);
    expect(c.notifications).toEqual([
      expect.objectContaining({
        message: 'Walk-away callback: A visitor (walked away after giving phone, phone heard by voice and never confirmed)',
        recipients: ['tom', 'maria', 'sam'],
      }),
    ]);

    // Bounded: the three silences take at least the scaled wait each, and the whole visit is over well within CI's budget.
    const silences = (DIALOG.silenceReprompts + 1) * scaledTimeoutMs(DIALOG.listenTimeoutMs, SPEED, false);
    expect(r.metrics.durationMs).toBeGreaterThanOrEqual(silences);
    expect(r.metrics.durationMs).toBeLessThan(silences + 15_000);
    console.log(`audio walk-away: ${r.turns.length} turns, visit ${r.metrics.durationMs} ms, run ${wall} ms (speed ${SPEED})`);
  }, 60_000);
});
