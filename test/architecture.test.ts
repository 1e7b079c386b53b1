/**
 * The dependency direction, enforced: lower parts never import higher ones, native packages stay out of the renderer,
 * and the renderer takes only types from the runtime.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/runtime-process.js';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const p = join(ROOT, dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(relative(ROOT, p)));
    else if (/\.(ts|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(ROOT, p));
  }
  return out;
}

function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: { spec: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) found.push({ spec: m[3]!, typeOnly: Boolean(m[2]) });
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ spec: m[1]!, typeOnly: false });
  return found;
}

function partOf(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const target = relative(ROOT, join(ROOT, file, '..', spec));
  return target.split('/')[0] ?? null;
}

const LOWER = ['drivers', 'models', 'sync'];
const NATIVE = ['better-sqlite3', 'mqtt', 'serialport', 'onnxruntime-node', 'koffi', 'speaker', 'aedes', 'pg', 'fastify'];

describe('architecture', () => {
  it.each(LOWER)('%s/ imports neither device/ nor ui/', (part) => {
    const bad = sources(part).flatMap((f) =>
      imports(f)
        .filter((i) => ['device', 'ui'].includes(partOf(f, i.spec) ?? ''))
        .map((i) => `${f} -> ${i.spec}`),
    );
    expect(bad).toEqual([]);
  });

  it('ui/ takes only types from the runtime and no native package', () => {
    const files = sources('ui').filter((f) => !f.startsWith('ui/shell/'));
    expect(files.length).toBeGreaterThan(0);
    const bad = files.flatMap((f) =>
      imports(f)
        .filter((i) => {
          const part = partOf(f, i.spec);
          if (part && part !== 'ui') return !i.typeOnly;
          return NATIVE.some((n) => i.spec === n || i.spec.startsWith(`${n}/`)) || i.spec.startsWith('node:');
        })
        .map((i) => `${f} -> ${i.spec}`),
    );
    expect(bad).toEqual([]);
  });
});
