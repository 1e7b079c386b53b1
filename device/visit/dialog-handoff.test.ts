/**
 * "Talk to a person" tapped on the screen while the robot talks: the dialog stops asking at once and says who is
 * coming (the line the handoff gave the kiosk), through the real visits and the runtime's link to the handoff.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import type { Heard, ListenRequest, Listener, Spoken, Voice } from '../../models/speech.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { TEAM } from '../../test/support/handoff-fixtures.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { parseConfig } from '../config/load.js';
import { crmServiceFor } from '../crm/for-config.js';
import { HandoffService } from '../handoff/service.js';
import { silentLogger } from '../log.js';
import { linkPersonRequests } from '../person-request-link.js';
import { ContactStore } from '../store/contacts.js';
import { openDatabase } from '../store/database.js';
import { localDayIn } from '../time.js';
import { VoiceDialog } from './dialog.js';
import { VisitManager } from './visits.js';

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

class RecordingVoice implements Voice {
  readonly kind = 'test';
  readonly said: string[] = [];
  async say(text: string, signal?: AbortSignal): Promise<Spoken> {
    signal?.throwIfAborted();
    this.said.push(text);
    const at = Date.now();
    return { text, startedAt: at, endedAt: at, interrupted: false, engine: this.kind };
  }
}

describe('the screen button while the robot talks', () => {
  it('stops the questions and says who is coming', async () => {
    const config = parseConfig({
      device: { timezone: 'Europe/Paris' },
      handoff: {
        people: TEAM,
        rules: [{ id: 'to-maria', name: 'Maria', when: { on: 'person-requested' }, then: [{ do: 'notify', to: { kind: 'member', member: 'maria' } }] }],
      },
    });
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-dialog-handoff-')), 'd.sqlite'));
    const outbox = new SqliteOutbox(db);
    const crm = crmServiceFor(db, outbox, () => config);
    const handoff = new HandoffService({ crm, db, config: () => config, clock: new ManualClock('2026-03-02T11:00:00.000Z') });
    const visits = new VisitManager(
      () => config,
      new ContactStore(db, outbox, 'd', localDayIn('UTC')),
      new SimulatedBody(0),
      silentLogger(),
      () => undefined,
      crm,
    );
    const unlink = linkPersonRequests(visits, handoff, { config: () => config });
    stops.push(() => (unlink(), db.close()));

    const visit = visits.open('presence');
    const asked: string[] = [];
    // The visitor answers their name, then taps the button while the robot waits for the phone number.
    const listener: Listener = {
      kind: 'test',
      async listen(req: ListenRequest, signal?: AbortSignal): Promise<Heard | null> {
        asked.push(req.fieldId);
        const now = Date.now();
        if (req.fieldId === 'name') return { text: 'Ana Lopez', speechStartAt: now, speechEndAt: now, engine: 'test' };
        visits.requestPerson(visit.id);
        signal?.throwIfAborted();
        return null;
      },
    };
    const voice = new RecordingVoice();
    const result = await new VoiceDialog({ config, visits, voice, listener }, visit).run();
    expect(result.outcome).toBe('handoff');
    expect(asked).toEqual(['name', 'phone']);
    expect(voice.said.at(-1)).toBe('Maria is coming to help you.');
    expect(visit.open).toBe(true); // the visitor may still finish the form with the person
    expect(visit.values).toMatchObject({ name: 'Ana Lopez' });
  });
});
