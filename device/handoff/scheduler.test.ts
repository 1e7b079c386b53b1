import { describe, expect, it } from 'vitest';
import { settings } from '../../test/support/handoff-fixtures.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { nextInLine } from './escalation.js';
import { EscalationScheduler, type Escalated, type Watch } from './scheduler.js';

const zone = 'Europe/Paris';
const start = '2026-03-02T11:00:00.000Z'; // Monday 12:00 Paris

function setup(over: Parameters<typeof settings>[0] = {}) {
  const clock = new ManualClock(start);
  const s = settings(over);
  const seen: Escalated[] = [];
  const scheduler = new EscalationScheduler(
    clock,
    () => s,
    () => zone,
    (e) => seen.push(e),
  );
  return { clock, scheduler, seen };
}

const watch = (over: Partial<Watch> = {}): Watch => ({
  id: 'n1',
  kind: 'notification',
  contactId: 'c1',
  holders: ['maria'],
  escalateAt: '2026-03-02T11:10:00.000Z',
  step: 0,
  ...over,
});

describe('escalation', () => {
  it('next in line goes up the chain from the highest role held, skipping empty roles and the holders', () => {
    const s = settings();
    const now = new Date(start);
    expect(nextInLine(s.people, s.escalation, ['maria'], now, zone)).toEqual({ role: 'manager', ids: ['tom'] });
    expect(nextInLine(s.people, s.escalation, ['maria', 'tom'], now, zone)).toEqual({ role: 'owner', ids: ['olga'] });
    expect(nextInLine(s.people, s.escalation, ['olga'], now, zone)).toBeNull();
    const noManager = settings({
      people: [
        { id: 'olga', name: 'Olga', role: 'owner' },
        { id: 'ann', name: 'Ann', role: 'sales' },
      ],
    });
    expect(nextInLine(noManager.people, noManager.escalation, ['ann'], now, zone)).toEqual({ role: 'owner', ids: ['olga'] });
  });

  it('an unacknowledged notification goes to the manager after the configured time, then to the owner', () => {
    const { clock, scheduler, seen } = setup({ escalation: { ackMinutes: 10 } });
    scheduler.watch(watch());
    clock.advance(9 * 60_000 + 59_000);
    expect(seen).toEqual([]);
    clock.advance(1000);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ to: ['tom'], role: 'manager', next: { holders: ['tom'], step: 1, escalateAt: '2026-03-02T11:20:00.000Z' } });
    clock.advance(10 * 60_000);
    expect(seen.map((e) => e.to)).toEqual([['tom'], ['olga']]);
    expect(seen[1]!.next).toBeNull(); // maxSteps 2: the end
    expect(scheduler.pending()).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('an acknowledged notification never escalates', () => {
    const { clock, scheduler, seen } = setup();
    scheduler.watch(watch());
    clock.advance(5 * 60_000);
    expect(scheduler.settle('n1')).toBe(true);
    clock.advance(60 * 60_000);
    expect(seen).toEqual([]);
    expect(scheduler.settle('n1')).toBe(false);
  });

  it('an overdue task escalates the same way, and several watches fire in time order', () => {
    const { clock, scheduler, seen } = setup();
    scheduler.watch(watch({ id: 't1', kind: 'task', escalateAt: '2026-03-02T11:30:00.000Z' }));
    scheduler.watch(watch({ id: 'n2', escalateAt: '2026-03-02T11:05:00.000Z' }));
    clock.advance(31 * 60_000);
    expect(seen.map((e) => [e.watch.id, e.watch.kind, e.to])).toEqual([
      ['n2', 'notification', ['tom']], // 11:05
      ['n2', 'notification', ['olga']], // 11:15, still unacknowledged
      ['t1', 'task', ['tom']], // 11:30
    ]);
  });

  it('watches restored after a restart with a past time escalate at once', () => {
    const { clock, scheduler, seen } = setup();
    scheduler.watch(watch({ escalateAt: '2026-03-02T10:00:00.000Z' }));
    clock.advance(0);
    expect(seen).toHaveLength(1);
  });

  it('escalation switched off: due watches are dropped without escalating', () => {
    const { clock, scheduler, seen } = setup({ escalation: { enabled: false } });
    scheduler.watch(watch());
    clock.advance(60 * 60_000);
    expect(seen).toEqual([]);
    expect(scheduler.pending()).toEqual([]);
  });

  it('refuses a watch with a bad time', () => {
    const { scheduler } = setup();
    expect(() => scheduler.watch(watch({ escalateAt: 'soon' }))).toThrow(/escalateAt "soon" is not an ISO time/);
  });
});
