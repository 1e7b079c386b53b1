/**
 * The device's half of the config shadow. A desired config is checked in this order, and refused (reported with
 * the reason, nothing applied) at the first failure: payload size -> payload schema -> meant for this device ->
 * signature by the pinned fleet key (once one is pinned) -> version newer than the applied one, and by a bounded step
 * -> local policy (consent stays required) -> the runtime's own validation of the merged config. Then it is persisted and applied in one step: if applying
 * throws, the persisted config is put back, so the device never runs half of a config nor restarts into one.
 */
import type { KeyObject } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { signatureProblem } from './config-signature.js';
import { consentProblem, DEFAULT_MAX_VERSION_JUMP, versionProblem } from './downlink-policy.js';
import type { RemoteConfigStore } from './remote-config-store.js';
import { decode } from './schemas/common.js';
import { desiredConfigSchema, type RemoteConfig, type ReportedConfig } from './schemas/config.js';

/** Checks a remote config against everything the runtime knows (its full config schema); the reason says what is wrong. */
export type ConfigValidator = (remote: RemoteConfig) => { ok: true } | { ok: false; reason: string };
/** Replaces the running config with one that passed validation. Throwing refuses it. */
export type ConfigApplier = (remote: RemoteConfig, version: number) => void;

export interface DownlinkOptions {
  /** The fleet's Ed25519 public key: once pinned, only configs it signed are applied. */
  fleetKey?: KeyObject | null;
  /** Largest version step over the applied one (default 1,000,000). */
  maxVersionJump?: number;
}

/** Largest desired config message, bytes (checked before parsing). */
export const MAX_DESIRED_BYTES = 256 * 1024;

export interface DownlinkOutcome {
  changed: boolean;
  report: ReportedConfig;
}

export class DownlinkConfig {
  private last: ReportedConfig['last'];

  constructor(
    private readonly deviceId: string,
    private readonly store: RemoteConfigStore,
    private readonly validate: ConfigValidator,
    private readonly apply: ConfigApplier,
    private readonly now: () => Date = () => new Date(),
    private readonly options: DownlinkOptions = {},
  ) {
    const cur = store.current();
    this.last = { version: cur?.version ?? null, status: 'applied', reason: null };
  }

  currentVersion(): number {
    return this.store.current()?.version ?? 0;
  }

  /** Handles one message of the desired topic; returns what to publish on the reported topic. */
  handleDesired(payload: Buffer | string): DownlinkOutcome {
    const size = Buffer.byteLength(payload);
    if (size > MAX_DESIRED_BYTES) return this.refuse(null, `the desired config is ${size} bytes, more than the ${MAX_DESIRED_BYTES} this device reads`);
    const msg = decode(desiredConfigSchema, payload);
    if (!msg.ok) return this.refuse(versionIn(payload), `the desired config is invalid: ${msg.reason}`);
    const { version, config } = msg.value;
    if (msg.value.deviceId !== undefined && msg.value.deviceId !== this.deviceId)
      return this.refuse(version, `the config is for device ${msg.value.deviceId}, not ${this.deviceId}`);
    if (this.options.fleetKey) {
      const bad = signatureProblem(msg.value, this.options.fleetKey);
      if (bad) return this.refuse(version, bad);
    }
    const current = this.store.current();
    const currentVersion = current?.version ?? 0;
    if (current && version === currentVersion && isDeepStrictEqual(current.config, config)) {
      // The retained desired config comes again on every reconnect: already running it.
      return { changed: false, report: this.report() };
    }
    if (version <= currentVersion)
      return this.refuse(version, `version ${version} is not newer than the applied version ${currentVersion}; send a higher version`);
    const jump = versionProblem(version, currentVersion, this.options.maxVersionJump ?? DEFAULT_MAX_VERSION_JUMP);
    if (jump) return this.refuse(version, jump);
    const consent = consentProblem(config);
    if (consent) return this.refuse(version, `local policy: ${consent}`);
    const valid = this.validate(config);
    if (!valid.ok) return this.refuse(version, `the device refused the config: ${valid.reason}`);
    const applied = { version, config, appliedAt: this.now().toISOString() };
    try {
      this.store.save(applied);
    } catch (err) {
      // A full disk: nothing was applied; the retained desired config comes again on the next connection.
      return this.refuse(version, `the device cannot save the config now (${(err as Error).message}); nothing was applied`);
    }
    try {
      this.apply(config, version);
    } catch (err) {
      try {
        this.store.restore(current);
      } catch {
        // Could not put the previous row back either: the next start validates what is stored again.
      }
      return this.refuse(version, `applying the config failed, the previous one stays: ${(err as Error).message}`);
    }
    this.last = { version, status: 'applied', reason: null };
    return { changed: true, report: this.report() };
  }

  /** The reported document for the current state. */
  report(): ReportedConfig {
    const cur = this.store.current();
    return {
      schema: 'frontdesk.config.reported/1',
      deviceId: this.deviceId,
      version: cur?.version ?? 0,
      config: cur?.config ?? null,
      last: this.last,
      at: this.now().toISOString(),
    };
  }

  private refuse(version: number | null, reason: string): DownlinkOutcome {
    this.last = { version, status: 'refused', reason: reason.slice(0, 1000) };
    return { changed: false, report: this.report() };
  }
}

function versionIn(payload: Buffer | string): number | null {
  try {
    const v = (JSON.parse(payload.toString()) as { version?: unknown } | null)?.version;
    return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
  } catch {
    return null;
  }
}
