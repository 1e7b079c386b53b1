/** The small pieces of the HTTP boundary: text cleaning, the rate limiter, the CSP. */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { httpConfigSchema, OPEN_VISITS_DEFAULT } from '../config/http.js';
import { contentSecurityPolicy, hostPort, registerGuard } from './guard.js';
import { RateLimiter } from './rate-limit.js';
import { cleanText, textField } from './text.js';

describe('cleanText', () => {
  it('drops control characters and bidi overrides, keeps tabs, newlines and every script', () => {
    expect(cleanText('Ana\u0000 \u0007Lopez\u001b[31m')).toBe('Ana Lopez[31m');
    expect(cleanText('\u202eevil\u202c \u2066x\u2069')).toBe('evil x');
    expect(cleanText('a\u007f\u0085b')).toBe('ab');
    expect(cleanText('line 1\nline 2\tend')).toBe('line 1\nline 2\tend');
    expect(cleanText('Zoë Ñandú 王芳 🙂')).toBe('Zoë Ñandú 王芳 🙂');
    expect(textField(5).safeParse('123456').success).toBe(false);
    expect(textField(5).parse('ab\u0000c')).toBe('abc');
  });
});

describe('RateLimiter', () => {
  it('allows a burst, then one per refill interval, per key', () => {
    const clock = { t: 0 };
    const r = new RateLimiter(3, 10_000, () => clock.t);
    expect([r.take('a'), r.take('a'), r.take('a')]).toEqual([0, 0, 0]);
    expect(r.take('a')).toBe(10_000);
    expect(r.take('b')).toBe(0); // another client is not held up
    clock.t += 5_000;
    expect(r.take('a')).toBe(5_000);
    clock.t += 5_000;
    expect(r.take('a')).toBe(0);
    clock.t += 60_000;
    expect([r.take('a'), r.take('a'), r.take('a'), r.take('a')]).toEqual([0, 0, 0, 10_000]); // refills to the burst, no more
  });

  it('takes its default from config http.openVisits', () => {
    const { burst, refillMs } = httpConfigSchema.parse({}).openVisits;
    expect({ burst, refillMs }).toEqual(OPEN_VISITS_DEFAULT);
    const clock = { t: 0 };
    const r = new RateLimiter(burst, refillMs, () => clock.t);
    const taken = Array.from({ length: burst }, () => r.take('kiosk'));
    expect(taken.every((wait) => wait === 0)).toBe(true);
    expect(r.take('kiosk')).toBe(refillMs);
  });
});

describe('the UI pages policy', () => {
  it('allows only this device, no inline code, no framing', () => {
    const csp = contentSecurityPolicy({ hosts: ['127.0.0.1:8080'], origins: ['http://127.0.0.1:8080'], secure: false });
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:8080");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe|\*/);
    expect(hostPort('::1', 8080)).toBe('[::1]:8080');
    expect(hostPort('Frontdesk.Local', 443)).toBe('frontdesk.local:443');
  });
});

describe('the kiosk socket gate', () => {
  it('needs the page cookie however the path is spelled ("/api/%65vents" reaches the same route)', async () => {
    const app = Fastify();
    const b = { hosts: ['127.0.0.1:8080'], origins: ['http://127.0.0.1:8080'], secure: false };
    registerGuard(app, { boundary: () => b, kioskSockets: ['/api/events'] });
    app.get('/api/events', async () => ({ opened: true }));
    await app.ready();
    const headers = { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080', upgrade: 'websocket', connection: 'upgrade' };
    for (const url of ['/api/events', '/api/%65vents', '/api/events?x=1']) {
      const r = await app.inject({ method: 'GET', url, headers });
      expect([r.statusCode, r.json().error], url).toEqual([403, 'kiosk_only']);
    }
    await app.close();
  });
});
