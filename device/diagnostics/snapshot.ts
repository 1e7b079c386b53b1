/** The diagnostics screen's view of the running runtime: body, sync, speech, recent logs, versions. */
import type { BodyStateView, DiagnosticsSnapshot, SyncStateView } from '../http/contract.js';
import type { DiagnosticsSource } from '../ports.js';
import { recentLogs } from './logs.js';
import { versions } from './versions.js';

/** Log lines in a snapshot (the support bundle takes more). */
export const SNAPSHOT_LOG_LINES = 100;

export function bodyStateView(runtime: DiagnosticsSource): BodyStateView {
  return runtime.body.state() satisfies BodyStateView;
}

export function syncStateView(runtime: DiagnosticsSource): SyncStateView {
  const s = runtime.sync.state();
  return {
    connected: s.connected,
    broker: s.broker,
    lastError: s.lastError,
    inFlight: s.inFlight,
    outbox: { ...s.outbox },
    rejected: s.rejectedRecent.map((r) => ({ idempotencyKey: r.idempotencyKey, recordId: r.recordId, rejectedAt: r.rejectedAt, reason: r.reason })),
    deliveredThisRun: s.deliveredThisRun,
    lastDeliveredAt: s.lastDeliveredAt,
    reconnects: s.reconnects,
    embeddedBroker: runtime.broker !== null,
  };
}

export function diagnosticsSnapshot(runtime: DiagnosticsSource, logLines = SNAPSHOT_LOG_LINES): DiagnosticsSnapshot {
  const v = versions();
  return {
    at: new Date().toISOString(),
    device: { id: runtime.config.device.id, version: v.app, uptimeS: runtime.health().uptimeS },
    body: { state: bodyStateView(runtime), layout: runtime.body.layout() },
    sync: syncStateView(runtime),
    speech: runtime.speechMonitor.snapshot(runtime.speechMode.mode),
    logs: recentLogs(runtime.logRing, logLines),
    versions: v,
  };
}
