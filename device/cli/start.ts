import type { Command } from 'commander';
import { PinStore } from '../http/pin-store.js';
import { createLogger } from '../log.js';
import { LogRing } from '../log.js';
import { startRuntime, VERSION } from '../runtime.js';
import { wakePhrase } from '../speech/voice-host.js';
import { addCommonOptions, resolveConfig, resolveDataDir, type CommonOptions } from './common.js';

export function registerStart(program: Command): void {
  addCommonOptions(
    program
      .command('start')
      .description('run the receptionist: kiosk UI and API, body, store, sync')
      .option('--port <port>', 'HTTP port of the kiosk UI; env FRONTDESK_PORT (default 8080)'),
  ).action(async (opts: CommonOptions) => {
    const dataDir = resolveDataDir(opts);
    const { config, file } = resolveConfig(opts, dataDir);
    const ring = new LogRing();
    const log = createLogger({ ring });
    const runtime = await startRuntime({ config, dataDir, log, logRing: ring, configFile: file });
    const h = runtime.health();
    const pins = new PinStore(runtime.db);
    const pinNote = (role: 'staff' | 'technician', screen: string): string =>
      pins.pinHash(role) ? 'PIN set' : `no ${role} PIN yet: choose one on the kiosk at ${screen}, or set ${role}.pin in the config`;
    const lines = [
      `Frontdesk ${VERSION} is running.`,
      `  Kiosk UI:    ${runtime.http!.url}/`,
      `  Staff:       ${runtime.http!.url}/#/staff  (${pinNote('staff', '#/staff')})`,
      `  Diagnostics: ${runtime.http!.url}/#/diagnostics  (${pinNote('technician', '#/diagnostics')})`,
      `  Health:      ${runtime.http!.url}/healthz`,
      `  Config:      ${file ?? 'built-in defaults'}`,
      `  Data:        ${dataDir}`,
      `  Body:        ${config.body.driver === 'simulated' ? 'simulated (no hardware in use)' : h.parts.body.detail}`,
      `  Sync:        ${runtime.broker ? `embedded broker at ${runtime.broker.url} with the reference bridge (simulated cloud)` : String(h.parts.sync['broker'])}`,
      `  Speech:      ${runtime.speechMode.mode === 'text' ? `touch and text twins (${runtime.speechMode.reason})` : `audio: opening the microphone and speaker, loading the engines (wake word "${wakePhrase(config.speech)}")${runtime.speechMode.setting === 'auto' ? ` (${runtime.speechMode.reason})` : ''}`}`,
      'Press Ctrl+C to stop.',
    ];
    process.stdout.write(lines.join('\n') + '\n');
    if (runtime.speechMode.mode === 'audio') {
      // Voice comes up in the background, so the kiosk serves touch at once; say how it went when it is known.
      void runtime.voice.started.then(() => {
        const s = runtime.voice.health();
        process.stdout.write(`  Voice:       ${s.detail}\n${s.ok ? '' : `  Fix:         ${s.fix ?? 'see /healthz'}\n`}`);
      });
    }
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) {
        process.stderr.write('Forced exit.\n');
        process.exit(130);
      }
      stopping = true;
      log.info({ signal }, 'signal received');
      runtime.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          process.stderr.write(`Error while stopping: ${String(err)}\n`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}
