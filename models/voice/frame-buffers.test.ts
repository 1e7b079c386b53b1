import { describe, expect, it } from 'vitest';
import { ChunkQueue, PreRoll } from './frame-buffers.js';

const frame = (timeMs: number, n = 320, v = timeMs) => ({ timeMs, samples: new Int16Array(n).fill(v) });

describe('ChunkQueue', () => {
  it('re-cuts 20 ms frames into 512-sample chunks, in order, keeping the remainder', () => {
    const q = new ChunkQueue(512);
    q.push(Int16Array.from({ length: 320 }, (_, i) => i));
    expect(q.take()).toBeNull();
    q.push(Int16Array.from({ length: 320 }, (_, i) => 320 + i));
    const chunk = q.take()!;
    expect(chunk).toHaveLength(512);
    expect(chunk[0]).toBe(0);
    expect(chunk[511]).toBe(511);
    expect(q.take()).toBeNull(); // 128 left
    q.push(Int16Array.from({ length: 384 }, (_, i) => 640 + i));
    expect(q.take()![0]).toBe(512);
    q.push(new Int16Array(600));
    q.clear();
    expect(q.take()).toBeNull();
  });

  it('refuses a chunk length that is not positive', () => {
    expect(() => new ChunkQueue(0)).toThrow(/chunkSamples/);
  });
});

describe('PreRoll', () => {
  it('keeps frames back to keepMs before the newest, and gives those that end after a time', () => {
    const r = new PreRoll(100);
    for (let t = 0; t <= 300; t += 20) r.push(frame(t));
    expect(r.since(0).map((f) => f.timeMs)).toEqual([200, 220, 240, 260, 280, 300]);
    expect(r.since(250).map((f) => f.timeMs)).toEqual([240, 260, 280, 300]); // 240's frame ends at 260
  });
});
