/**
 * CLI subcommands for the body and its microcontroller:
 *
 *   frontdesk body test --port PATH [--json] [--sim]
 *   frontdesk flash --port PATH --hex FILE [--board uno] [--json] [--sim]
 *   frontdesk serial monitor --port PATH [--json] [--passive] [--duration MS] [--sim]
 *
 * `--sim` runs against the simulated Uno (real StandardFirmata in avr8js); `flash --sim` flashes it through its
 * simulated bootloader with the real avrdude. Failures set a non-zero exit code and print the fix to try.
 */
import type { Command } from 'commander';
import type { FirmataBodyConfigInput } from '../../drivers/body/firmata-config.js';
import { startSimulatedBoard, type SimulatedBoard } from '../../drivers/body/sim/simulated-board.js';
import { runBodyTest, type PartResult } from '../../drivers/body/tools/body-test.js';
import { flashFirmware, FlashError } from '../../drivers/body/tools/flash.js';
import { formatEntry, monitorSerial } from '../../drivers/body/tools/serial-monitor.js';
import { UsageError } from '../../base/errors.js';

export interface BodyCliIO {
  out(line: string): void;
  err(line: string): void;
  /** Called with the exit code the command wants (default sets process.exitCode). */
  exit(code: number): void;
}

export interface BodyCliOptions {
  io?: BodyCliIO;
  /** The body section of the runtime config (pin map, limits); defaults to the Uno pin map. */
  bodyConfig?: () => FirmataBodyConfigInput | undefined;
}

const defaultIO: BodyCliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  exit: (code) => {
    process.exitCode = code;
  },
};

function errorJson(error: unknown): { code: string; message: string } {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : 'error';
  return { code, message: error instanceof Error ? error.message : String(error) };
}

/** Port and binding to use: the simulated board's when --sim, else the given path. */
async function target(
  opts: { port?: string; sim?: boolean },
  simOptions: Parameters<typeof startSimulatedBoard>[0] = {},
): Promise<{ port: string; sim?: SimulatedBoard }> {
  if (opts.sim) {
    const sim = await startSimulatedBoard(simOptions);
    return { port: sim.path, sim };
  }
  if (!opts.port) throw new UsageError('--port PATH is required (or --sim for the simulated board)');
  return { port: opts.port };
}

