/**
 * The dependency direction, enforced. The rules live in eslint-rules/architecture.js and run with every lint; here
 * they run on test/fixtures/lint (a miniature tree that breaks them on purpose) to prove they catch a wrong-way
 * import and a cycle. import-x/no-cycle skips type-only imports, so the whole tree is also checked for cycles that
 * count them: a type-only circle is still two files that cannot be understood apart.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { architecture } from '../eslint-rules/architecture.js';
import { ROOT } from './support/runtime-process.js';

const FIXTURES = join(ROOT, 'test/fixtures/lint');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const p = join(ROOT, dir, name);
    if (statSync(p).isDirectory()) {
      if (!['fixtures', '.tmp', 'node_modules'].includes(name)) out.push(...sources(relative(ROOT, p)));
    } else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(ROOT, p));
  }
  return out;
}

/** The project files a file imports, type-only imports included. */
function importsOf(file: string, known: Set<string>): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [
    ...[...text.matchAll(/^\s*(?:import|export)\s+[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!),
    ...[...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!),
  ];
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(ROOT, join(ROOT, dirname(file), s)).replace(/\.js$/, '.ts'))
    .filter((t) => known.has(t));
}

/** Strongly connected components with more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('architecture', () => {
  it('the lint rules catch wrong-way imports, value imports from the contract, Node in the renderer and cycles', async () => {
    const eslint = new ESLint({
      cwd: FIXTURES,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...architecture(FIXTURES)],
    });
    const results = await eslint.lintFiles(['**/*.ts']);
    const found = Object.fromEntries(results.map((r) => [relative(FIXTURES, r.filePath), [...new Set(r.messages.map((m) => m.ruleId))].sort()]));
    // Each fixture names what it expects in its first line: `// expect: <rule id>` or `// expect: clean`.
    const expected = Object.fromEntries(
      results.map((r) => {
        const first = readFileSync(r.filePath, 'utf8').split('\n')[0]!;
        const rule = /^\/\/ expect: (\S+)/.exec(first)?.[1];
        return [relative(FIXTURES, r.filePath), rule === 'clean' || !rule ? [] : [rule]];
      }),
    );
    expect(results.length).toBeGreaterThanOrEqual(12);
    expect(found).toEqual(expected);
    // The messages say what was wrong and what is allowed.
    const wrongWay = results.find((r) => r.filePath.endsWith('drivers/wrong-way.ts'))!.messages[0]!.message;
    expect(wrongWay).toContain("drivers may not import 'device/visit.ts'");
    expect(wrongWay).toContain('drivers may import: drivers/**');
    const native = results.find((r) => r.filePath.endsWith('ui/native.ts'))!.messages.map((m) => m.message);
    expect(native).toEqual([expect.stringContaining("'better-sqlite3'"), expect.stringContaining("'node:fs'")]);
  }, 60_000);

  it('the tree has no import cycle, type-only imports included', () => {
    const files = ['base', 'device', 'drivers', 'models', 'sync', 'ui', 'test'].flatMap(sources);
    const known = new Set(files);
    const graph = new Map(files.map((f) => [f, importsOf(f, known)]));
    expect(graph.size).toBeGreaterThan(200);
    expect(cycles(graph)).toEqual([]);
  });
});
