import { describe, expect, it } from 'vitest';
import { DialogScheduler, type RunningDialog } from './dialog-scheduler.js';

/** Dialogs that end when told (or when aborted), recording what happened in order. */
function harness() {
  const log: string[] = [];
  const finish = new Map<string, () => void>();
  const errors: string[] = [];
  const scheduler = new DialogScheduler<{ id: string }>(
    (d: RunningDialog<{ id: string }>, greet) => {
      log.push(`start ${d.visit.id}${greet ? ' (greet)' : ''}`);
      if (d.visit.id === 'boom') return Promise.reject(new Error('dialog failed'));
      return new Promise<void>((resolve) => {
        const end = (why: string): void => {
          log.push(`end ${d.visit.id}: ${why}`);
          resolve();
        };
        finish.set(d.visit.id, () => end('done'));
        d.stop.signal.addEventListener('abort', () => end(`aborted (${(d.stop.signal.reason as Error).message})`), { once: true });
      });
    },
    (err) => errors.push(err.message),
    () => 1_000,
  );
  return { scheduler, log, finish, errors };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('DialogScheduler (one voice dialog at a time)', () => {
  it('runs a dialog and forgets it once it ended', async () => {
    const { scheduler, log, finish } = harness();
    const a = { id: 'a' };
    scheduler.start(a, true);
    expect(scheduler.running).toMatchObject({ visit: a, since: 1_000 });
    await tick();
    finish.get('a')!();
    await scheduler.settled();
    expect(log).toEqual(['start a (greet)', 'end a: done']);
    expect(scheduler.running).toBeNull();
  });

  it('a new visit aborts the old dialog, and its own starts only after the old one let go', async () => {
    const { scheduler, log, finish } = harness();
    scheduler.start({ id: 'a' }, true);
    await tick();
    scheduler.start({ id: 'b' }, false);
    await tick();
    expect(log).toEqual(['start a (greet)', 'end a: aborted (another visit started)', 'start b']);
    finish.get('b')!();
    await scheduler.settled();
  });

  it('starting the running visit again does nothing; abort() ends it', async () => {
    const { scheduler, log } = harness();
    const a = { id: 'a' };
    scheduler.start(a, true);
    scheduler.start(a, false);
    await tick();
    scheduler.abort(new Error('microphone lost'));
    await scheduler.settled();
    expect(log).toEqual(['start a (greet)', 'end a: aborted (microphone lost)']);
  });

  it('a dialog that throws is reported and the next one still runs', async () => {
    const { scheduler, log, finish, errors } = harness();
    scheduler.start({ id: 'boom' }, true);
    scheduler.start({ id: 'c' }, true);
    await tick();
    await tick();
    finish.get('c')!();
    await scheduler.settled();
    expect(errors).toEqual(['dialog failed']);
    expect(log).toEqual(['start boom (greet)', 'start c (greet)', 'end c: done']);
  });
});
