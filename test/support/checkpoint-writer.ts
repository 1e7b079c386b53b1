/**
 * A process writing to a device database with the WAL checkpointer running, for the crash and exit tests of
 * device/store/wal-checkpointer.test.ts. Run from source: node --import scripts/dev/ts-worker-register.mjs this.ts
 * FILE MODE. Prints `committed N` after each commit returned (so N is durable), `checkpointing` once a big
 * checkpoint was handed to the worker, `checkpointed` when it answered, `done` at the end.
 * MODE crash: fills the WAL with ~20 MB, starts a checkpoint and keeps committing until killed.
 * MODE exit: a few commits and checkpoints, then stop() and close, and nothing else: the process must end by itself.
 * MODE forget: the same without stop(): the worker must not keep the process alive either.
 */
import { openDatabase } from '../../device/store/database.js';
import { WalCheckpointer } from '../../device/store/wal-checkpointer.js';

const [file, mode] = process.argv.slice(2) as [string, 'crash' | 'exit' | 'forget'];
const db = openDatabase(file, [{ version: 1, name: 'rows', sql: 'CREATE TABLE rows (n INTEGER PRIMARY KEY, body BLOB NOT NULL)' }]);
const checkpointer = new WalCheckpointer(db, file, { thresholdFrames: 1_000_000, limitFrames: 10_000_000 });
const insert = db.prepare('INSERT INTO rows (n, body) VALUES (?, randomblob(?))');
let n = 0;
const commit = (bytes: number): void => {
  insert.run(++n, bytes);
  process.stdout.write(`committed ${n}\n`);
};

if (mode === 'crash') {
  db.transaction(() => {
    for (let i = 0; i < 5000; i++) insert.run(++n, 4000);
  })();
  process.stdout.write(`committed ${n}\n`);
  void checkpointer.checkpoint('PASSIVE').then(() => process.stdout.write('checkpointed\n'));
  process.stdout.write('checkpointing\n');
  const more = (): void => {
    commit(500);
    setImmediate(more);
  };
  more();
} else {
  for (let i = 0; i < 50; i++) commit(2000);
  await checkpointer.checkpoint('PASSIVE');
  for (let i = 0; i < 50; i++) commit(2000);
  if (mode === 'exit') await checkpointer.stop();
  db.close();
  process.stdout.write('done\n');
}
