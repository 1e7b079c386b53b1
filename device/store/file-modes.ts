/**
 * Files that hold personal data or secrets are the device user's alone: the data directory 0700, the database (and
 * its -wal/-shm, which SQLite creates with the database's mode), config, exports and keys 0600. New files are
 * created under a 077 umask so there is no moment they are readable by others.
 */
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Runs `fn` with umask 077 (files it creates are 0600, folders 0700). */
export function withPrivateUmask<T>(fn: () => T): T {
  let previous: number | null = null;
  try {
    previous = process.umask(0o077);
  } catch {
    // Worker threads cannot change the umask; the chmod calls below still tighten what was created.
  }
  try {
    return fn();
  } finally {
    if (previous !== null) process.umask(previous);
  }
}

/** Creates the folder 0700, or tightens an existing one the process owns; never fails the caller on chmod. */
export function privateDir(dir: string): void {
  withPrivateUmask(() => mkdirSync(dir, { recursive: true, mode: DIR_MODE }));
  tighten(dir, DIR_MODE);
}

/** Tightens an existing file to 0600 (a no-op when it is missing or not ours). */
export function privateFile(file: string): void {
  if (existsSync(file)) tighten(file, FILE_MODE);
}

function tighten(path: string, mode: number): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, mode);
  } catch {
    // Not ours (a shared mount, another owner): the doctor reports the mode with the fix.
  }
}

/** The problems of one path: null when private enough (no group or other bits), else what to run. */
export function modeProblem(path: string, kind: 'dir' | 'file'): { path: string; mode: string; fix: string } | null {
  if (!existsSync(path)) return null;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  return { path, mode: mode.toString(8).padStart(3, '0'), fix: `chmod ${kind === 'dir' ? '700' : '600'} ${path}` };
}
