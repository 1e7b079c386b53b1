// Bundles the renderer (ui/) into dist/ui with esbuild.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
mkdirSync('dist/ui', { recursive: true });
if (existsSync('ui/main.ts')) {
  await build({ entryPoints: ['ui/main.ts'], bundle: true, minify: true, sourcemap: true, target: 'es2020', format: 'esm', outfile: 'dist/ui/app.js' });
  for (const f of ['index.html', 'styles.css']) if (existsSync(`ui/${f}`)) cpSync(`ui/${f}`, `dist/ui/${f}`);
}