export function registerBodyCommands(program: Command, options: BodyCliOptions = {}): void {
  const io = options.io ?? defaultIO;

  const body = program.commands.find((c) => c.name() === 'body') ?? program.command('body').description('the robot body: joints, lights, sensors');
  body
    .command('test')
    .description('move each joint through its range, blink each light, read each sensor, report what answered')
    .option('--port <path>', 'serial port of the body board, e.g. /dev/ttyACM0')
    .option('--json', 'print one JSON report')
    .option('--sim', 'run against the simulated Uno')
    .action(async (opts: { port?: string; json?: boolean; sim?: boolean }) => {
      let sim: SimulatedBoard | undefined;
      try {
        const t = await target(opts);
        sim = t.sim;
        const print = (p: PartResult): void => io.out(`${p.ok ? 'ok  ' : 'FAIL'} ${p.kind.padEnd(6)} ${p.name.padEnd(9)} ${p.pin.padEnd(4)} ${p.detail}`);
        const report = await runBodyTest({
          port: t.port,
          config: options.bodyConfig?.() ?? {},
          ...(sim ? { binding: sim.binding } : {}),
          ...(opts.json ? {} : { onPart: print }),
        });
        if (opts.json) io.out(JSON.stringify(report));
        else {
          if (report.firmware) io.out(`firmware: ${report.firmware.name} ${report.firmware.version} on ${report.port}`);
          for (const problem of report.problems) io.err(`problem: ${problem}`);
          io.out(report.ok ? 'body test passed' : 'body test FAILED');
        }
        io.exit(report.ok ? 0 : 1);
      } catch (error) {
        if (opts.json) io.out(JSON.stringify({ ok: false, error: errorJson(error) }));
        else io.err(`body test failed: ${errorJson(error).message}`);
        io.exit(1);
      } finally {
        await sim?.stop();
      }
    });

  program
    .command('flash')
    .description('flash the body microcontroller with avrdude, verify, and confirm Firmata answers')
    .option('--port <path>', 'serial port of the board')
    .option('--hex <file>', 'firmware in Intel HEX format (--sim: defaults to StandardFirmata)')
    .option('--board <id>', 'board type (uno, nano, nano-old)', 'uno')
    .option('--avrdude <path>', 'avrdude executable', 'avrdude')
    .option('--no-confirm', 'do not check that Firmata answers afterwards (for non-Firmata sketches)')
    .option('--json', 'print one JSON report')
    .option('--sim', 'flash the simulated Uno through its simulated bootloader')
    .action(async (opts: { port?: string; hex?: string; board: string; avrdude: string; confirm: boolean; json?: boolean; sim?: boolean }) => {
      let sim: SimulatedBoard | undefined;
      try {
        const t = await target(opts, { pty: true, bootloader: true });
        sim = t.sim;
        let hex = opts.hex;
        if (!hex && opts.sim) hex = (await import('../../drivers/body/sim/firmware.js')).standardFirmataHexPath();
        if (!hex) throw new UsageError('--hex FILE is required');
        const report = await flashFirmware({
          port: t.port,
          hexPath: hex,
          board: opts.board,
          avrdude: opts.avrdude,
          confirmFirmata: opts.confirm,
          ...(opts.json ? {} : { onProgress: (line: string) => io.out(line) }),
        });
        if (opts.json) io.out(JSON.stringify({ ok: true, ...report }));
        else
          io.out(
            `flash done: ${report.bytes} bytes${report.verified ? ', verified' : ''}${report.firmware ? `, ${report.firmware.name} ${report.firmware.version} answers` : ''}`,
          );
        io.exit(0);
      } catch (error) {
        const e = errorJson(error);
        if (opts.json)
          io.out(
            JSON.stringify({ ok: false, error: e, ...(error instanceof FlashError && error.avrdudeOutput ? { avrdudeOutput: error.avrdudeOutput } : {}) }),
          );
        else {
          io.err(`flash failed [${e.code}]: ${e.message}`);
          if (error instanceof FlashError && error.avrdudeOutput) io.err(error.avrdudeOutput.trim().split('\n').slice(-8).join('\n'));
        }
        io.exit(1);
      } finally {
        await sim?.stop();
      }
    });

  const serial = program.commands.find((c) => c.name() === 'serial') ?? program.command('serial').description('serial port tools');
  serial
    .command('monitor')
    .description('decoded Firmata traffic from the port, live, one line per message (Ctrl-C stops)')
    .option('--port <path>', 'serial port')
    .option('--json', 'one JSON object per line')
    .option('--passive', 'only listen; do not ask the board for its firmware first')
    .option('--duration <ms>', 'stop after this many milliseconds', (v) => Number.parseInt(v, 10))
    .option('--sim', 'monitor the simulated Uno')
    .action(async (opts: { port?: string; json?: boolean; passive?: boolean; duration?: number; sim?: boolean }) => {
      let sim: SimulatedBoard | undefined;
      const stop = new AbortController();
      const onSigint = (): void => stop.abort();
      process.once('SIGINT', onSigint);
      try {
        const t = await target(opts);
        sim = t.sim;
        const duration = opts.duration ?? (opts.sim ? 3_000 : undefined);
        const timer = duration !== undefined ? setTimeout(() => stop.abort(), duration) : undefined;
        const totals = await monitorSerial({
          port: t.port,
          signal: stop.signal,
          ...(opts.passive ? { passive: true } : {}),
          ...(sim ? { binding: sim.binding } : {}),
          onEntry: (entry) => io.out(opts.json ? JSON.stringify(entry) : formatEntry(entry)),
        });
        if (timer) clearTimeout(timer);
        if (!opts.json) io.err(`${totals.messages} message(s), ${totals.garbageBytes} garbage byte(s)`);
        io.exit(0);
      } catch (error) {
        const e = errorJson(error);
        if (opts.json) io.out(JSON.stringify({ kind: 'error', error: e }));
        else io.err(`serial monitor failed [${e.code}]: ${e.message}`);
        io.exit(1);
      } finally {
        process.off('SIGINT', onSigint);
        await sim?.stop();
      }
    });
}
