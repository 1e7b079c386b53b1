/**
 * "Talk to a person" wired: real visits, the real CRM and handoff on a real SQLite file, linked as the runtime links
 * them. A request before consent names nobody; after consent it carries the consented name and phone; the rules say
 * who is coming; an acknowledgement reaches the kiosk; a stored visit takes the request into its story; a visitor who
 * declines leaves nothing in the contacts tables.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../drivers/body/simulated.js';
import { TEAM } from '../test/support/handoff-fixtures.js';
import { handoffOnDb } from '../test/support/handoff-on-db.js';
import { ManualClock } from '../test/support/manual-clock.js';
import { parseConfig } from './config/load.js';
import type { RuleInput } from './handoff/rules.js';
import { type LiveNotification } from './handoff/service.js';
import type { PersonComingView } from './http/contract.js';
import { silentLogger } from './log.js';
import { consentedAnswers, linkPersonRequests } from './person-request-link.js';
import { ContactStore } from './store/contacts.js';
import { localDayIn } from './time.js';
import type { HandoffRequest, Visit } from './visit/visit.js';
import { VisitManager } from './visit/visits.js';

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

// Monday 12:00 in Paris: Tom, Maria and Sam are on shift.
function setup(rules?: RuleInput[], at = '2026-03-02T11:00:00.000Z', hoursZone?: string) {
  const config = parseConfig({
    device: { id: 'lobby-1', timezone: 'Europe/Paris' },
    handoff: { people: TEAM, ...(rules ? { rules } : {}), ...(hoursZone ? { businessHours: { timezone: hoursZone } } : {}) },
  });
  const clock = new ManualClock(at);
  const { db, outbox, crm, handoff } = handoffOnDb(config, clock);
  handoff.start();
  const visits = new VisitManager(
    () => config,
    new ContactStore(db, outbox, 'lobby-1', localDayIn('UTC')),
    new SimulatedBody(0),
    silentLogger(),
    () => undefined,
    crm,
  );
  const unlink = linkPersonRequests(visits, handoff, { config: () => config });
  const live: LiveNotification[] = [];
  handoff.onNotification((n) => live.push(n));
  stops.push(() => {
    unlink();
    handoff.stop();
    db.close();
  });
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { config, clock, db, crm, handoff, visits, live, count };
}

/** Asks for a person as the dialog does; resolves with the reply (who is coming, '' for nobody named). */
function ask(visit: Visit, said = 'can I speak to someone'): string | undefined {
  let who: string | undefined;
  const req: HandoffRequest = { visitId: visit.id, said, fieldId: 'name', at: new Date().toISOString(), reply: (w) => (who ??= w) };
  visit.emit('handoff-requested', req);
  return who;
}

const mariaComes: RuleInput = {
  id: 'person-to-maria',
  name: 'Maria takes walk-in questions',
  when: { on: 'person-requested' },
  then: [
    { do: 'assign', to: { kind: 'member', member: 'maria' } },
    { do: 'notify', to: { kind: 'owner' } },
  ],
};

