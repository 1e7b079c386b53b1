/**
 * Topic layout (see docs/sync.md). Every device-scoped topic sits under `<prefix>/devices/<deviceId>/`, so a broker
 * ACL can confine a device to its own subtree with one pattern (`%u` in Mosquitto, with username = device id).
 */
export interface Topics {
  contactUpsert: string; // device -> cloud, QoS 1, outbox
  event: string; // device -> cloud, QoS 1, outbox
  activity: string; // device -> cloud, QoS 1, outbox (CRM activities, sync/schemas/activity.ts)
  task: string; // device -> cloud, QoS 1, outbox
  ack: string; // cloud -> device, QoS 1
  status: string; // device -> cloud, retained 'online'/'offline' (last will)
  telemetry: string; // device -> cloud, QoS 0 heartbeat
  configDesired: string; // cloud -> device, QoS 1, retained
  configReported: string; // device -> cloud, QoS 1, retained
  command: string; // cloud -> device, QoS 1
  commandResult: string; // device -> cloud, QoS 1
}

export function deviceTopics(prefix: string, deviceId: string): Topics {
  const base = `${prefix}/devices/${deviceId}`;
  return {
    contactUpsert: `${base}/contacts/upsert`,
    event: `${base}/events`,
    activity: `${base}/activities`,
    task: `${base}/tasks`,
    ack: `${base}/acks`,
    status: `${base}/status`,
    telemetry: `${base}/telemetry`,
    configDesired: `${base}/config/desired`,
    configReported: `${base}/config/reported`,
    command: `${base}/commands`,
    commandResult: `${base}/commands/result`,
  };
}

/** Outbox kinds and the topic each is published on. */
export const OUTBOX_KINDS = { 'contact.upsert': 'contactUpsert', event: 'event', 'task.upsert': 'task', activity: 'activity' } as const satisfies Record<
  string,
  keyof Topics
>;
export type OutboxKind = keyof typeof OUTBOX_KINDS;

/** What the cloud bridge consumes: the device -> cloud topic suffixes. */
export const UPLINK_SUFFIXES = ['contacts/upsert', 'events', 'activities', 'tasks', 'status', 'telemetry', 'config/reported', 'commands/result'] as const;
export type UplinkSuffix = (typeof UPLINK_SUFFIXES)[number];

/** The bridge's subscriptions, as MQTT 5 shared subscriptions when a group is given (bridges split the load). */
export function bridgeSubscriptions(prefix: string, shareGroup?: string): string[] {
  return UPLINK_SUFFIXES.map((s) => {
    const topic = `${prefix}/devices/+/${s}`;
    return shareGroup ? `$share/${shareGroup}/${topic}` : topic;
  });
}

/** Kept for callers of the first version: the contact upsert subscription alone. */
export function bridgeSubscription(prefix: string, shareGroup?: string): string {
  const topic = `${prefix}/devices/+/contacts/upsert`;
  return shareGroup ? `$share/${shareGroup}/${topic}` : topic;
}

/** Splits a device-scoped uplink topic into device id and suffix, or null when the topic is not one of ours. */
export function parseDeviceTopic(prefix: string, topic: string): { deviceId: string; suffix: UplinkSuffix } | null {
  const head = `${prefix}/devices/`;
  if (!topic.startsWith(head)) return null;
  const rest = topic.slice(head.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return null;
  const id = rest.slice(0, slash);
  const suffix = rest.slice(slash + 1);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  return (UPLINK_SUFFIXES as readonly string[]).includes(suffix) ? { deviceId: id, suffix: suffix as UplinkSuffix } : null;
}

/** Extracts the device id from a device-scoped topic, or null when the topic is not one of ours. */
export function deviceIdOf(prefix: string, topic: string): string | null {
  if (!topic.startsWith(`${prefix}/devices/`)) return null;
  const id = topic.slice(prefix.length + '/devices/'.length).split('/')[0];
  return id && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
}
