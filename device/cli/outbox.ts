/** `frontdesk outbox`: what the device still owes the cloud, and requeueing what the bridge refused once it is fixed. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { SqliteOutbox } from '../../sync/outbox.js';
import { openDatabase } from '../store/database.js';
import { UsageError } from '../../base/errors.js';
import { resolveDataDir, type CommonOptions } from './common.js';

function openOutbox(opts: CommonOptions): { outbox: SqliteOutbox; close: () => void } {
  const file = join(resolveDataDir(opts), 'frontdesk.sqlite');
  if (!existsSync(file)) throw new UsageError(`no device database at ${file}; pass --data-dir, or start the runtime once`);
  // Opening migrates: the running runtime shares the file safely (WAL, busy timeout) and picks requeued entries up
  // on its next heartbeat.
  const db = openDatabase(file);
  return { outbox: new SqliteOutbox(db), close: () => db.close() };
}

export function registerOutbox(program: Command): void {
  const cmd = program.command('outbox').description('the sync outbox: depth, records the cloud bridge refused, and retrying them');
  cmd
    .command('status')
    .description('pending, delivered and rejected counts, and the bridge’s reason for each rejected record')
    .option('--data-dir <dir>', 'where the database lives')
    .option('--json', 'print JSON')
    .action((opts: CommonOptions & { json?: boolean }) => {
      const { outbox, close } = openOutbox(opts);
      try {
        const depth = outbox.depth();
        const rejected = outbox.rejected(1000);
        if (opts.json) process.stdout.write(JSON.stringify({ depth, rejected }, null, 2) + '\n');
        else {
          process.stdout.write(`pending ${depth.pending}, delivered ${depth.delivered}, rejected ${depth.rejected}\n`);
          for (const r of rejected) process.stdout.write(`rejected ${r.idempotencyKey} at ${r.rejectedAt}: ${r.reason}\n`);
        }
      } finally {
        close();
      }
    });
  cmd
    .command('retry')
    .description('send the records the cloud bridge refused again (after fixing what their reason names)')
    .option('--data-dir <dir>', 'where the database lives')
    .option('--key <key...>', 'only these idempotency keys (default: every rejected record)')
    .action((opts: CommonOptions & { key?: string[] }) => {
      const { outbox, close } = openOutbox(opts);
      try {
        const n = outbox.requeueRejected(opts.key);
        process.stdout.write(
          n ? `${n} record(s) are pending again; the runtime sends them within a heartbeat.\n` : 'No rejected records (nothing to retry).\n',
        );
      } finally {
        close();
      }
    });
}
