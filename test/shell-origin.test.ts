/** The kiosk shell's URL check (ui/shell/origin.cjs): origins compared parsed, never by prefix. */
import { describe, expect, it } from 'vitest';
import shellOrigin from '../ui/shell/origin.cjs';

const { isKioskUrl } = shellOrigin as { isKioskUrl(url: string, origin: string, allowDevtools?: boolean): boolean };
const KIOSK = 'http://127.0.0.1:8080';

describe('kiosk shell: which URLs the window may reach', () => {
  it('allows the kiosk origin and its WebSocket twin', () => {
    for (const url of [`${KIOSK}/`, `${KIOSK}/#/staff`, `${KIOSK}/api/visits?x=1`, 'ws://127.0.0.1:8080/api/events', 'HTTP://127.0.0.1:8080/app.js'])
      expect(isKioskUrl(url, KIOSK), url).toBe(true);
  });

  it('refuses look-alikes that a prefix check lets through', () => {
    for (const url of [
      'http://127.0.0.1:8080@evil.example/',
      'http://127.0.0.1:8080.evil.example/',
      'http://127.0.0.1:80800/',
      'http://user:pass@127.0.0.1:8080/',
      'http://127.0.0.1:8081/',
      'https://127.0.0.1:8080/',
      'http://localhost:8080/',
      'ws://127.0.0.1:8080@evil.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,hi',
      'not a url',
      '',
    ])
      expect(isKioskUrl(url, KIOSK), url).toBe(false);
  });

  it('allows devtools only when asked (unpackaged builds)', () => {
    expect(isKioskUrl('devtools://devtools/bundled/inspector.html', KIOSK)).toBe(false);
    expect(isKioskUrl('devtools://devtools/bundled/inspector.html', KIOSK, true)).toBe(true);
  });
});
