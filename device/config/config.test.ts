import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './load.js';

describe('config', () => {
  it('runs on built-in defaults with the seven default intake fields', () => {
    const c = parseConfig({});
    expect(c.http.port).toBe(8080);
    expect(c.sync.broker).toBe('embedded');
    expect(c.body.driver).toBe('simulated');
    expect(c.intake.fields.map((f) => f.id)).toEqual(['name', 'phone', 'email', 'reason', 'heard_from', 'contact_method', 'consent']);
  });

  it('refuses a bad config with the path and reason of each problem', () => {
    try {
      parseConfig({ http: { port: 70000 }, sync: { broker: 'ftp://x' }, surprise: true });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.map((p) => p.path);
      expect(problems).toEqual(expect.arrayContaining(['http.port', 'sync.broker', '']));
      expect((err as Error).message).toMatch(/unknown setting\(s\) "surprise"/);
    }
  });

  it("takes the device's site as free text, trimmed, and refuses a long one saying where and how long", () => {
    expect(parseConfig({ device: { site: ' Main Street salon ' } }).device.site).toBe('Main Street salon');
    expect(parseConfig({}).device.site).toBeUndefined();
    try {
      parseConfig({ device: { site: 'x'.repeat(81) } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([
        { path: 'device.site', reason: 'is longer than 80 characters: use a short name such as "Main Street salon"' },
      ]);
    }
  });

  it('takes extra email domains in lower case, and says which one is not a domain', () => {
    expect(parseConfig({ speech: { emailDomains: ['BTinternet.com', ' bella-salon.co.uk '] } }).speech.emailDomains).toEqual([
      'btinternet.com',
      'bella-salon.co.uk',
    ]);
    expect(parseConfig({}).speech.emailDomains).toEqual([]);
    expect(() => parseConfig({ speech: { emailDomains: ['ok.com', 'ana@mail.com'] } })).toThrow(
      /speech\.emailDomains\[1\]: an email domain, like example\.com/,
    );
  });

  it('runs RNNoise in front of the STT by default, and reads the true/false of earlier configs', () => {
    expect(parseConfig({}).speech.denoise).toBe('rnnoise');
    expect(parseConfig({ speech: { denoise: 'wiener' } }).speech.denoise).toBe('wiener');
    expect(parseConfig({ speech: { denoise: true } }).speech.denoise).toBe('rnnoise');
    expect(parseConfig({ speech: { denoise: false } }).speech.denoise).toBe('off');
    expect(() => parseConfig({ speech: { denoise: 'loud' } })).toThrow(/speech\.denoise: .*rnnoise.*wiener.*off/);
  });

  it('refuses duplicate field ids and a choice without choices', () => {
    const fields = [
      { id: 'name', kind: 'name', label: 'Name', prompt: 'Name?' },
      { id: 'name', kind: 'choice', label: 'Pick', prompt: 'Pick?' },
    ];
    expect(() => parseConfig({ intake: { fields } })).toThrow(/intake\.fields\[1\]\.id: "name" is used by another field[\s\S]*intake\.fields\[1\]\.choices/);
  });

  it('reports invalid JSON and a missing file clearly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, '{ "http": ');
    expect(() => loadConfig(file)).toThrow(/not valid JSON/);
    expect(() => loadConfig(join(dir, 'nope.json'))).toThrow(/file not found/);
  });

  it('applies overrides (flags, env) on top of the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ http: { port: 9000 } }));
    const c = loadConfig(file, (raw) => ((raw.http as Record<string, unknown>).port = 9100));
    expect(c.http.port).toBe(9100);
  });
});
