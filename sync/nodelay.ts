/** Turns Nagle's algorithm off on an MQTT client's socket: small QoS 1 packets and acks go out at once. */
import type { MqttClient } from 'mqtt';

export function noDelay(client: MqttClient): void {
  const stream = client.stream as unknown as { setNoDelay?: (on: boolean) => void };
  stream.setNoDelay?.(true);
}
