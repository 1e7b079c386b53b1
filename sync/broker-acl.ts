/**
 * Who may do what on the embedded broker: each device publishes only its own uplink topics and subscribes only to
 * its own downlink; the bridge subscribes to every device's uplink and publishes every device's downlink. The same
 * rules as the Mosquitto ACL of `frontdesk bridge acl` (sync/mosquitto-acl.ts).
 */
import { bridgeSubscriptions, UPLINK_SUFFIXES } from './topics.js';

export const DOWNLINK_SUFFIXES = ['acks', 'config/desired', 'commands'] as const;

const DEVICE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export type BrokerIdentity = { role: 'device'; deviceId: string } | { role: 'bridge' };

/** The client id a device must connect with (sync/device-sync.ts uses it). */
export const deviceClientId = (deviceId: string): string => `frontdesk-${deviceId}`;

export function mayPublish(who: BrokerIdentity, prefix: string, topic: string): boolean {
  const head = `${prefix}/devices/`;
  if (!topic.startsWith(head)) return false;
  const rest = topic.slice(head.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return false;
  const id = rest.slice(0, slash);
  const suffix = rest.slice(slash + 1);
  if (!DEVICE_ID.test(id)) return false;
  if (who.role === 'device') return id === who.deviceId && (UPLINK_SUFFIXES as readonly string[]).includes(suffix);
  return (DOWNLINK_SUFFIXES as readonly string[]).includes(suffix);
}

export function maySubscribe(who: BrokerIdentity, prefix: string, topic: string): boolean {
  if (who.role === 'device') return DOWNLINK_SUFFIXES.some((s) => topic === `${prefix}/devices/${who.deviceId}/${s}`);
  if (bridgeSubscriptions(prefix).includes(topic)) return true;
  // A shared subscription of the same topics: $share/<group>/<topic>.
  const m = /^\$share\/([A-Za-z0-9_-]{1,64})\/(.*)$/.exec(topic);
  return m !== null && bridgeSubscriptions(prefix).includes(m[2]!);
}
