/**
 * The checkpointer's worker thread: its own connection to the device database, so copying the WAL into the file
 * (and that file's fsync) never runs on the event loop nor inside a change's transaction. Protocol in
 * wal-checkpoint-protocol.ts. A checkpoint only copies committed pages; killing this thread or the process in the
 * middle of one loses nothing (SQLite redoes it from the WAL on the next open).
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointMode, CheckpointReply, CheckpointRequest, CheckpointWorkerData } from './wal-checkpoint-protocol.js';

const port = parentPort!;
const { file, fallbackWaitMs } = workerData as CheckpointWorkerData;
const db = new Database(file, { fileMustExist: true });
// Only TRUNCATE calls the busy handler (PASSIVE never waits): this bounds how long it holds writers back.
db.pragma(`busy_timeout = ${Math.max(0, Math.floor(fallbackWaitMs))}`);

// The pragma's argument from a closed table, never from the message text.
const PRAGMA: Record<CheckpointMode, string> = { PASSIVE: 'wal_checkpoint(PASSIVE)', TRUNCATE: 'wal_checkpoint(TRUNCATE)' };

function checkpoint(mode: CheckpointMode): CheckpointReply {
  const started = performance.now();
  try {
    const [row] = db.pragma(PRAGMA[mode]) as { busy: number; log: number; checkpointed: number }[];
    return { type: 'checkpointed', mode, busy: row!.busy !== 0, frames: row!.log, backfilled: row!.checkpointed, ms: performance.now() - started };
  } catch (err) {
    return { type: 'checkpoint-failed', mode, message: (err as Error).message };
  }
}

port.on('message', (req: CheckpointRequest) => {
  if (req.type === 'checkpoint') {
    port.postMessage(checkpoint(req.mode === 'TRUNCATE' ? 'TRUNCATE' : 'PASSIVE'));
    return;
  }
  const last = checkpoint('TRUNCATE');
  db.close();
  port.postMessage(last);
  port.close(); // nothing else keeps this thread alive: it exits
});
