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
