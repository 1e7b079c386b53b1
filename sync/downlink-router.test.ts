import { describe, expect, it } from 'vitest';
import { DownlinkConfig } from './downlink-config.js';
import { DownlinkRouter, MAX_DOWNLINK_BYTES } from './downlink-router.js';
import { MemoryRemoteConfigStore } from './remote-config-store.js';
import { deviceTopics } from './topics.js';

const topics = deviceTopics('fd', 'dev-1');

function router(opts: { downlink?: boolean } = {}) {
  const published: { topic: string; payload: unknown; retain: boolean }[] = [];
  const acks: { key: string; reason: string | null }[][] = [];
  const logs: string[] = [];
  const configs: number[] = [];
  let heartbeats = 0;
  const downlink = opts.downlink
    ? new DownlinkConfig(
        'dev-1',
        new MemoryRemoteConfigStore(),
        () => ({ ok: true }),
        () => undefined,
      )
    : undefined;
  const r = new DownlinkRouter({
    deviceId: 'dev-1',
    topics,
    ...(downlink ? { downlink } : {}),
    publish: (topic, payload, o) => published.push({ topic, payload: JSON.parse(payload), retain: o.retain ?? false }),
    onAcks: (keys) => acks.push(keys),
    onConfig: (report) => configs.push(report.version),
    syncNow: () => '3 pending, 1 in flight',
    heartbeat: () => heartbeats++,
    log: (level, msg) => logs.push(`${level}: ${msg}`),
  });
  return { r, published, acks, logs, configs, heartbeats: () => heartbeats };
}

const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));
const key = (n: number): string => `contact.upsert:c${n}:v1`;

describe('DownlinkRouter (no broker)', () => {
  it('subscribes to acks and commands, and to desired configs only with a downlink handler', () => {
    expect(Object.keys(router().r.subscriptions()).sort()).toEqual([topics.ack, topics.command].sort());
    expect(Object.keys(router({ downlink: true }).r.subscriptions())).toContain(topics.configDesired);
  });

  it('hands single and batched acks to the pump, logs a rejected entry, ignores an invalid ack', async () => {
    const h = router();
    await h.r.route(topics.ack, json({ schema: 'frontdesk.ack/1', idempotencyKey: key(1), status: 'stored' }));
    await h.r.route(
      topics.ack,
      json({
        schema: 'frontdesk.acks/1',
        acks: [
          { idempotencyKey: key(2), status: 'duplicate' },
          { idempotencyKey: key(3), status: 'rejected', reason: 'bad phone' },
        ],
      }),
    );
    await h.r.route(topics.ack, Buffer.from('{"not":"an ack"}'));
    expect(h.acks).toEqual([
      [{ key: key(1), reason: null }],
      [
        { key: key(2), reason: null },
        { key: key(3), reason: 'bad phone' },
      ],
    ]);
    expect(h.logs).toEqual([expect.stringMatching(/^error: the bridge rejected an outbox entry; it is kept as rejected/), 'warn: ignored an invalid ack']);
  });

  it('applies a desired config and publishes the report, retained', async () => {
    const h = router({ downlink: true });
    const desired = { schema: 'frontdesk.config.desired/1', version: 2, config: { business: { greeting: 'Hi' } }, issuedAt: new Date().toISOString() };
    await h.r.route(topics.configDesired, json(desired));
    expect(h.configs).toEqual([2]);
    expect(h.published).toEqual([{ topic: topics.configReported, payload: expect.objectContaining({ version: 2 }), retain: true }]);
  });

  it('answers every command once: sync-now, report-config without a handler, an unknown one, garbage', async () => {
    const h = router();
    const cmd = (id: string, command: string) => json({ schema: 'frontdesk.command/1', id, command });
    await h.r.route(topics.command, cmd('1', 'sync-now'));
    await h.r.route(topics.command, cmd('2', 'report-config'));
    await h.r.route(topics.command, cmd('3', 'dance'));
    await h.r.route(topics.command, Buffer.from('garbage'));
    const results = h.published.filter((p) => p.topic === topics.commandResult).map((p) => p.payload as { id: string; status: string; detail: string });
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['1', 'done'],
      ['2', 'done'],
      ['3', 'unsupported'],
      [expect.any(String), 'invalid'],
    ]);
    expect(results[0]!.detail).toBe('3 pending, 1 in flight');
    expect(results[1]!.detail).toBe('this device takes no downlink config');
  });

  it('reads no message over MAX_DOWNLINK_BYTES; an oversized desired config is refused and reported', async () => {
    const h = router({ downlink: true });
    const huge = Buffer.alloc(MAX_DOWNLINK_BYTES + 1, 0x20);
    await h.r.route(topics.ack, huge);
    await h.r.route(topics.configDesired, huge);
    expect(h.acks).toEqual([]);
    expect(h.logs.filter((l) => l.includes('oversized'))).toHaveLength(2);
    expect(h.published).toEqual([
      { topic: topics.configReported, payload: expect.objectContaining({ last: expect.objectContaining({ status: 'refused' }) }), retain: true },
    ]);
  });

  it('ignores topics that are not its own', async () => {
    const h = router();
    await h.r.route('fd/devices/other/acks', json({ schema: 'frontdesk.ack/1', idempotencyKey: key(1), status: 'stored' }));
    expect(h.acks).toEqual([]);
  });
});
