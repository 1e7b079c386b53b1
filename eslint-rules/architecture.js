// The architecture as data: which part may import which, the packages that need Node, and no import cycles.
// eslint.config.js applies it to the tree; test/architecture.test.ts applies the same table to fixtures that must fail.
//
//   ui (renderer: browser) ── types only ──> device/http/contract*.ts
//   device ──> drivers, models, sync          (device/runtime.ts and device/cli/bridge.ts also reach sync/bridge:
//   models ──> drivers                          the composition root starts the embedded cloud, the CLI runs one)
//   sync/bridge (the cloud side) ──> sync     (never device)
//   drivers, sync: only themselves
//   base (plain TypeScript: errors, shared messages) <── every part; imports nothing
import { createNodeResolver } from 'eslint-plugin-import-x';
import importX from 'eslint-plugin-import-x';
import layering from './layering.js';

/** Packages that need Node (native add-ons, sockets, servers): never in the renderer. */
export const NATIVE_PACKAGES = [
  'better-sqlite3',
  'mqtt',
  'serialport',
  '@serialport/stream',
  '@serialport/bindings-cpp',
  'onnxruntime-node',
  'koffi',
  'speaker',
  'aedes',
  'pg',
  'fastify',
  '@fastify/static',
  '@fastify/websocket',
  'pino',
  'node-record-lpcm16',
  '@picovoice/porcupine-node',
];

const TEST_SUPPORT = ['test/support/**', 'test/fixtures/**'];

/** First match wins: a narrower entry (the composition roots, the bridge) comes before its wider part. */
export const PARTS = [
  // The bottom layer: plain TypeScript (no Node, no browser API) that every part may import.
  { name: 'base', files: ['base/**'], may: ['base/**'], packages: 'renderer' },
  { name: 'ui/shell', files: ['ui/shell/**'], may: ['ui/shell/**'] },
  { name: 'ui', files: ['ui/**'], may: ['ui/**', 'base/**'], typesOnly: ['device/http/contract*.ts'], packages: 'renderer' },
  { name: 'drivers', files: ['drivers/**'], may: ['drivers/**', 'base/**'], testsMay: TEST_SUPPORT },
  { name: 'models', files: ['models/**'], may: ['models/**', 'drivers/**', 'base/**'], testsMay: TEST_SUPPORT },
  { name: 'sync/bridge', files: ['sync/bridge/**'], may: ['sync/**', 'base/**'], testsMay: TEST_SUPPORT },
  { name: 'sync', files: ['sync/**'], may: ['sync/**', 'base/**'], except: ['sync/bridge/**'], testsMay: TEST_SUPPORT },
  {
    name: 'device (composition root)',
    files: ['device/runtime.ts', 'device/cli/bridge.ts'],
    may: ['base/**', 'device/**', 'drivers/**', 'models/**', 'sync/**'],
  },
  {
    name: 'device',
    files: ['device/**'],
    may: ['base/**', 'device/**', 'drivers/**', 'models/**', 'sync/**'],
    except: ['sync/bridge/**'],
    testsMay: TEST_SUPPORT,
  },
  { name: 'test', files: ['test/**'], may: ['**'] },
];

/**
 * Flat-config entries that enforce the layering and forbid import cycles for the tree under `root`.
 * @param {string} root
 * @returns {import('eslint').Linter.Config[]}
 */
export function architecture(root) {
  return [
    {
      files: ['**/*.ts', '**/*.mts'],
      plugins: { frontdesk: { meta: { name: 'frontdesk' }, rules: { layering } }, 'import-x': importX },
      settings: {
        'import-x/extensions': ['.ts', '.mts', '.js', '.mjs', '.cjs'],
        'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts'] },
        'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
        // Our imports name `x.js` for `x.ts` (NodeNext); resolve them to the TypeScript source.
        'import-x/resolver-next': [
          createNodeResolver({ extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json', '.node'], extensionAlias: { '.js': ['.ts', '.js'] } }),
        ],
      },
      rules: {
        'frontdesk/layering': ['error', { root, parts: PARTS, natives: NATIVE_PACKAGES }],
        // import-x skips type-only imports; test/architecture.test.ts also counts those.
        'import-x/no-cycle': ['error', { ignoreExternal: true }],
      },
    },
  ];
}
