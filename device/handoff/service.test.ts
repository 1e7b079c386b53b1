/** The handoff wired to the real CRM on a real SQLite file: visits fire rules, effects land in the story, escalations run on a hand-moved clock. */
import { afterEach, describe, expect, it } from 'vitest';
import { TEAM } from '../../test/support/handoff-fixtures.js';
import { handoffOnDb } from '../../test/support/handoff-on-db.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { activityMessageSchema } from '../../sync/schemas/activity.js';
import { configSchema, type ConfigInput } from '../config/schema.js';
import type { VisitInput } from '../crm/service.js';
import type { RuleInput } from './rules.js';
import { HandoffService, type LiveNotification } from './service.js';

const mariaRule: RuleInput = {
  id: 'coloring-to-maria',
  name: 'Hair coloring to Maria',
  when: { on: 'lead-stored' },
  if: [{ kind: 'field', field: 'reason', equals: 'hair-coloring' }, { kind: 'consent' }],
  then: [
    { do: 'assign', to: { kind: 'member', member: 'maria' } },
    { do: 'create-task', title: 'Call back about coloring', due: { minutes: 15 } },
    { do: 'notify', to: { kind: 'owner' } },
  ],
};

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

function setup(handoff: NonNullable<ConfigInput['handoff']>, start = '2026-03-02T11:00:00.000Z') {
  const config = configSchema.parse({ device: { id: 'dev-h', timezone: 'Europe/Paris' }, handoff });
  const clock = new ManualClock(start);
  const { db, outbox, crm, handoff: handoff_ } = handoffOnDb(config, clock);
  crm.nameMembersWith((id) => handoff_.memberName(id));
  handoff_.start();
  const live: LiveNotification[] = [];
  handoff_.onNotification((n) => live.push(n));
  stops.push(() => {
    handoff_.stop();
    db.close();
  });
  return { config, clock, db, outbox, crm, handoff: handoff_, live };
}

/** Lets the CRM's after-commit listeners run and the rules finish. */
async function settled(h: HandoffService): Promise<void> {
  await new Promise((r) => setImmediate(r));
  await h.idle();
}

function visit(answers: Record<string, string | boolean>, over: Partial<VisitInput> = {}): VisitInput {
  const at = '2026-03-02T11:00:00.000Z';
  return {
    visitId: `v-${Math.random()}`,
    channel: 'touch',
    sourceChannel: 'kiosk-touch',
    answers: { name: 'Jane Doe', phone: '+14155550123', email: 'jane@example.com', reason: 'hair-coloring', consent: true, ...answers },
    transcript: [{ who: 'visitor', text: 'hair coloring please', channel: 'touch', fieldId: 'reason', at }],
    consent: { given: true, text: 'ok', version: 'v1', channel: 'touch', language: 'en', at },
    ...over,
  };
}

