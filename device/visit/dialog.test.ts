/**
 * Touch while the robot talks: the dialog yields a field to the screen the moment the visitor changes it, does not
 * talk over someone typing, re-reads the record after a change, and stops when the form is sent.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import type { Heard, ListenRequest, Listener, Spoken, Voice } from '../../models/speech.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { parseConfig } from '../config/load.js';
import { crmServiceFor } from '../crm/for-config.js';
import { silentLogger } from '../log.js';
import { ContactStore } from '../store/contacts.js';
import { openDatabase, type Db } from '../store/database.js';
import { localDayIn } from '../time.js';
import { VoiceDialog } from './dialog.js';
import type { Visit } from './visit.js';
import { VisitManager } from './visits.js';

const config = parseConfig({});

/** Records what the robot says, with when. */
class RecordingVoice implements Voice {
  readonly kind = 'test';
  readonly said: { text: string; at: number }[] = [];
  async say(text: string, signal?: AbortSignal): Promise<Spoken> {
    signal?.throwIfAborted();
    const at = Date.now();
    this.said.push({ text, at });
    return { text, startedAt: at, endedAt: at, interrupted: false, engine: this.kind };
  }
}

/** Answers each listen from `answer(req)`: a string is heard at once, null is silence, 'hold' waits for an abort. */
class ScriptedListener implements Listener {
  readonly kind = 'test';
  readonly asked: string[] = [];
  constructor(private readonly answer: (req: ListenRequest, n: number) => string | null | 'hold') {}
  listen(req: ListenRequest, signal?: AbortSignal): Promise<Heard | null> {
    this.asked.push(req.fieldId);
    const a = this.answer(req, this.asked.filter((f) => f === req.fieldId).length);
    if (a === 'hold') {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
    }
    const now = Date.now();
    return Promise.resolve(a === null ? null : { text: a, speechStartAt: now, speechEndAt: now, engine: this.kind });
  }
}

const SPOKEN: Record<string, string> = {
  name: 'my name is Ana Lopez',
  phone: 'four one five five five five zero one two three',
  email: 'ana at example dot com',
  reason: 'a haircut',
  consent: 'yes',
  confirm: 'yes',
};

let db: Db;
let visits: VisitManager;

beforeEach(() => {
  db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-dialog-')), 'd.sqlite'));
  const contacts = new ContactStore(db, new SqliteOutbox(db), 'dialog-test', localDayIn('UTC'));
  visits = new VisitManager(
    () => config,
    contacts,
    new SimulatedBody(0),
    silentLogger(),
    () => undefined,
    crmServiceFor(db, new SqliteOutbox(db), () => config),
  );
});
afterEach(() => db.close());

function dialog(
  visit: Visit,
  listener: Listener,
  voice = new RecordingVoice(),
  touchQuietMs = 0,
): { run: ReturnType<VoiceDialog['run']>; voice: RecordingVoice } {
  return { run: new VoiceDialog({ config, visits, voice, listener, touchQuietMs }, visit).run(), voice };
}

describe('voice dialog with touch on the same form', () => {
  it('stops asking for a field the moment it is typed, and never asks for it again', async () => {
    const visit = visits.open('touch');
    const listener = new ScriptedListener((req) => {
      if (req.fieldId !== 'name') return SPOKEN[req.fieldId] ?? null;
      setTimeout(() => visits.applyTouch(visit.id, { name: 'Mia Ross' }), 50);
      return 'hold'; // the visitor types instead of answering
    });
    const t0 = Date.now();
    const { run, voice } = dialog(visit, listener);
    const result = await run;
    expect(result.outcome).toBe('stored');
    expect(Date.now() - t0).toBeLessThan(2000); // no listen timeout waited out
    expect(listener.asked.filter((f) => f === 'name')).toHaveLength(1);
    expect(visit.filledBy.name).toBe('touch');
    expect(voice.said.find((s) => s.text.startsWith('Let me check'))?.text).toContain('Mia Ross');
    expect(voice.said.some((s) => s.text.startsWith('Sorry'))).toBe(false);
  });

  it('does not talk over someone typing: the next question waits until the screen is still', async () => {
    const visit = visits.open('touch');
    let typing: Promise<void> | undefined;
    const listener = new ScriptedListener((req) => {
      if (req.fieldId === 'name' && !typing) {
        // Four keystrokes 100 ms apart, as the debounced form sends them.
        typing = (async () => {
          for (const v of ['J', 'Jo', 'Jon', 'Jona']) {
            visits.applyTouch(visit.id, { name: v });
            await new Promise((r) => setTimeout(r, 100));
          }
        })();
        return 'hold';
      }
      return SPOKEN[req.fieldId] ?? null;
    });
    const { run, voice } = dialog(visit, listener, new RecordingVoice(), 400);
    await run;
    const phonePrompt = voice.said.find((s) => s.text === config.intake.fields[1]!.prompt)!;
    const nameAskedAt = voice.said.find((s) => s.text === config.intake.fields[0]!.prompt)!.at;
    // Typing lasted ~300 ms after the name prompt; the phone prompt came at least 400 ms after the last key.
    expect(phonePrompt.at - nameAskedAt).toBeGreaterThanOrEqual(300 + 400 - 20);
    expect(visit.values.name).toBe('Jona');
  });

  it('leaves a half-typed field to the screen instead of asking for it or naming it', async () => {
    const visit = visits.open('touch');
    const listener = new ScriptedListener((req) => {
      if (req.fieldId !== 'phone') return SPOKEN[req.fieldId] ?? null;
      visits.applyTouch(visit.id, { phone: '415' });
      return 'hold';
    });
    const { run, voice } = dialog(visit, listener);
    const result = await run;
    expect(result.outcome).toBe('incomplete');
    expect(listener.asked.filter((f) => f === 'phone')).toHaveLength(1);
    expect(voice.said.some((s) => /still need/.test(s.text))).toBe(false);
    expect(visit.open).toBe(true); // the visitor finishes on the screen and presses Send
  });

  it('re-reads the record when a field is changed on the screen during the read-back', async () => {
    const visit = visits.open('touch');
    let changed = false;
    const listener = new ScriptedListener((req) => {
      if (req.fieldId === 'confirm' && !changed) {
        changed = true;
        setTimeout(() => visits.applyTouch(visit.id, { email: 'ana.lopez@example.org' }), 20);
        return 'hold';
      }
      return SPOKEN[req.fieldId] ?? null;
    });
    const { run, voice } = dialog(visit, listener);
    const result = await run;
    expect(result.outcome).toBe('stored');
    const readBacks = voice.said.filter((s) => s.text.startsWith('Let me check'));
    expect(readBacks).toHaveLength(2);
    expect(readBacks[0]!.text).toContain('ana@example.com');
    expect(readBacks[1]!.text).toContain('ana.lopez@example.org');
    expect(visits.get(visit.id).values.email).toBe('ana.lopez@example.org');
  });

  it('stops at once when the form is sent on the screen', async () => {
    const visit = visits.open('touch');
    const listener = new ScriptedListener((req) => {
      if (req.fieldId !== 'email') return SPOKEN[req.fieldId] ?? null;
      setTimeout(() => visits.submit(visit.id, { email: 'ana@example.com', reason: 'styling', consent: true }, 'touch'), 20);
      return 'hold';
    });
    const { run, voice } = dialog(visit, listener);
    const result = await run;
    expect(result.outcome).toBe('stored');
    expect(visit.stage).toBe('done');
    const last = voice.said[voice.said.length - 1]!.text;
    expect(last).toBe(config.intake.fields[2]!.prompt); // nothing said after the email question
  });
});
