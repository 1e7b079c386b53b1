/** Log lines for people: pino's JSON lines (from the LogRing) as LogLine, with secrets removed once more. */
import type { LogLine } from '../http/contract.js';
import type { LogRing } from '../log.js';
import { redactSecrets } from './redact.js';

const LEVELS: Record<number, LogLine['level']> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** Fields every line has that say nothing to a technician. */
const NOISE = new Set(['level', 'time', 'msg', 'app', 'pid', 'hostname']);

export function toLogLine(raw: unknown): LogLine {
  if (raw === null || typeof raw !== 'object') return redactSecrets({ time: new Date().toISOString(), level: 'info', msg: String(raw), data: {} });
  const r = raw as Record<string, unknown>;
  const level = typeof r.level === 'number' ? (LEVELS[r.level] ?? 'info') : 'info';
  const time = typeof r.time === 'number' ? new Date(r.time).toISOString() : new Date().toISOString();
  const data = Object.fromEntries(Object.entries(r).filter(([k]) => !NOISE.has(k)));
  return redactSecrets({ time, level, msg: typeof r.msg === 'string' ? r.msg : '', data });
}

export function recentLogs(ring: LogRing, n = 100): LogLine[] {
  return ring.recent(n).map(toLogLine);
}
