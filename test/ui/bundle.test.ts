/**
 * The renderer's dependency direction, checked on what esbuild actually bundles rather than on import spelling:
 * only ui/ code and base/ (the plain-TypeScript bottom layer: coded errors, field messages) may end up in the bundle
 * (device/ is reachable by `import type` only, and no Node module or native package can sneak in), and it stays
 * small enough for a kiosk to load at once.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/build-ui.js';

const MAX_BUNDLE_BYTES = 64 * 1024;

describe('ui bundle', () => {
  it('contains only ui/ and base/ sources and stays small', async () => {
    const result = await build({
      absWorkingDir: REPO_ROOT,
      entryPoints: [join(REPO_ROOT, 'ui', 'main.ts')],
      tsconfig: join(REPO_ROOT, 'ui', 'tsconfig.json'),
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.length).toBeGreaterThan(5);
    expect(inputs.filter((path) => !path.startsWith('ui/') && !path.startsWith('base/'))).toEqual([]);
    expect(inputs.filter((path) => path.startsWith('base/')).sort()).toEqual(['base/errors.ts', 'base/field-messages.ts']);
    const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
    expect(bytes).toBeLessThan(MAX_BUNDLE_BYTES);
  });
});
