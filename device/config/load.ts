import { readFileSync, existsSync } from 'node:fs';
import { configSchema, type Config } from './schema.js';
import { CodedError } from '../../base/errors.js';

/** A config that cannot be used, with every problem as `path: reason`. */
export class ConfigError extends CodedError<'config_invalid'> {
  constructor(
    readonly file: string | null,
    readonly problems: { path: string; reason: string }[],
  ) {
    const where = file ? `Config file ${file}` : 'Config';
    super('config_invalid', `${where} is not valid:\n${problems.map((p) => `  - ${p.path || '(top level)'}: ${p.reason}`).join('\n')}`);
  }
}

function pathOf(path: PropertyKey[]): string {
  return path
    .map((seg) => (typeof seg === 'number' ? `[${seg}]` : `.${String(seg)}`))
    .join('')
    .replace(/^\./, '');
}

/** Validates an object already parsed; overrides (from CLI flags and env) are merged on top first. */
export function parseConfig(raw: unknown, file: string | null = null): Config {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) {
    throw new ConfigError(
      file,
      result.error.issues.map((issue) => ({
        path: pathOf(issue.path),
        reason: issue.code === 'unrecognized_keys' ? `unknown setting(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message,
      })),
    );
  }
  return validateCrossFields(result.data, file);
}

function validateCrossFields(config: Config, file: string | null): Config {
  const problems: { path: string; reason: string }[] = [];
  const seen = new Set<string>();
  config.intake.fields.forEach((f, i) => {
    if (seen.has(f.id)) problems.push({ path: `intake.fields[${i}].id`, reason: `"${f.id}" is used by another field; ids must be unique` });
    seen.add(f.id);
    if (f.kind === 'choice' && (!f.choices || f.choices.length === 0))
      problems.push({ path: `intake.fields[${i}].choices`, reason: 'a choice field needs at least one choice' });
  });
  if (!config.intake.fields.some((f) => f.kind === 'name'))
    problems.push({ path: 'intake.fields', reason: 'one field must be of kind "name" so every lead has a name' });
  if (problems.length) throw new ConfigError(file, problems);
  return config;
}

/** Reads and validates the config file; a missing file means all defaults. */
export function loadConfig(file: string | null, overrides: (raw: Record<string, unknown>) => void = () => {}): Config {
  let raw: Record<string, unknown> = {};
  if (file) {
    if (!existsSync(file)) throw new ConfigError(file, [{ path: '', reason: 'file not found; create it or leave --config out to use the defaults' }]);
    const text = readFileSync(file, 'utf8');
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new ConfigError(file, [{ path: '', reason: 'the file must hold one JSON object' }]);
      raw = parsed as Record<string, unknown>;
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      throw new ConfigError(file, [{ path: '', reason: `not valid JSON (${(err as Error).message})` }]);
    }
  }
  overrides(raw);
  return parseConfig(raw, file);
}

/** Sets `raw.a.b = value`, creating objects on the way; used to apply --port, --broker and env vars. */
export function setPath(raw: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = raw;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === undefined || next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

export type { Config };
