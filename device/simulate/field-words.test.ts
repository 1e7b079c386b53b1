/**
 * A field's own words (issue 15: "each field: ... spoken prompt and re-prompt, help text"): the re-prompt staff
 * wrote is what the robot says after an answer it cannot use, in place of the type's default; the help text reaches
 * the kiosk's view of the field. Through the real runtime in text mode (simulate).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { parseConfig } from '../config/load.js';
import { silentLogger } from '../log.js';
import { startRuntime, type Runtime } from '../runtime.js';
import { fieldView } from '../visit/fields.js';
import { simulateVisit } from './run.js';
import { visitFileSchema } from './visit-file.js';

const REPROMPT = 'Just the number of people in your party, from one to eight, please.';
const HELP = 'Count yourself too.';
const config = parseConfig({
  device: { id: 'field-words' },
  intake: {
    fields: [
      { id: 'name', kind: 'name', label: 'Your name', prompt: 'May I have your name?' },
      { id: 'phone', kind: 'phone', label: 'Phone number', prompt: 'Your phone number?' },
      { id: 'guests', kind: 'number', label: 'Party size', prompt: 'How many of you?', reprompt: REPROMPT, help: HELP, min: 1, max: 8 },
      { id: 'age', kind: 'number', label: 'Age', prompt: 'And your age?', min: 18, max: 120, required: false },
      { id: 'consent', kind: 'consent', label: 'Consent', prompt: 'May we keep your details? Please say yes or no.' },
    ],
  },
});

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startRuntime({
    config,
    dataDir: mkdtempSync(join(tmpdir(), 'fd-field-words-')),
    log: silentLogger(),
    http: false,
    body: new SimulatedBody(0),
  });
});
afterAll(() => runtime.stop());

const say = (t: string) => ({ say: t });

describe("a field's own words", () => {
  it("says the staff's re-prompt after an answer it cannot use, and the type's default where none was written", async () => {
    const r = await simulateVisit(
      runtime,
      visitFileSchema.parse({
        answers: {
          name: say('my name is Ana Lopez'),
          phone: say('four one five five five five zero one two three'),
          guests: [say('twenty'), say('three')],
          age: [say('ten'), say('forty')],
          consent: say('yes'),
          confirm: say('yes'),
        },
      }),
      { waitSyncMs: 0 },
    );
    expect(r.outcome).toBe('stored');
    expect(r.contact!.fields).toMatchObject({ guests: 3, age: 40 });
    const robot = r.transcript.filter((l) => l.who === 'robot');
    // "twenty" is out of range: asked again in the staff's words, not the default line.
    expect(robot.filter((l) => l.fieldId === 'guests').map((l) => l.text)).toEqual(['How many of you?', REPROMPT]);
    // A field without its own re-prompt is asked again in the type's default words, which say its limits: "ten" is
    // a number, just not one from 18 to 120 ("what number is it?" left the visitor guessing why).
    expect(robot.filter((l) => l.fieldId === 'age').map((l) => l.text)).toEqual(['And your age?', 'Sorry, please say a number from 18 to 120.']);
  });

  it('gives the kiosk the help text with the field', () => {
    const f = config.intake.fields.find((x) => x.id === 'guests')!;
    expect(fieldView(f, config).help).toBe(HELP);
    expect(fieldView(config.intake.fields[0]!, config).help).toBeUndefined();
  });
});
