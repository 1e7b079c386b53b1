/**
 * Recognises the SQLite errors that mean "the disk cannot take this write now" (full, or failing I/O), so every
 * writer can refuse clearly and carry on instead of crashing; the connection stays usable and the next write
 * succeeds once space returns.
 */
export function isStorageFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR'));
}
