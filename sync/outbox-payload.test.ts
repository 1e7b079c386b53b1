import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPRESS_FROM, DEFLATE_RAW, payloadAtRest, payloadText } from './outbox-payload.js';

const snapshot = JSON.stringify({
  schema: 'frontdesk.contact.upsert/1',
  contact: { name: 'Zoë Ångström', transcript: Array.from({ length: 6 }, (_, i) => ({ who: 'visitor', text: `I would like a colour, take ${i}` })) },
});

describe('outbox payloads at rest', () => {
  it('stores a large payload as a format byte and raw deflate, shorter than its JSON, and reads back the same text', () => {
    const stored = payloadAtRest(snapshot);
    expect(Buffer.isBuffer(stored)).toBe(true);
    const bytes = stored as Buffer;
    expect(bytes[0]).toBe(DEFLATE_RAW);
    expect(bytes.length).toBeLessThan(Buffer.byteLength(snapshot) / 2);
    expect(payloadText(bytes)).toBe(snapshot);
  });

  it('keeps small payloads, cleared ones and the erasure marker as text', () => {
    for (const s of ['', '{"erased":true}', '{}', 'x'.repeat(COMPRESS_FROM - 1)]) expect(payloadAtRest(s)).toBe(s);
  });

  it('keeps a payload as text when deflate would not make it shorter', () => {
    const noise = JSON.stringify({ k: Array.from({ length: 400 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join('') });
    const stored = payloadAtRest(noise);
    if (typeof stored !== 'string') expect(stored.length).toBeLessThan(Buffer.byteLength(noise));
    expect(payloadText(stored)).toBe(noise);
  });

  it('reads rows written before compression (TEXT) as they are', () => {
    expect(payloadText(snapshot)).toBe(snapshot);
  });

  it('round-trips any JSON text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(40), (v, pad) => {
        const json = JSON.stringify({ v, pad: 'a'.repeat(pad * 10) });
        expect(payloadText(payloadAtRest(json))).toBe(json);
      }),
    );
  });

  it('refuses a format byte it does not know, saying what it found and what to do', () => {
    const future = Buffer.concat([Buffer.of(0x02), deflateRawSync(snapshot)]);
    expect(() => payloadText(future)).toThrow(/format this version does not know \(first byte 0x02, \d+ bytes\).*newer Frontdesk/);
    expect(() => payloadText(Buffer.alloc(0))).toThrow(/first byte none, 0 bytes/);
  });
});
