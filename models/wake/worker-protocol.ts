/**
 * Messages between the wake word engine (main thread) and its inference worker (worker.ts).
 * Order: main sends `load` once and waits for `loaded` (or `failed`); then any number of `score` / `reset`, each
 * answered by `scores` / `reset-done` with the same `id`, in order; finally `close`, answered by `closed`.
 * Audio travels as a transferred Int16Array (16 kHz, whole hops), never as JSON numbers.
 */
export type ToWorker =
  | { type: 'load'; phrase: string; speechGate: boolean }
  | { type: 'score'; id: number; hops: Int16Array }
  | { type: 'reset'; id: number }
  | { type: 'close'; id: number };

export type FromWorker =
  | { type: 'loaded'; windowSize: number }
  | { type: 'scores'; id: number; scores: number[]; busyMs: number }
  | { type: 'reset-done'; id: number }
  | { type: 'closed'; id: number }
  | { type: 'failed'; id?: number; code: string; message: string };
