import type { Command } from 'commander';
import { ConfigError } from '../config/load.js';
import { runChecks, type CheckResult } from '../doctor/checks.js';
import { addCommonOptions, resolveConfig, resolveDataDir, type CommonOptions } from './common.js';

export function registerDoctor(program: Command): void {
  addCommonOptions(
    program
      .command('doctor')
      .description(
        "check config, store, disk, clock, PINs, body and serial firmware, broker and outbox, the stages' criteria against the form, audio devices, model files; say what is wrong and how to fix it",
      ),
  )
    .option('--json', 'print the results as JSON')
    .action(async (opts: CommonOptions & { json?: boolean }) => {
      const dataDir = resolveDataDir(opts);
      let results: CheckResult[];
      try {
        const { config, file } = resolveConfig(opts, dataDir);
        results = await runChecks({ config, configFile: file, dataDir });
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        results = [
          { id: 'config', ok: false, severity: 'error', detail: err.message, fix: 'Fix the settings listed, or move the file away to use the defaults.' },
        ];
      }
      const failed = results.filter((r) => !r.ok && r.severity === 'error');
      if (opts.json) process.stdout.write(JSON.stringify({ ok: failed.length === 0, checks: results }, null, 2) + '\n');
      else {
        for (const r of results) {
          process.stdout.write(`${r.ok ? 'ok  ' : r.severity === 'error' ? 'FAIL' : 'warn'}  ${r.id.padEnd(14)} ${r.detail}\n`);
          if (!r.ok && r.fix) process.stdout.write(`      ${''.padEnd(14)} fix: ${r.fix}\n`);
        }
        process.stdout.write(failed.length ? `\n${failed.length} problem(s) need attention.\n` : '\nAll essential checks passed.\n');
      }
      process.exitCode = failed.length ? 1 : 0;
    });
}
