import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, generateFleetKeyPair, parseFleetPrivateKey, parseFleetPublicKey, signDesired } from './config-signature.js';
import { DownlinkConfig } from './downlink-config.js';
import { MAX_CONFIG_VERSION } from './downlink-policy.js';
import { MemoryRemoteConfigStore } from './remote-config-store.js';

const doc = (version: number, config: unknown, extra: Record<string, unknown> = {}) => ({
  schema: 'frontdesk.config.desired/1',
  version,
  config,
  issuedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});
const text = (d: unknown) => JSON.stringify(d);

const field = (id: string, kind: string, extra: Record<string, unknown> = {}) => ({ id, kind, label: id, prompt: `${id}?`, ...extra });

function agent(fleetKey?: ReturnType<typeof parseFleetPublicKey>) {
  const store = new MemoryRemoteConfigStore();
  const a = new DownlinkConfig(
    'dev-1',
    store,
    () => ({ ok: true }),
    () => undefined,
    undefined,
    fleetKey ? { fleetKey } : {},
  );
  return { a, store };
}

describe('downlink config: local policy', () => {
  it('refuses a form without a consent field, or with consent made optional, and reports why', () => {
    const { a, store } = agent();
    const dropped = a.handleDesired(text(doc(1, { intake: { fields: [field('name', 'name')] } })));
    expect(dropped.report.last).toMatchObject({ status: 'refused', version: 1 });
    expect(dropped.report.last.reason).toMatch(/local policy: .*no field of kind "consent"/);
    const optional = a.handleDesired(text(doc(2, { intake: { fields: [field('name', 'name'), field('ok', 'consent', { required: false })] } })));
    expect(optional.report.last.reason).toMatch(/consent field "ok" is made optional/);
    expect(store.current()).toBeNull();
    // Keeping consent (required by default) is fine, and so is not touching the form at all.
    expect(a.handleDesired(text(doc(3, { intake: { fields: [field('name', 'name'), field('ok', 'consent')] } }))).changed).toBe(true);
    expect(a.handleDesired(text(doc(4, { business: { name: 'Luna' } }))).changed).toBe(true);
  });

  it('bounds version jumps, so a huge version cannot freeze every later config', () => {
    const { a } = agent();
    expect(a.handleDesired(text(doc(1_000_001, { business: { name: 'x' } }))).report.last.reason).toMatch(
      /jumps more than 1000000 over the applied version 0; send at most 1000000/,
    );
    expect(a.handleDesired(text(doc(2 ** 53 - 1, { business: { name: 'x' } }))).report.last.status).toBe('refused');
    expect(a.handleDesired(text(doc(2 ** 53 + 2, { business: { name: 'x' } }))).report.last.status).toBe('refused');
    expect(a.handleDesired(text(doc(1_000_000, { business: { name: 'x' } }))).changed).toBe(true);
    expect(a.currentVersion()).toBe(1_000_000);
  });

  it('refuses any version above the ceiling, however it got close', () => {
    const { a, store } = agent();
    store.save({ version: MAX_CONFIG_VERSION - 10, config: {}, appliedAt: '2026-01-01T00:00:00.000Z' });
    expect(a.handleDesired(text(doc(MAX_CONFIG_VERSION + 1, { business: { name: 'x' } }))).report.last.reason).toMatch(/above the highest accepted version/);
    expect(a.handleDesired(text(doc(MAX_CONFIG_VERSION, { business: { name: 'x' } }))).changed).toBe(true);
  });

  it('refuses a config meant for another device', () => {
    const { a } = agent();
    expect(a.handleDesired(text(doc(1, { business: { name: 'x' } }, { deviceId: 'dev-2' }))).report.last.reason).toMatch(/for device dev-2, not dev-1/);
  });

  it('refuses an oversized message before parsing it', () => {
    const { a } = agent();
    const r = a.handleDesired('{"pad":"' + 'x'.repeat(300 * 1024) + '"}');
    expect(r.report.last).toMatchObject({ status: 'refused', version: null });
    expect(r.report.last.reason).toMatch(/more than the 262144 this device reads/);
  });
});

describe('downlink config: signatures', () => {
  const fleet = generateFleetKeyPair();
  const priv = parseFleetPrivateKey(fleet.privateKeyPem);
  const pub = parseFleetPublicKey(fleet.publicKeyPem);

  it('applies a config signed by the pinned key, and refuses unsigned, wrongly signed and tampered ones', () => {
    const { a, store } = agent(pub);
    const unsigned = a.handleDesired(text(doc(1, { business: { name: 'x' } })));
    expect(unsigned.report.last.reason).toMatch(/not signed/);
    const other = parseFleetPrivateKey(generateFleetKeyPair().privateKeyPem);
    expect(a.handleDesired(text(signDesired(doc(1, { business: { name: 'x' } }), other))).report.last.reason).toMatch(/does not match the pinned fleet key/);
    const signed = signDesired(doc(1, { business: { name: 'Luna' } }, { deviceId: 'dev-1' }), priv);
    const tampered = { ...signed, config: { business: { name: 'Evil' } } };
    expect(a.handleDesired(text(tampered)).report.last.reason).toMatch(/does not match/);
    expect(a.handleDesired(text({ ...signed, signature: 'AAAA' })).report.last.reason).toMatch(/64 bytes/);
    expect(store.current()).toBeNull();
    // Key order and spacing do not matter: the signature covers the canonical JSON.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(signed).reverse()), null, 2);
    const ok = a.handleDesired(reordered);
    expect(ok.changed).toBe(true);
    expect(store.current()?.config).toEqual({ business: { name: 'Luna' } });
  });

  it('reads PEM and base64 DER public keys and refuses keys that are not Ed25519', () => {
    const der = pub.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(parseFleetPublicKey(der).asymmetricKeyType).toBe('ed25519');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parseFleetPublicKey(rsa)).toThrow(/not Ed25519/);
    expect(() => parseFleetPublicKey('hello')).toThrow(/not a public key/);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });
});
