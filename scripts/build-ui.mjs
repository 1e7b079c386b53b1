// Bundles the renderer: ui/main.ts -> dist/ui/app.js and its lazy chunk-*.js (ES2020, minified, sourcemap), and copies index.html + styles.css.
// Output is written to a private temporary directory first and then renamed file by file into dist/ui, so two builds
// running at once (two test files, a watcher) never leave a reader with a half-written file.
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'ui');
const tmpDir = join(root, 'dist', `.ui-build-${process.pid}`);

await rm(tmpDir, { recursive: true, force: true });
await mkdir(tmpDir, { recursive: true });
try {
  await build({
    entryPoints: { app: join(root, 'ui', 'main.ts') },
    outdir: tmpDir,
    // The kiosk loads app.js alone; the staff screens (and Chart.js, for the dashboard) load as chunks when opened.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: true,
    tsconfig: join(root, 'ui', 'tsconfig.json'),
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'styles.css']) await copyFile(join(root, 'ui', file), join(tmpDir, file));
  await mkdir(outDir, { recursive: true });
  const built = await readdir(tmpDir);
  for (const file of built) await rename(join(tmpDir, file), join(outDir, file));
  // Chunks of earlier builds are never loaded again (their names are content hashes).
  for (const file of await readdir(outDir)) if (file.startsWith('chunk-') && !built.includes(file)) await rm(join(outDir, file), { force: true });
} finally {
  await rm(tmpDir, { recursive: true, force: true });
}
console.log(`ui built -> ${outDir}`);
