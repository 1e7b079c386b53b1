/**
 * Cloud -> device: pushing a desired config (retained, so a device that is offline gets it when it connects) and
 * sending technician commands. Works on any connected MQTT client (the bridge's own, or a short-lived one from the
 * CLI); the store records what was pushed so the fleet view can compare desired and reported versions.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { signDesired } from '../config-signature.js';
import type { MqttClient } from 'mqtt';
import { SyncError } from '../errors.js';
import { check, commandSchema, desiredConfigSchema, remoteConfigSchema, type Command, type DesiredConfig } from '../payloads.js';
import { deviceTopics } from '../topics.js';
import type { BridgeStore } from './store.js';

export interface PushConfigInput {
  deviceId: string;
  /** The remotely settable config (validated here before anything is sent). */
  config: unknown;
  /** Omit to use the last pushed version + 1. */
  version?: number;
  issuedBy?: string;
  /** The fleet's Ed25519 private key: the config is signed for devices that pinned the fleet key. */
  signWith?: KeyObject;
}

export async function pushConfig(client: MqttClient, store: BridgeStore, topicPrefix: string, input: PushConfigInput): Promise<DesiredConfig> {
  const config = check(remoteConfigSchema, input.config);
  if (!config.ok) throw new SyncError('sync_config_invalid', `The config for ${input.deviceId} is invalid, nothing was sent: ${config.reason}`);
  const version = input.version ?? (await store.desiredVersion(input.deviceId)) + 1;
  const desired = check(desiredConfigSchema, {
    schema: 'frontdesk.config.desired/1',
    version,
    config: config.value,
    issuedAt: new Date().toISOString(),
    ...(input.issuedBy ? { issuedBy: input.issuedBy } : {}),
    deviceId: input.deviceId,
  });
  if (!desired.ok) throw new SyncError('sync_config_invalid', `The desired config for ${input.deviceId} is invalid, nothing was sent: ${desired.reason}`);
  const doc = input.signWith ? signDesired(desired.value, input.signWith) : desired.value;
  await client.publishAsync(deviceTopics(topicPrefix, input.deviceId).configDesired, JSON.stringify(doc), { qos: 1, retain: true });
  await store.recordDesired(input.deviceId, doc);
  return doc;
}

export async function sendCommand(
  client: MqttClient,
  topicPrefix: string,
  deviceId: string,
  command: string,
  args: Record<string, unknown> = {},
  ttlMs = 10 * 60_000,
): Promise<Command> {
  const cmd = commandSchema.parse({ schema: 'frontdesk.command/1', id: randomUUID(), command, args, expiresAt: new Date(Date.now() + ttlMs).toISOString() });
  await client.publishAsync(deviceTopics(topicPrefix, deviceId).command, JSON.stringify(cmd), { qos: 1 });
  return cmd;
}