describe('handoff service on the CRM', () => {
  it('settings saved by an older version that no longer pass the checks: the config is used, and the log says why', () => {
    const { db, crm, config, clock } = setup({ people: TEAM });
    // Two members with one name, accepted before names had to differ.
    const saved = { people: [...TEAM!, { id: 'maria-2', name: 'Maria', role: 'sales' }], businessHours: {}, scoring: [], rules: [], escalation: {} };
    db.prepare(`INSERT INTO handoff_settings (body, by_name, at) VALUES (?, 'Olga', ?)`).run(JSON.stringify(saved), clock.now().toISOString());
    const logged: { level: string; msg: string; extra?: Record<string, unknown> }[] = [];
    const h = new HandoffService({
      crm,
      db,
      config: () => config,
      clock,
      log: (level, msg, extra) => logged.push({ level, msg, ...(extra ? { extra } : {}) }),
    });
    expect(h.settings().people.map((m) => m.id)).toEqual(TEAM!.map((m) => m.id));
    expect(logged).toEqual([
      {
        level: 'warn',
        msg: expect.stringMatching(/saved handoff settings .*not valid.*config/),
        extra: { issues: [expect.stringMatching(/^people\.5\.name: "Maria" is already the name of member 3/)] },
      },
    ]);
  });

  it('a hair-coloring visit with consent: Maria owns it, has a task due in 15 minutes and a live notification; all in the story and the outbox', async () => {
    const { crm, handoff, live, outbox } = setup({ people: TEAM, rules: [mariaRule] });
    const { contactId } = crm.recordVisit(visit({}));
    await settled(handoff);
    const detail = crm.get(contactId)!;
    expect(detail.owner).toBe('maria');
    expect(detail.score).toBe(15); // default scoring: phone 10 + email 5
    const tasks = handoff.tasks({ mine: 'Maria' });
    expect(tasks).toEqual([
      expect.objectContaining({
        title: 'Call back about coloring',
        assignee: 'maria',
        dueAt: '2026-03-02T11:15:00.000Z',
        contactName: 'Jane Doe',
        state: 'open',
      }),
    ]);
    expect(tasks[0]!.profile).toMatch(/Jane Doe/);
    expect(live).toEqual([
      expect.objectContaining({ contactId, holders: ['maria'], message: 'Hair coloring to Maria: Jane Doe (new lead)', escalated: false }),
    ]);
    const summaries = detail.timeline.map((t) => t.summary);
    expect(summaries).toEqual(
      expect.arrayContaining([
        'Owner changed from nobody to Maria',
        expect.stringMatching(/^Task: Call back about coloring \(for Maria/),
        'Notified Maria: Hair coloring to Maria: Jane Doe (new lead)',
      ]),
    );
    const sent = outbox
      .pending(100)
      .filter((e) => e.kind === 'activity')
      .map((e) => activityMessageSchema.parse(JSON.parse(e.payload)).activity.type);
    expect(sent).toEqual(expect.arrayContaining(['owner-changed', 'task', 'notification']));
  });

  it('no consent, another service: the rule stays quiet', async () => {
    const { crm, handoff, live } = setup({ people: TEAM, rules: [mariaRule] });
    crm.recordVisit(visit({ reason: 'haircut' }));
    crm.recordVisit(visit({ phone: '+14155550999', email: 'b@example.com', consent: false }, { consent: null }));
    await settled(handoff);
    expect(handoff.tasks()).toEqual([]);
    expect(live).toEqual([]);
  });

  it('Maria acknowledges and completes with a note; unacknowledged notifications escalate to the manager after the configured time', async () => {
    const { crm, handoff, live, clock } = setup({ people: TEAM, rules: [mariaRule], escalation: { ackMinutes: 5 } });
    const first = crm.recordVisit(visit({})).contactId;
    const second = crm.recordVisit(visit({ name: 'Bob Roe', phone: '+14155550777', email: 'bob@example.com' })).contactId;
    await settled(handoff);
    const [n1, n2] = [handoff.inbox('maria').find((n) => n.contactId === first)!, handoff.inbox('maria').find((n) => n.contactId === second)!];
    handoff.acknowledgeNotification(n1.id, 'maria');
    clock.advance(5 * 60_000);
    expect(live.filter((n) => n.escalated)).toEqual([expect.objectContaining({ id: n2.id, holders: ['tom'], contactName: 'Bob Roe' })]);
    expect(handoff.inbox('tom').map((n) => n.id)).toEqual([n2.id]);
    expect(crm.get(second)!.timeline.map((t) => t.summary)).toContain('Notification escalated to Tom (Not acknowledged in 5 min: to Tom)');
    // The task: acknowledged, then done with a note; refused without one.
    const task = handoff.tasks({ mine: 'maria' }).find((t) => t.contactId === first)!;
    expect(handoff.acknowledgeTask(task.id, 'maria').state).toBe('acknowledged');
    expect(() => handoff.completeTask(task.id, ' ', 'maria')).toThrow(/note/);
    expect(handoff.completeTask(task.id, 'Booked Friday 10:00', 'Maria')).toMatchObject({ state: 'done', completionNote: 'Booked Friday 10:00' });
    // The other task goes overdue at 11:15 and escalates to Tom.
    clock.advance(11 * 60_000);
    expect(handoff.tasks({ overdue: true })).toEqual([expect.objectContaining({ contactId: second, assignee: 'tom', escalations: 1 })]);
  });

  it('a walk-away with a phone number becomes a partial lead with a call-back task for the team', async () => {
    const walk: RuleInput = {
      id: 'walk-away',
      name: 'Call back walk-aways',
      when: { on: 'visit-abandoned' },
      then: [
        { do: 'notify', to: { kind: 'on-shift' } },
        { do: 'create-task', title: 'Call back', due: { minutes: 15 }, for: { kind: 'role', role: 'sales' } },
      ],
    };
    const { crm, handoff, live } = setup({ people: TEAM, rules: [walk] });
    crm.recordVisit(visit({ email: '', reason: '' }, { partial: true }));
    await settled(handoff);
    expect(live).toEqual([
      expect.objectContaining({ holders: ['tom', 'maria', 'sam'], message: 'Call back walk-aways: Jane Doe (walked away after giving phone)' }),
    ]);
    expect(handoff.tasks()).toEqual([expect.objectContaining({ title: 'Call back', assignee: null })]);

    // By voice: the phone said once and never read back, the email typed. The notice names the one to check, as the
    // contact's projection marks it.
    const heard = crm.recordVisit(
      visit(
        { name: 'Ola Voice', phone: '+14155550777', email: 'ola@example.com', reason: '' },
        { partial: true, channel: 'voice', sourceChannel: 'kiosk-voice', unconfirmed: ['phone'] },
      ),
    ).contactId;
    await settled(handoff);
    expect(crm.get(heard)!.unconfirmed).toEqual(['phone']);
    expect(live.at(-1)).toEqual(
      expect.objectContaining({
        contactId: heard,
        message: 'Call back walk-aways: Ola Voice (walked away after giving phone and email, phone heard by voice and never confirmed)',
      }),
    );
  });

  it('a rule that sets a stage shows it in the stage history with its note; round-robin turns survive a restart', async () => {
    const rules: RuleInput[] = [
      { id: 'mql', name: 'Phone given', when: { on: 'field-answered', field: 'phone' }, then: [{ do: 'set-stage', stage: 'marketing-qualified' }] },
      {
        id: 'rr',
        name: 'Sales in turn',
        when: { on: 'stage-entered', stage: 'marketing-qualified' },
        then: [{ do: 'assign', to: { kind: 'round-robin', role: 'sales' } }],
      },
    ];
    const { crm, handoff, db } = setup({ people: TEAM, rules });
    const a = crm.recordVisit(visit({})).contactId;
    await settled(handoff);
    const d = crm.get(a)!;
    expect(d.stage.id).toBe('marketing-qualified');
    expect(d.timeline.find((t) => t.activity.type === 'stage-changed' && t.activity.by.kind === 'rule')?.activity).toMatchObject({
      by: { kind: 'rule', id: 'mql', name: 'Phone given' },
      data: { from: 'new-inquiry', to: 'marketing-qualified', note: 'Rule "Phone given": answered phone' },
    });
    expect(d.owner).toBe('maria');
    expect(db.prepare('SELECT pool, member FROM handoff_turns').all()).toEqual([{ pool: 'role:sales', member: 'maria' }]);
    const b = crm.recordVisit(visit({ name: 'Bob', phone: '+14155550888', email: 'bob@example.com' })).contactId;
    await settled(handoff);
    expect(crm.get(b)!.owner).toBe('sam');
  });

  it('talk to a person: everyone on shift is told at once', async () => {
    const rule: RuleInput = { id: 'person', name: 'Wants a person', when: { on: 'person-requested' }, then: [{ do: 'notify', to: { kind: 'on-shift' } }] };
    const { crm, handoff, live } = setup({ people: TEAM, rules: [rule] });
    const { contactId } = crm.recordVisit(visit({}));
    await settled(handoff);
    handoff.personRequested(contactId);
    await handoff.idle();
    expect(live).toEqual([
      expect.objectContaining({ contactId, message: 'Wants a person: Jane Doe (asks to talk to a person)', holders: ['tom', 'maria', 'sam'] }),
    ]);
  });

  it('pending escalations are picked up after a restart', async () => {
    const { crm, handoff, db, config, clock, live } = setup({ people: TEAM, rules: [mariaRule] });
    crm.recordVisit(visit({}));
    await settled(handoff);
    handoff.stop();
    const again = new HandoffService({ crm, db, config: () => config, clock });
    again.onNotification((n) => live.push(n));
    again.start();
    stops.push(() => again.stop());
    clock.advance(10 * 60_000);
    expect(live.filter((n) => n.escalated).map((n) => n.holders)).toEqual([['tom']]);
  });
});
