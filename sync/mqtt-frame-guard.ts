/**
 * Bounds MQTT packet sizes before anything parses them: a pass-through stream that reads each packet's fixed header
 * (type byte, then the remaining length as a 1-4 byte varint) and fails the stream as soon as a packet announces more
 * than `maxPacketBytes`, so an attacker cannot make the broker buffer a 256 MB packet.
 */
import { Transform, type TransformCallback } from 'node:stream';

export class MqttFrameGuard extends Transform {
  /** 0: at a packet's first byte; 1: in the length varint; 2: skipping the packet's remaining bytes. */
  private state: 0 | 1 | 2 = 0;
  private remaining = 0;
  private multiplier = 1;
  private lengthBytes = 0;

  constructor(private readonly maxPacketBytes: number) {
    super();
    if (!Number.isInteger(maxPacketBytes) || maxPacketBytes < 2) throw new RangeError('maxPacketBytes must be an integer >= 2');
  }

  /** Feeds bytes; returns the reason when a packet is too large or malformed, else null. Exposed for tests. */
  scan(chunk: Buffer): string | null {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 2) {
        const take = Math.min(this.remaining, chunk.length - i);
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = 0;
        continue;
      }
      const byte = chunk[i++]!;
      if (this.state === 0) {
        this.state = 1;
        this.remaining = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
        continue;
      }
      this.remaining += (byte & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      this.lengthBytes++;
      if (this.remaining + 1 + this.lengthBytes > this.maxPacketBytes)
        return `an MQTT packet of ${this.remaining} bytes or more exceeds the limit of ${this.maxPacketBytes}`;
      if (byte & 0x80) {
        if (this.lengthBytes === 4) return 'malformed MQTT remaining length (more than 4 bytes)';
        continue;
      }
      this.state = this.remaining === 0 ? 0 : 2;
    }
    return null;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const problem = this.scan(chunk);
    if (problem) return done(new Error(problem));
    done(null, chunk);
  }
}