describe('talk to a person, wired', () => {
  it('before consent: everyone on shift is told at once, about "a visitor at the kiosk", with the visit id and no personal detail', () => {
    const { visits, live, handoff, count } = setup();
    const visit = visits.open('touch');
    visits.applyTouch(visit.id, { name: 'Ana Lopez', phone: '415 555 0123' });
    const coming: PersonComingView[] = [];
    visit.on('person-coming', (v) => coming.push(v));

    expect(ask(visit)).toBe(''); // several people told: nobody in particular is named
    expect(live).toHaveLength(1);
    const n = live[0]!;
    expect(n.contactId).toBe('');
    expect(n.visitId).toBe(visit.id);
    expect(n.holders.sort()).toEqual(['maria', 'sam', 'tom']);
    expect(n.message).toBe(`A visitor at the kiosk lobby-1 asks for a person (visit ${visit.id.slice(0, 8)})`);
    expect(n.message).not.toMatch(/Ana|Lopez|415|555/);
    expect(n.contactName).toBe('A visitor');
    expect(coming).toEqual([{ coming: null, text: 'Someone from our team is coming.', seenBy: null, seenText: null }]);
    // In Maria's inbox, acknowledgeable; nothing written.
    expect(handoff.inbox('maria').map((x) => x.id)).toEqual([n.id]);
    expect(count('contacts') + count('activities')).toBe(0);
  });

  it('after consent: the request carries the consented name and phone', () => {
    const { visits, live } = setup();
    const visit = visits.open('touch');
    visits.applyTouch(visit.id, { name: 'Ana Lopez', phone: '415 555 0123', consent: true });
    ask(visit);
    expect(live[0]!.message).toBe(`Ana Lopez (+14155550123) at the kiosk lobby-1 asks for a person (visit ${visit.id.slice(0, 8)})`);
    expect(live[0]!.contactName).toBe('Ana Lopez');
  });

  it('a rule that assigns Maria names her: the robot says she is coming; her acknowledgement reaches the kiosk', () => {
    const { visits, live, handoff } = setup([mariaComes]);
    const visit = visits.open('presence');
    expect(ask(visit)).toBe('Maria');
    expect(visit.personComing).toEqual({ coming: 'Maria', text: 'Maria is coming to help you.', seenBy: null, seenText: null });
    expect(live.map((n) => n.holders)).toEqual([['maria']]);

    const seen: PersonComingView[] = [];
    visit.on('person-coming', (v) => seen.push(v));
    const ack = handoff.acknowledgeNotification(live[0]!.id, 'maria');
    expect(ack.acknowledgedBy?.name).toBe('Maria');
    expect(seen).toEqual([{ coming: 'Maria', text: 'Maria is coming to help you.', seenBy: 'Maria', seenText: 'Maria has seen your request.' }]);
  });

  it('the built-in rule answers when the rules in force have none for person requests', () => {
    const onlyLeads: RuleInput = {
      id: 'leads',
      name: 'Leads to Sam',
      when: { on: 'lead-stored' },
      then: [{ do: 'notify', to: { kind: 'member', member: 'sam' } }],
    };
    const { visits, live } = setup([onlyLeads]);
    ask(visits.open('touch'));
    expect(live).toHaveLength(1);
    expect(live[0]!.holders.sort()).toEqual(['maria', 'sam', 'tom']);
  });

  it('a visitor who later consents and is stored: the request joins their story under the same id, seen or not', async () => {
    const { visits, live, crm, handoff } = setup([mariaComes]);
    const visit = visits.open('touch');
    ask(visit);
    const id = live[0]!.id;
    handoff.acknowledgeNotification(id, 'maria');
    const contact = visits.submit(visit.id, { name: 'Ana Lopez', phone: '415 555 0123', email: 'ana@example.com', reason: 'haircut', consent: true }, 'touch');
    await handoff.settled();
    const story = crm.store.activitiesOf(contact.id).filter((a) => a.type === 'notification' && a.data.notification === id);
    expect(story.map((a) => (a.type === 'notification' ? a.data.change : ''))).toEqual(['sent', 'acknowledged']);
    expect(story[0]!.by).toEqual({ kind: 'rule', id: 'person-to-maria', name: 'Maria takes walk-in questions' });
    // Now it is the contact's notification: Maria's inbox lists it once, acknowledged.
    const inbox = handoff.inbox('maria').filter((n) => n.id === id);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.contactId).toBe(contact.id);
    expect(inbox[0]!.acknowledgedBy?.name).toBe('Maria');
  });

  it('an acknowledgement after the request joined the story lands in the story and still updates the kiosk', async () => {
    const { visits, live, crm, handoff } = setup([mariaComes]);
    const visit = visits.open('touch');
    visits.applyTouch(visit.id, { name: 'Ana Lopez', phone: '415 555 0123', consent: true });
    ask(visit);
    visits.cancel(visit.id); // walked off with the person: a partial lead (consent and a phone)
    expect(visit.contactId).toBeTruthy();
    const seen: PersonComingView[] = [];
    visit.on('person-coming', (v) => seen.push(v));
    handoff.acknowledgeNotification(live[0]!.id, 'maria');
    await handoff.settled();
    const changes = crm.store
      .activitiesOf(visit.contactId!)
      .flatMap((a) => (a.type === 'notification' && a.data.notification === live[0]!.id ? [a.data.change] : []));
    expect(changes).toEqual(['sent', 'acknowledged']);
    expect(seen.at(-1)?.seenText).toBe('Maria has seen your request.');
  });

  it('a visitor who declines consent is still helped, and nothing about them is stored', async () => {
    const { visits, live, handoff, count } = setup();
    const visit = visits.open('touch');
    visits.applyTouch(visit.id, { name: 'Ana Lopez', phone: '415 555 0123', consent: false });
    expect(ask(visit)).toBe('');
    expect(live).toHaveLength(1);
    handoff.acknowledgeNotification(live[0]!.id, 'tom');
    visits.cancel(visit.id);
    await handoff.settled();
    expect(visit.contactId).toBeUndefined();
    for (const table of ['contacts', 'activities', 'contact_fields', 'outbox']) expect(count(table), table).toBe(0);
  });

  it('nobody on shift (Sunday): the owner is told by the escalation chain, but nobody in particular is promised', () => {
    const { visits, live } = setup(undefined, '2026-03-08T11:00:00.000Z');
    const visit = visits.open('touch');
    expect(ask(visit)).toBe('');
    expect(live[0]!.holders).toEqual(['tom']); // the first role of the escalation chain: the manager
    expect(visit.personComing?.text).toBe('Someone from our team is coming.');
  });

  it("shifts are read in the opening hours' time zone when staff set one, not the device's", () => {
    // Monday 15:00 in New York is 21:00 in Paris: the team is on shift in New York only.
    const { visits, live } = setup(undefined, '2026-03-02T20:00:00.000Z', 'America/New_York');
    ask(visits.open('touch'));
    expect(live[0]!.holders.sort()).toEqual(['maria', 'sam', 'tom']);
  });

  it('a request nobody acknowledges escalates to the manager, live; it joins the story with its escalation', async () => {
    const { visits, live, handoff, clock, crm } = setup([mariaComes]);
    const visit = visits.open('touch');
    ask(visit);
    clock.advance(11 * 60_000); // escalation.ackMinutes defaults to 10
    expect(live.map((n) => [n.holders, n.escalated, n.visitId])).toEqual([
      [['maria'], false, visit.id],
      [['tom'], true, visit.id],
    ]);
    expect(handoff.inbox('tom').map((n) => n.id)).toEqual([live[0]!.id]);
    const contact = visits.submit(visit.id, { name: 'Ana Lopez', phone: '415 555 0123', email: 'ana@example.com', reason: 'haircut', consent: true }, 'touch');
    handoff.acknowledgeNotification(live[0]!.id, 'tom');
    await handoff.settled();
    expect(visit.personComing?.seenText).toBe('Tom has seen your request.');
    const changes = crm.store
      .activitiesOf(contact.id)
      .flatMap((a) => (a.type === 'notification' && a.data.notification === live[0]!.id ? [[a.data.change, a.data.recipients]] : []));
    expect(changes).toEqual([
      ['sent', ['maria']],
      ['escalated', ['tom']],
      ['acknowledged', []],
    ]);
  });

  it('an owner and a task a person rule made wait for the contact, and land as decided (the owner the robot named)', async () => {
    const rule: RuleInput = {
      id: 'walk-in-sales',
      name: 'Walk-in questions to sales in turn',
      when: { on: 'person-requested' },
      then: [
        { do: 'assign', to: { kind: 'round-robin', role: 'sales' } },
        { do: 'create-task', title: 'Follow up the walk-in', due: { minutes: 30, businessHours: false } },
        { do: 'notify', to: { kind: 'owner' } },
      ],
    };
    const { visits, handoff, crm } = setup([rule]);
    const visit = visits.open('touch');
    const who = ask(visit);
    expect(['Maria', 'Sam']).toContain(who);
    expect(handoff.tasks()).toEqual([]); // no contact yet: nothing written
    handoff.requestPerson({ visitId: 'another-visit', consented: null, channel: 'kiosk-touch' }); // moves the turn on
    const contact = visits.submit(visit.id, { name: 'Ana Lopez', phone: '415 555 0123', email: 'ana@example.com', reason: 'haircut', consent: true }, 'touch');
    await handoff.settled();
    const ownerId = who!.toLowerCase();
    expect(crm.get(contact.id)).toMatchObject({ owner: ownerId });
    expect(handoff.tasks()).toEqual([expect.objectContaining({ contactId: contact.id, title: 'Follow up the walk-in', assignee: ownerId })]);
  });

  it('the screen button makes the same request; a second tap tells nobody twice', () => {
    const { visits, live } = setup([mariaComes]);
    const visit = visits.open('touch');
    expect(visits.requestPerson(visit.id).personComing?.coming).toBe('Maria');
    expect(visits.requestPerson(visit.id).personComing?.coming).toBe('Maria');
    expect(ask(visit)).toBe('Maria');
    expect(live).toHaveLength(1);
    expect(visit.transcript.at(-1)).toMatchObject({ who: 'visitor', channel: 'touch', text: 'Talk to a person' });
  });

  it('shares nothing before consent, and only answers that pass their checks after', () => {
    const config = parseConfig({});
    expect(consentedAnswers(config, { name: 'Ana', phone: '+14155550123' })).toBeNull();
    expect(consentedAnswers(config, { name: 'Ana', phone: 'not a phone', consent: true })).toEqual({ name: 'Ana', consent: true });
  });
});
