import { describe, expect, it } from 'vitest';
import { runCommand, type CommandContext } from './device-commands.js';

const ctx = (over: Partial<CommandContext> = {}): CommandContext => ({
  deviceId: 'd1',
  syncNow: () => 'synced',
  reportConfig: () => 'reported',
  heartbeat: () => undefined,
  ...over,
});
const cmd = (command: string, extra: Record<string, unknown> = {}) => JSON.stringify({ schema: 'frontdesk.command/1', id: 'c1', command, ...extra });

describe('device commands', () => {
  it('answers every command exactly once, with an outcome', async () => {
    expect(await runCommand(cmd('ping'), ctx())).toMatchObject({ id: 'c1', deviceId: 'd1', status: 'done', detail: 'pong' });
    expect(await runCommand(cmd('sync-now'), ctx())).toMatchObject({ status: 'done', detail: 'synced' });
    expect(await runCommand(cmd('reboot'), ctx())).toMatchObject({ status: 'unsupported' });
    expect(await runCommand(cmd('reboot'), ctx({ other: async () => ({ status: 'done', detail: 'rebooting' }) }))).toMatchObject({
      status: 'done',
      detail: 'rebooting',
    });
    expect(
      await runCommand(
        cmd('boom'),
        ctx({
          other: async () => {
            throw new Error('no');
          },
        }),
      ),
    ).toMatchObject({ status: 'failed', detail: 'no' });
    expect(await runCommand(cmd('ping', { expiresAt: '2020-01-01T00:00:00Z' }), ctx())).toMatchObject({ status: 'expired' });
    expect(await runCommand('{"id":"x9"}', ctx())).toMatchObject({ id: 'x9', status: 'invalid' });
  });
});
