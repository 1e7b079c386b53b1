/**
 * The support bundle: one JSON file a technician sends to support. Config without secrets, recent logs, versions,
 * the state of every part, and the doctor's checks run in process (the running body answers for the firmware).
 * The whole bundle goes through redactSecrets, with the known secrets named explicitly as well. Captions keep their
 * timing and length but not their words (a visitor's name and phone number are not support data).
 */
import { runChecks, type CheckResult } from '../doctor/checks.js';
import type { SupportBundle } from '../http/contract.js';
import type { DiagnosticsSource } from '../ports.js';
import { redactSecrets } from './redact.js';
import { diagnosticsSnapshot } from './snapshot.js';

export const BUNDLE_LOG_LINES = 500;

export interface SupportBundleOptions {
  /** The doctor (tests pass a fake one: the real one takes a second or two). */
  doctor?: (runtime: DiagnosticsSource) => Promise<CheckResult[]>;
}

export function runDoctorInProcess(runtime: DiagnosticsSource): Promise<CheckResult[]> {
  return runChecks({ config: runtime.config, configFile: runtime.configFile, dataDir: runtime.dataDir, body: runtime.body, staffSettingsApplied: true });
}

export async function buildSupportBundle(runtime: DiagnosticsSource, opts: SupportBundleOptions = {}): Promise<SupportBundle> {
  const checks = await (opts.doctor ?? runDoctorInProcess)(runtime);
  const snap = diagnosticsSnapshot(runtime, BUNDLE_LOG_LINES);
  const c = runtime.config;
  const bundle: SupportBundle = {
    format: 'frontdesk-support-bundle',
    formatVersion: 1,
    createdAt: snap.at,
    device: snap.device,
    versions: snap.versions,
    config: c as unknown as Record<string, unknown>, // plain parsed JSON; redacted below
    health: runtime.health(),
    body: snap.body,
    sync: snap.sync,
    // What visitors said is customer data, not diagnostics: the bundle keeps when and how much, not the words.
    speech: { ...snap.speech, captions: snap.speech.captions.map((c) => ({ ...c, text: `[${c.text.length} characters]` })) },
    doctor: { ok: checks.every((r) => r.ok || r.severity !== 'error'), checks },
    logs: snap.logs,
  };
  const wake = c.speech.wake as { accessKey?: string };
  return redactSecrets(bundle, [c.staff.pin, c.technician.pin, c.sync.password, wake.accessKey]);
}

export function supportBundleFileName(runtime: DiagnosticsSource, at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return `frontdesk-support-${runtime.config.device.id}-${stamp}.json`;
}
