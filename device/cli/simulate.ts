import type { Command } from 'commander';
import { createLogger, silentLogger } from '../log.js';
import { startRuntime } from '../runtime.js';
import { simulateVisit } from '../simulate/run.js';
import { readVisitFile } from '../simulate/visit-file.js';
import { addCommonOptions, resolveConfig, resolveDataDir, UsageError, type CommonOptions } from './common.js';

interface SimulateOptions extends CommonOptions {
  visit: string;
  json?: boolean;
  waitSync: string;
}

export function registerSimulate(program: Command): void {
  addCommonOptions(
    program
      .command('simulate')
      .description('run one visit through the real runtime with a virtual visitor (no browser, no microphone)')
      .requiredOption('--visit <file>', 'visit file (JSON): turns, answers, touch')
      .option('--json', 'print one JSON object with contact, transcript and metrics')
      .option('--wait-sync <ms>', 'wait up to this long for the cloud to acknowledge the contact', '5000'),
  ).action(async (opts: SimulateOptions) => {
    if (!/^\d+$/.test(opts.waitSync)) throw new UsageError(`--wait-sync must be a number of milliseconds, got "${opts.waitSync}"`);
    const script = readVisitFile(opts.visit);
    const dataDir = resolveDataDir(opts);
    const { config } = resolveConfig(opts, dataDir);
    const log = opts.json ? silentLogger() : createLogger();
    const runtime = await startRuntime({ config, dataDir, log, http: false });
    try {
      const result = await simulateVisit(runtime, script, { waitSyncMs: Number(opts.waitSync) });
      if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else {
        for (const l of result.transcript) process.stdout.write(`${l.who === 'robot' ? 'Robot  ' : 'Visitor'}: ${l.text}\n`);
        process.stdout.write(`\nOutcome: ${result.outcome}${result.contact ? ` — contact ${result.contact.id} (${result.sync.state})` : ''}\n`);
        for (const [f, m] of Object.entries(result.fieldErrors)) process.stdout.write(`  ${f}: ${m}\n`);
      }
    } finally {
      await runtime.stop();
    }
  });
}
