// The `frontdesk/layering` rule: each part of the tree names the parts it may import, in the spirit of VS Code's
// `code-layering` and `code-import-patterns`. The table lives in architecture.js; this file only enforces it.
//
// Options: { root, parts: [{ name, files, may, except?, typesOnly?, testsMay?, packages? }] }
//   files      globs (relative to root) of the files in the part; the first part whose globs match a file is its part
//   may        globs of the project files it may import
//   except     globs it may never import, even when `may` matches (checked first)
//   typesOnly  globs it may import with `import type` / `export type` only
//   testsMay   extra globs its *.test.ts files may import (test support)
//   packages   'node' (default: any package) or 'renderer' (no Node built-in and no package of `natives`)
//   natives    (top level) the packages that need Node (native add-ons, sockets, servers)
import { existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/** Globs with `**` (any depth) and `*` (within one path segment), anchored at both ends. */
function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else re += /[.+?^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${re}$`);
}

const compiled = new Map();
function matches(globs, path) {
  return (globs ?? []).some((g) => {
    if (!compiled.has(g)) compiled.set(g, globToRegExp(g));
    return compiled.get(g).test(path);
  });
}

const toPosix = (p) => p.split(sep).join('/');

/** `import type`, `export type`, and imports whose every specifier is a type. */
function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specs = node.specifiers ?? [];
  return specs.length > 0 && specs.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Each part of the tree imports only the parts its layer allows' },
    schema: [{ type: 'object', additionalProperties: true }],
    messages: {
      wrongWay: "{{part}} may not import '{{target}}' ({{why}}). {{part}} may import: {{allowed}}.",
      typesOnly: "{{part}} takes only types from '{{target}}': write `import type`.",
      nodeInRenderer: "{{part}} runs in the browser and may not import '{{target}}' (it needs Node); move the code to a part that runs in Node.",
    },
  },
  create(context) {
    const { root, parts, natives = [] } = context.options[0] ?? {};
    if (!root || !parts) return {};
    const file = toPosix(relative(root, context.physicalFilename ?? context.filename));
    if (file.startsWith('..')) return {};
    const part = parts.find((p) => matches(p.files, file));
    if (!part) return {};
    const isTest = /\.test\.[cm]?[jt]s$/.test(file);

    function check(node, spec, typeOnly) {
      if (typeof spec !== 'string') return;
      if (!spec.startsWith('.')) {
        if (part.packages !== 'renderer') return;
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (spec.startsWith('node:') || isBuiltin(spec) || natives.includes(pkg)) {
          context.report({ node, messageId: 'nodeInRenderer', data: { part: part.name, target: spec } });
        }
        return;
      }
      const abs = resolve(dirname(context.physicalFilename ?? context.filename), spec);
      // Our sources import `x.js` for `x.ts` (NodeNext); judge the file that is really there.
      const real = /\.js$/.test(abs) && !existsSync(abs) ? abs.replace(/\.js$/, '.ts') : abs;
      const target = toPosix(relative(root, real));
      if (target.startsWith('..')) return;
      const allowed = [...(part.may ?? []), ...(part.typesOnly ?? []).map((g) => `${g} (types only)`), ...(isTest ? (part.testsMay ?? []) : [])];
      const data = { part: part.name, target, allowed: allowed.join(', ') || 'nothing outside itself' };
      if (matches(part.except, target)) return context.report({ node, messageId: 'wrongWay', data: { ...data, why: 'forbidden for this part' } });
      if (matches(part.may, target) || (isTest && matches(part.testsMay, target))) return;
      if (matches(part.typesOnly, target)) {
        if (!typeOnly) context.report({ node, messageId: 'typesOnly', data });
        return;
      }
      context.report({ node, messageId: 'wrongWay', data: { ...data, why: 'a higher or unrelated layer' } });
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value, isTypeOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value, isTypeOnly(node)),
      ExportAllDeclaration: (node) => check(node.source, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value, false),
      // `import('x').T` in a type position: a type import.
      TSImportType: (node) => {
        const lit = node.source ?? node.argument?.literal ?? node.argument;
        if (lit?.type === 'Literal') check(lit, lit.value, true);
      },
    };
  },
};
