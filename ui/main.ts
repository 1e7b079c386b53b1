/** Boot: fetch the kiosk config (retrying until the runtime answers), then start the app. */
import type { KioskConfig } from '../device/http/contract.js';
import { App } from './app.js';
import { api } from './lib/api.js';
import { backoffDelayMs } from './lib/backoff.js';
import { EventStream } from './lib/events.js';

async function loadConfig(): Promise<KioskConfig> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api.kiosk();
    } catch {
      await new Promise((resolve) => window.setTimeout(resolve, backoffDelayMs(attempt)));
    }
  }
}

async function boot(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) throw new Error('index.html has no #app element');
  const config = await loadConfig();
  document.title = config.businessName;
  new App(config, root, EventStream.forPage()).start();
}

void boot();
