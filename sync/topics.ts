/**
 * Topic layout (see docs/sync.md). Every device-scoped topic sits under `<prefix>/devices/<deviceId>/`, so a broker
 * ACL can confine a device to its own subtree with one pattern (`%c` / `%u` in Mosquitto).
 */
export interface Topics {
  contactUpsert: string; // device -> cloud, QoS 1
  ack: string; // cloud -> device, QoS 1
  status: string; // device -> cloud, retained 'online'/'offline' (last will)
}

export function deviceTopics(prefix: string, deviceId: string): Topics {
  const base = `${prefix}/devices/${deviceId}`;
  return { contactUpsert: `${base}/contacts/upsert`, ack: `${base}/acks`, status: `${base}/status` };
}

/** Subscriptions of the cloud bridge: every device's upserts, optionally as an MQTT 5 shared subscription. */
export function bridgeSubscription(prefix: string, shareGroup?: string): string {
  const topic = `${prefix}/devices/+/contacts/upsert`;
  return shareGroup ? `$share/${shareGroup}/${topic}` : topic;
}

/** Extracts the device id from a device-scoped topic, or null when the topic is not one of ours. */
export function deviceIdOf(prefix: string, topic: string): string | null {
  if (!topic.startsWith(`${prefix}/devices/`)) return null;
  const id = topic.slice(prefix.length + '/devices/'.length).split('/')[0];
  return id && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
}
