/**
 * Messages between the WAL checkpointer (device/store/wal-checkpointer.ts) and its worker
 * (wal-checkpoint-worker.ts). One request at a time; every request gets exactly one reply, in order:
 * `checkpoint` -> `checkpointed` | `checkpoint-failed`; `close` (a last TRUNCATE checkpoint, then the worker's
 * connection closes and the worker exits) -> `checkpointed` | `checkpoint-failed`.
 */

/** PASSIVE copies what it can without waiting for anyone; TRUNCATE waits (up to the worker's busy timeout) for
 * readers and writers, copies everything and empties the WAL file. */
export type CheckpointMode = 'PASSIVE' | 'TRUNCATE';

export type CheckpointRequest = { type: 'checkpoint'; mode: CheckpointMode } | { type: 'close' };

export type CheckpointReply =
  /** frames: the WAL's length in frames (pages) when it ran; backfilled: how many of them are now in the database
   * file; busy: it could not finish (a reader on an older snapshot, or a writer in the way). ms: how long it took. */
  | { type: 'checkpointed'; mode: CheckpointMode; busy: boolean; frames: number; backfilled: number; ms: number }
  | { type: 'checkpoint-failed'; mode: CheckpointMode; message: string };

export interface CheckpointWorkerData {
  file: string;
  /** How long a TRUNCATE checkpoint waits for readers and writers (ms): writers wait on it that long at most. */
  fallbackWaitMs: number;
}
