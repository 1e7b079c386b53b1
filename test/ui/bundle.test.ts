/**
 * The renderer's dependency direction, checked on what esbuild actually bundles rather than on import spelling:
 * only ui/ code and base/ (the plain-TypeScript bottom layer: coded errors, field messages) may end up in the bundle
 * (device/ is reachable by `import type` only, and no Node module or native package can sneak in) apart from Chart.js
 * in the staff dashboard's lazy chunk, and what the kiosk loads at start (app.js and the chunks it imports
 * statically) stays small enough to load at once.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/build-ui.js';

const MAX_BUNDLE_BYTES = 64 * 1024;
/** The one browser library, bundled only what the dashboard registers (charts.ts), and only in a lazy chunk. */
const CHART_PACKAGES = /(^|\/)node_modules\/(chart\.js|@kurkle\/color)\//;
const MAX_CHART_CHUNK_BYTES = 220 * 1024;

describe('ui bundle', () => {
  it('contains only ui/ and base/ sources and stays small', async () => {
    const result = await build({
      absWorkingDir: REPO_ROOT,
      entryPoints: { app: join(REPO_ROOT, 'ui', 'main.ts') },
      outdir: join(REPO_ROOT, 'dist', '.bundle-test'),
      splitting: true,
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
    expect(inputs.filter((path) => !path.startsWith('ui/') && !path.startsWith('base/') && !CHART_PACKAGES.test(path))).toEqual([]);
    expect(inputs.filter((path) => path.startsWith('base/')).sort()).toEqual(['base/errors.ts', 'base/field-messages.ts']);

    // What loads at start: the entry and, transitively, the chunks it imports statically (not the lazy ones).
    const outputs = result.metafile.outputs;
    const entry = Object.keys(outputs).find((o) => outputs[o]!.entryPoint === 'ui/main.ts')!;
    const initial = new Set<string>();
    const visit = (out: string): void => {
      if (initial.has(out)) return;
      initial.add(out);
      for (const i of outputs[out]!.imports) if (i.kind === 'import-statement') visit(i.path);
    };
    visit(entry);
    const bytes = [...initial].reduce((sum, o) => sum + outputs[o]!.bytes, 0);
    expect(bytes).toBeLessThan(MAX_BUNDLE_BYTES);
    for (const o of initial) expect(Object.keys(outputs[o]!.inputs).filter((path) => CHART_PACKAGES.test(path))).toEqual([]);

    const chartChunk = Object.keys(outputs).filter((o) => Object.keys(outputs[o]!.inputs).some((path) => CHART_PACKAGES.test(path)));
    expect(chartChunk).toHaveLength(1);
    expect(outputs[chartChunk[0]!]!.bytes).toBeLessThan(MAX_CHART_CHUNK_BYTES);
  });
});
