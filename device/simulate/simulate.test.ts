import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { parseConfig } from '../config/load.js';
import { silentLogger } from '../log.js';
import { startRuntime, type Runtime } from '../runtime.js';
import { simulateVisit } from './run.js';
import { visitFileSchema } from './visit-file.js';

let runtime: Runtime;
const visit = (v: unknown) => simulateVisit(runtime, visitFileSchema.parse(v), { waitSyncMs: 5000 });
const say = (t: string) => ({ say: t });
const allAnswers = {
  name: say('my name is Ana Lopez'),
  phone: say('four one five five five five zero one two three'),
  email: say('ana dot lopez at example dot com'),
  reason: say('I want some highlights'),
  heard_from: say('I was walking by'),
  contact_method: say('a call please'),
  consent: say('yes'),
  confirm: say('yes'),
};

beforeAll(async () => {
  runtime = await startRuntime({
    config: parseConfig({ device: { id: 'sim-test' } }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-sim-')),
    log: silentLogger(),
    http: false,
    body: new SimulatedBody(0),
  });
});
afterAll(() => runtime.stop());

describe('simulated visits through the real runtime', () => {
  it('stores a voice lead, tags it, and gets it acknowledged by the bridge', async () => {
    const gestures: string[] = [];
    runtime.body.on('gesture', (g) => gestures.push(g.name));
    const r = await visit({ answers: allAnswers });
    expect(gestures).toEqual(expect.arrayContaining(['greet', 'look', 'thinking', 'nod', 'farewell']));
    expect(r.outcome).toBe('stored');
    expect(r.contact).toMatchObject({ name: 'Ana Lopez', phone: '+14155550123', email: 'ana.lopez@example.com', reason: 'hair-coloring', source: 'simulate' });
    expect(r.contact!.tags).toContain('hair-coloring');
    expect(r.sync.state).toBe('delivered');
    expect(r.metrics.fieldsByVoice.sort()).toEqual(['consent', 'contact_method', 'email', 'heard_from', 'name', 'phone', 'reason']);
    expect(r.transcript.filter((l) => l.who === 'visitor').map((l) => l.text)).toContain('my name is Ana Lopez');
    expect(r.contact!.transcript.length).toBe(r.transcript.length);
    expect(r.metrics.gesturesPlayed).toBeGreaterThan(0);
    expect(runtime.body.state().lastGesture).toBeDefined();
  });

  it('plays turns in order when no per-field answer is given', async () => {
    const r = await visit({ turns: ['Bob Stone', '415 555 0100', 'bob at example dot com', 'a trim', 'on google', 'email me', 'yes', 'yes'].map(say) });
    expect(r.outcome).toBe('stored');
    expect(r.contact).toMatchObject({ name: 'Bob Stone', phone: '+14155550100', email: 'bob@example.com', reason: 'haircut' });
  });

  it('takes a correction at the read-back', async () => {
    const r = await visit({ answers: { ...allAnswers, confirm: [say('no, my phone number is four one five five five five zero one nine nine'), say('yes')] } });
    expect(r.outcome).toBe('stored');
    expect(r.contact!.phone).toBe('+14155550199');
  });

  it('asks again after silence or an answer it cannot use', async () => {
    const r = await visit({
      answers: { ...allAnswers, phone: [say('five five'), say('four one five five five five zero one two three')], email: [] },
      turns: [say('ana at example dot com')],
    });
    expect(r.outcome).toBe('stored');
    expect(r.contact!.email).toBe('ana@example.com');
    expect(r.turns.filter((t) => t.fieldId === 'phone')).toHaveLength(2);
  });

  it('stores nothing when consent is declined', async () => {
    const before = runtime.contacts.count();
    const r = await visit({ answers: { ...allAnswers, consent: say('no thank you') } });
    expect(r.outcome).toBe('declined');
    expect(r.contact).toBeNull();
    expect(runtime.contacts.count()).toBe(before);
  });

  it('does not ask for fields typed on the screen', async () => {
    const r = await visit({
      touch: { name: 'Chen Wu', email: 'chen@example.com' },
      turns: ['four one five five five five zero one four four', 'styling', 'a friend', 'text', 'yes', 'yes'].map(say),
    });
    expect(r.outcome).toBe('stored');
    expect(r.transcript.some((l) => l.fieldId === 'name' && l.who === 'robot')).toBe(false);
    expect(r.metrics.fieldsByTouch.sort()).toEqual(['email', 'name']);
    expect(r.contact).toMatchObject({ name: 'Chen Wu', reason: 'styling' });
  });

  it('leaves a visit incomplete when a required answer never comes', async () => {
    const r = await visit({ answers: { name: say('Dana') } });
    expect(r.outcome).toBe('incomplete');
    expect(r.contact).toBeNull();
    expect(r.metrics.silentTurns).toBeGreaterThan(0);
  });

  it('walks away after the phone: the partial lead keeps the phone marked not confirmed, and not the name heard', async () => {
    const r = await visit({
      answers: { name: say('my name is Walt Away'), phone: say('four one five five five five zero one six six'), consent: say('yes') },
    });
    expect(r.outcome).toBe('incomplete');
    expect(r.contact).toMatchObject({ phone: '+14155550166', unconfirmed: ['phone'] });
    expect(r.contact!.name).not.toMatch(/Walt/);
    const v = r.contact!.timeline.find((t) => t.activity.type === 'visit')!;
    expect(v.summary).toMatch(/^Unfinished visit/);
    expect(v.activity.type === 'visit' && v.activity.data.unconfirmed).toEqual(['phone']);
    // A second visit by the same visitor, confirmed at the read-back, makes the phone confirmed.
    const back = await visit({ answers: { ...allAnswers, phone: say('four one five five five five zero one six six') } });
    expect(back.outcome).toBe('stored');
    expect(back.contact).toMatchObject({ id: r.contact!.id, returning: true, unconfirmed: [] });
  });

  it('a touch-only visit submits the form and explains what is wrong', async () => {
    const bad = await visit({ touch: { name: 'Eve', phone: '12', email: 'eve@', reason: 'haircut', consent: false } });
    expect(bad.outcome).toBe('invalid');
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(['consent', 'email', 'phone']);
    expect(bad.fieldErrors.email).toMatch(/name@example\.com/);
    const good = await visit({ touch: { name: 'Eve', phone: '(415) 555-0111', email: 'eve@example.com', reason: 'other', consent: true } });
    expect(good.outcome).toBe('stored');
    expect(good.contact!.phone).toBe('+14155550111');
  });
});

describe("a business's own words for its answers", () => {
  let own: Runtime;
  beforeAll(async () => {
    own = await startRuntime({
      config: parseConfig({
        device: { id: 'sim-words', timezone: 'America/New_York' },
        business: { hours: { monday: { open: '09:00', close: '18:00' } }, services: [{ name: 'A haircut', price: '$40', synonyms: ['haircut'] }] },
        messages: { 'answer.closed': 'Sadly {when} we rest.', 'day.sunday': 'Sunday, our day off', 'answer.price': 'For {service} we ask {price}.' },
      }),
      dataDir: mkdtempSync(join(tmpdir(), 'fd-sim-words-')),
      log: silentLogger(),
      http: false,
      body: new SimulatedBody(0),
    });
  });
  afterAll(() => own.stop());

  it('a messages override changes the answer the visitor hears, and the visit goes on where it was', async () => {
    const r = await simulateVisit(
      own,
      visitFileSchema.parse({
        answers: {
          ...allAnswers,
          name: [say('are you open on sunday?'), say('my name is Ana Lopez')],
          email: [say('how much is a haircut?'), allAnswers.email],
        },
      }),
      { waitSyncMs: 0 },
    );
    const robot = r.transcript.filter((l) => l.who === 'robot').map((l) => l.text);
    const prompt = (id: string) => own.config.intake.fields.find((f) => f.id === id)!.prompt;
    expect(robot).toContain(`Sadly on Sunday, our day off we rest. Now, where were we? ${prompt('name')}`);
    expect(robot).toContain(`For A haircut we ask $40. Now, where were we? ${prompt('email')}`);
    expect(robot.some((l) => /closed|is \$40/.test(l))).toBe(false); // the default words are not said
    expect(r.outcome).toBe('stored');
    expect(r.contact).toMatchObject({ name: 'Ana Lopez', email: 'ana.lopez@example.com' });
  });
});

describe('presence', () => {
  it('opens a visit when someone arrives and closes it when they leave without answering', async () => {
    const body = runtime.body as SimulatedBody;
    const before = runtime.visits.current();
    if (before?.open) runtime.visits.close(before, 'abandoned');
    body.simulatePresence(true);
    const visit = runtime.visits.current()!;
    expect(visit.open).toBe(true);
    expect(visit.trigger).toBe('presence');
    body.simulatePresence(false);
    expect(visit.stage).toBe('abandoned');

    body.simulatePresence(true);
    const typed = runtime.visits.current()!;
    runtime.visits.applyTouch(typed.id, { name: 'Kim' });
    body.simulatePresence(false);
    expect(typed.open).toBe(true); // someone was typing: the form stays until its idle timeout
    runtime.visits.close(typed, 'abandoned');
  });
});

describe('the CRM through simulated visits', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fd-sim-crm-'));
  const base = parseConfig({});
  const config = parseConfig({
    device: { id: 'sim-crm' },
    intake: {
      fields: [
        ...base.intake.fields.filter((f) => f.id !== 'heard_from'), // the test's own "how did you hear" field
        { id: 'notes', kind: 'text', label: 'Anything else?', prompt: 'Anything else we should know?', required: false },
        { id: 'heard', kind: 'text', label: 'How did you hear about us?', prompt: 'How did you hear about us?', required: false },
      ],
    },
  });
  let crmRuntime: Runtime;
  const start = async () => {
    crmRuntime = await startRuntime({ config, dataDir, log: silentLogger(), http: false, body: new SimulatedBody(0) });
  };
  const touch = (t: Record<string, string | boolean>) =>
    simulateVisit(crmRuntime, visitFileSchema.parse({ touch: { reason: 'other', consent: true, ...t } }), { waitSyncMs: 0 });
  beforeAll(start);
  afterAll(() => crmRuntime.stop());

  it('a returning visitor by phone is one contact with two visits and the latest fields', async () => {
    const first = await touch({ name: 'Gil Ross', phone: '415 555 0301', email: 'gil@example.com' });
    const again = await touch({ name: 'Gilbert Ross', phone: '(415) 555-0301', email: 'gilbert@example.com', reason: 'haircut' });
    expect(again.contact!.id).toBe(first.contact!.id);
    expect(again.contact).toMatchObject({ name: 'Gilbert Ross', email: 'gilbert@example.com', visits: 2, returning: true });
    expect(first.contact!.returning).toBe(false);
    const story = again.contact!.timeline.map((t) => t.summary);
    expect(story.filter((s) => s.startsWith('Returning visit') || s.startsWith('Visit'))).toHaveLength(2);
    expect(story).toContain('Your name changed from Gil Ross to Gilbert Ross');
    expect(crmRuntime.crm.list({ search: 'Ross' }).total).toBe(1);
  });

  it('a returning visitor by email is one contact too', async () => {
    const first = await touch({ name: 'Hana Ito', phone: '415 555 0302', email: 'hana@example.com' });
    const again = await touch({ name: 'Hana Ito', phone: '415 555 0303', email: 'HANA@example.com' });
    expect(again.contact!.id).toBe(first.contact!.id);
    expect(again.contact).toMatchObject({ phone: '+14155550303', visits: 2 });
  });

  it('synonyms in free text become canonical tags; "how did you hear" becomes the campaign', async () => {
    const r = await touch({
      name: 'Ivy Park',
      phone: '415 555 0304',
      email: 'ivy@example.com',
      notes: 'color service inquiry, maybe a blowout',
      heard: 'saw you on insta',
    });
    expect(r.contact!.tags.sort()).toEqual(['hair-coloring', 'instagram', 'styling']);
    expect(r.contact!.sourceDetail).toMatchObject({ channel: 'simulate', deviceId: 'sim-crm', campaign: 'instagram' });
    expect(r.contact!.stageDetail).toMatchObject({ id: 'new-inquiry', name: 'New inquiry' });
    expect(r.contact!.tagDetails.find((t) => t.id === 'hair-coloring')).toEqual({ id: 'hair-coloring', name: 'Hair coloring', category: 'service' });
    expect(r.contact!.profile).toContain('Wants: Hair coloring, Styling (service interest)');
    expect(r.contact!.profile).toContain('heard of us via Instagram');
  });

  it('a spoken synonym is tagged from the transcript', async () => {
    const r = await simulateVisit(
      crmRuntime,
      visitFileSchema.parse({
        touch: { name: 'Jo Lee', email: 'jo@example.com', consent: true, phone: '415 555 0305' },
        answers: { reason: say('I am interested in hair coloring'), notes: say('nothing else'), heard: say('my friend recommended you'), confirm: say('yes') },
      }),
      { waitSyncMs: 0 },
    );
    expect(r.outcome).toBe('stored');
    expect(r.contact!.tags).toContain('hair-coloring');
  });

  it('a visit that says nothing taggable gets no tag', async () => {
    const r = await touch({ name: 'Kai Moe', phone: '415 555 0306', email: 'kai@example.com', notes: 'just browsing today' });
    expect(r.contact!.tags).toEqual([]);
    expect(r.contact!.profile).toContain('Wants: Anything else?: "just browsing today"');
  });

  it('a run on an existing data directory meets the contacts already there', async () => {
    const before = await touch({ name: 'Lu Ng', phone: '415 555 0307', email: 'lu@example.com' });
    await crmRuntime.stop();
    await start();
    const after = await touch({ name: 'Lu Ng', phone: '415 555 0307', email: 'lu@example.com' });
    expect(after.contact).toMatchObject({ id: before.contact!.id, visits: 2, returning: true });
  });
});
