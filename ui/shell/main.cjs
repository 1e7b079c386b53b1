// Kiosk shell (Electron main): a thin, locked-down window onto the runtime's UI. No business logic lives here, and no
// native inference runs in this process (ONNX Runtime is known to crash inside Electron). The runtime runs as its own
// process under the supervisor; this window waits for it and shows http://127.0.0.1:<port>/.
//
// Electron's binary cannot be downloaded on the build machines of this repository, so this file is packaged by
// electron-builder on a machine that has it (see README, "Kiosk shell"). It is plain CommonJS so it needs no build.
'use strict';
const { app, BrowserWindow, session } = require('electron');
const { isKioskUrl } = require('./origin.cjs');

const port = Number(process.env.FRONTDESK_PORT || 8080);
const origin = `http://127.0.0.1:${port}`;

async function waitForRuntime() {
  for (;;) {
    try {
      const r = await fetch(`${origin}/healthz`);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

app.whenReady().then(async () => {
  // Nothing leaves the machine from the kiosk window: only the runtime's own origin is reachable.
  session.defaultSession.webRequest.onBeforeRequest((details, cb) => {
    cb({ cancel: !isKioskUrl(details.url, origin, !app.isPackaged) });
  });
  // The microphone, for the kiosk page only.
  session.defaultSession.setPermissionRequestHandler((wc, permission, cb) => cb(permission === 'media' && isKioskUrl(wc.getURL(), origin)));
  const win = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: '#10151c',
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: !app.isPackaged },
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!isKioskUrl(url, origin)) e.preventDefault();
  });
  win.webContents.on('will-redirect', (e, url) => {
    if (!isKioskUrl(url, origin)) e.preventDefault();
  });
  // No <webview>, no attached windows: the kiosk is one page.
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  await waitForRuntime();
  await win.loadURL(`${origin}/`);
});

app.on('window-all-closed', () => app.quit());
