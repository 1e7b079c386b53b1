/**
 * Technician commands on the device: one plain function per built-in command, one dispatcher. Every command gets
 * exactly one result (done, failed, unsupported, expired or invalid); none is silently ignored.
 */
import { commandSchema, decode, type Command, type CommandResult } from './payloads.js';

export interface CommandContext {
  deviceId: string;
  /** Sends what the outbox holds now; returns a one-line summary. */
  syncNow(): string;
  /** Publishes the reported config again; returns a one-line summary. */
  reportConfig(): string;
  heartbeat(): void;
  /** The runtime's own commands; null means unsupported. */
  other?: (cmd: Command) => Promise<{ status: CommandResult['status']; detail: string } | null>;
  now?: () => Date;
}

export async function runCommand(payload: Buffer | string, ctx: CommandContext): Promise<CommandResult> {
  const now = (ctx.now ?? (() => new Date()))();
  const result = (id: string, status: CommandResult['status'], detail: string): CommandResult => ({
    schema: 'frontdesk.command.result/1',
    id,
    deviceId: ctx.deviceId,
    status,
    detail: detail.slice(0, 2000),
    at: now.toISOString(),
  });
  const msg = decode(commandSchema, payload);
  if (!msg.ok) return result(commandIdIn(payload), 'invalid', msg.reason);
  const cmd = msg.value;
  if (cmd.expiresAt && Date.parse(cmd.expiresAt) < now.getTime()) return result(cmd.id, 'expired', `the command expired at ${cmd.expiresAt}`);
  switch (cmd.command) {
    case 'ping':
      return result(cmd.id, 'done', 'pong');
    case 'sync-now':
      return result(cmd.id, 'done', ctx.syncNow());
    case 'report-config':
      return result(cmd.id, 'done', ctx.reportConfig());
    case 'report-telemetry':
      ctx.heartbeat();
      return result(cmd.id, 'done', 'heartbeat sent');
  }
  try {
    const r = (await ctx.other?.(cmd)) ?? null;
    return r ? result(cmd.id, r.status, r.detail) : result(cmd.id, 'unsupported', `this device does not know the command "${cmd.command}"`);
  } catch (err) {
    return result(cmd.id, 'failed', (err as Error).message);
  }
}

function commandIdIn(payload: Buffer | string): string {
  try {
    const v = (JSON.parse(payload.toString()) as { id?: unknown }).id;
    return typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : 'unknown';
  } catch {
    return 'unknown';
  }
}
