/** `frontdesk tasks`: follow-up tasks from the handoff rules, listed and completed from the command line. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../base/errors.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { crmServiceFor } from '../crm/for-config.js';
import { systemClock } from '../handoff/clock.js';
import { HandoffError } from '../handoff/errors.js';
import { HandoffService } from '../handoff/service.js';
import { openDatabase } from '../store/database.js';
import { addCommonOptions, resolveConfig, resolveDataDir, type CommonOptions } from './common.js';

function openHandoff(opts: CommonOptions) {
  const dataDir = resolveDataDir(opts);
  const { config } = resolveConfig(opts, dataDir);
  const db = openDatabase(join(dataDir, 'frontdesk.sqlite'));
  const crm = crmServiceFor(db, new SqliteOutbox(db), () => config);
  // Not started: the CLI reads and changes tasks; the running device does the escalating.
  return { db, handoff: new HandoffService({ crm, db, config: () => config, clock: systemClock }) };
}

function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof HandoffError) throw new UsageError(err.message);
    throw err;
  }
}

export function registerTasks(program: Command): void {
  const tasks = program.command('tasks').description('follow-up tasks the handoff rules created: list them, complete them');
  addCommonOptions(tasks.command('list').description('open tasks, soonest due first'))
    .option('--json', 'print the tasks as JSON')
    .option('--mine <name>', "only this member's tasks (id or name)")
    .option('--overdue', 'only tasks past their due time')
    .option('--all', 'include done tasks')
    .action((opts: CommonOptions & { json?: boolean; mine?: string; overdue?: boolean; all?: boolean }) => {
      const { db, handoff } = openHandoff(opts);
      try {
        const list = usage(() =>
          handoff.tasks({ ...(opts.mine ? { mine: opts.mine } : {}), ...(opts.overdue ? { overdue: true } : {}), ...(opts.all ? { all: true } : {}) }),
        );
        if (opts.json) {
          process.stdout.write(JSON.stringify({ tasks: list }, null, 2) + '\n');
          return;
        }
        if (!list.length) {
          process.stdout.write('No tasks.\n');
          return;
        }
        for (const t of list)
          process.stdout.write(
            `${t.id.slice(0, 8)}  ${t.overdue ? 'OVERDUE ' : t.state.padEnd(8)} due ${t.dueAt}  ${(t.assignee ?? 'team').padEnd(12)} ${t.title} — ${t.contactName}\n`,
          );
      } finally {
        db.close();
      }
    });
  addCommonOptions(tasks.command('done').description('complete a task with a note of what was done').argument('<id>', 'task id (or its first 8 characters)'))
    .requiredOption('--note <text>', 'what was done, e.g. "Called back, booked Friday"')
    .option('--by <name>', "who did it (member id or name); default: the task's assignee")
    .option('--json', 'print the task as JSON')
    .action((id: string, opts: CommonOptions & { note: string; by?: string; json?: boolean }) => {
      const { db, handoff } = openHandoff(opts);
      try {
        const done = usage(() => {
          const t = handoff.task(id);
          const by = opts.by ?? t.assignee;
          if (!by) throw new UsageError(`Task ${t.id.slice(0, 8)} is a team task: say who did it with --by NAME.`);
          return handoff.completeTask(t.id, opts.note, by);
        });
        process.stdout.write(
          opts.json ? JSON.stringify({ task: done }, null, 2) + '\n' : `Done: ${done.title} (${done.id.slice(0, 8)}), by ${done.completedBy?.name}.\n`,
        );
      } finally {
        db.close();
      }
    });
}
