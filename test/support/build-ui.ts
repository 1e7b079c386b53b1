/**
 * Builds the renderer (scripts/build-ui.mjs) when dist/ui is missing or older than any of its sources, so a browser
 * test always runs the UI as it is in the tree. Call it from beforeAll; it is cheap when nothing changed.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const UI_DIST = join(REPO_ROOT, 'dist', 'ui');
const OUTPUTS = ['app.js', 'index.html', 'styles.css'];

export function ensureUiBuilt(): string {
  if (uiBuildIsStale()) {
    execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build-ui.mjs')], { cwd: REPO_ROOT, stdio: 'pipe' });
  }
  return UI_DIST;
}

export function uiBuildIsStale(): boolean {
  const builtAt = Math.min(...OUTPUTS.map((f) => mtimeOrZero(join(UI_DIST, f))));
  const sources = [...listFiles(join(REPO_ROOT, 'ui')), join(REPO_ROOT, 'scripts', 'build-ui.mjs'), join(REPO_ROOT, 'device', 'http', 'contract.ts')];
  return sources.some((f) => mtimeOrZero(f) > builtAt);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

function mtimeOrZero(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
