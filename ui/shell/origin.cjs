// Which URLs the kiosk window may load or reach: only the runtime's own origin (and its WebSocket twin). Compared as
// parsed origins, never as string prefixes: "http://127.0.0.1:8080@evil.example/" starts with the kiosk's origin but
// is a request to evil.example. Pure, so it is unit-tested outside Electron (test/shell-origin.test.ts).
'use strict';

/** The origins a kiosk at `origin` (e.g. http://127.0.0.1:8080) may reach: itself and its ws:// (or wss://) twin. */
function kioskOrigins(origin) {
  const own = new URL(origin).origin;
  return new Set([own, own.replace(/^http/, 'ws')]);
}

/** Whether `url` belongs to the kiosk at `origin`; devtools:// only when `allowDevtools` (unpackaged builds). */
function isKioskUrl(url, origin, allowDevtools = false) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (allowDevtools && parsed.protocol === 'devtools:') return true;
  if (parsed.username || parsed.password) return false;
  return kioskOrigins(origin).has(parsed.origin);
}

module.exports = { isKioskUrl, kioskOrigins };
