/**
 * Body bench: command round-trip time to the simulated board (real StandardFirmata in avr8js).
 *
 * - firmware query (F0 79 F7 -> a 45-byte reply; at 57600 baud the reply alone is ~7.8 ms of line time)
 * - pin-state query (5 bytes out, 6 back: mostly firmware loop latency)
 * each over the in-process binding and over a socat pty with the real serialport binding; the baseline is the same
 * pin-state query answered by a protocol-level echo responder on the in-process binding (no AVR, no line time),
 * i.e. the cost of serialport + codec + board bookkeeping alone.
 */
import { FirmataBoard } from '../../drivers/body/firmata/board.js';
import { FirmataDecoder } from '../../drivers/body/firmata/decode.js';
import { encode } from '../../drivers/body/firmata/encode.js';
import { SimulatedBinding, type SimulatedPort } from '../../drivers/body/sim/binding.js';
import { startSimulatedBoard } from '../../drivers/body/sim/simulated-board.js';

type BenchResult = { name: string; value: number; unit: string; baseline?: { name: string; value: number }; note?: string };

const ROUNDS = 60;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(fn: () => Promise<unknown>, rounds = ROUNDS): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn(); // warm up
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** A device that answers Firmata queries at once, without simulating a chip: the baseline. */
function echoResponder(path: string): SimulatedBinding {
  let port: SimulatedPort | undefined;
  const decoder = new FirmataDecoder();
  return new SimulatedBinding(path, {
    attach: (p) => (port = p),
    detach: () => (port = undefined),
    hostWrote(bytes) {
      for (const msg of decoder.push(bytes).messages) {
        if (msg.type === 'query-firmware') port?.deviceSent(encode({ type: 'firmware', major: 2, minor: 4, name: 'Echo' }));
        if (msg.type === 'capability-query') port?.deviceSent(encode({ type: 'capabilities', pins: [] }));
        if (msg.type === 'pin-state-query') port?.deviceSent(encode({ type: 'pin-state', pin: msg.pin, mode: 1, state: 0 }));
      }
    },
  });
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  const echo = echoResponder('/dev/ttyECHO');
  const echoBoard = new FirmataBoard({ path: '/dev/ttyECHO', binding: echo, reconnect: false });
  await echoBoard.open();
  const base = await measure(() => echoBoard.queryPinState(13));
  await echoBoard.close();

  const sim = await startSimulatedBoard({ pty: true });
  try {
    const inproc = new FirmataBoard({ path: sim.binding.path, binding: sim.binding, reconnect: false });
    await inproc.open();
    const fw = await measure(() => inproc.queryFirmware());
    const pin = await measure(() => inproc.queryPinState(13));
    await inproc.close();

    const pty = new FirmataBoard({ path: sim.path, reconnect: false });
    await pty.open();
    const ptyPin = await measure(() => pty.queryPinState(13));
    await pty.close();

    const baseline = { name: 'pin-state round trip, echo responder (no AVR) p50', value: base.p50 };
    results.push(
      { name: 'body: pin-state round trip, simulated Uno, in-process p50', value: pin.p50, unit: 'ms', baseline },
      { name: 'body: pin-state round trip, simulated Uno, in-process p95', value: pin.p95, unit: 'ms' },
      {
        name: 'body: firmware query round trip, simulated Uno, in-process p50',
        value: fw.p50,
        unit: 'ms',
        note: 'reply is 45 bytes: ~7.8 ms of 57600-baud line time',
      },
      { name: 'body: firmware query round trip, simulated Uno, in-process p95', value: fw.p95, unit: 'ms' },
      { name: 'body: pin-state round trip, simulated Uno, socat pty + real binding p50', value: ptyPin.p50, unit: 'ms', baseline },
      { name: 'body: pin-state round trip, simulated Uno, socat pty + real binding p95', value: ptyPin.p95, unit: 'ms' },
      { name: 'body: pin-state round trip, echo responder p95', value: base.p95, unit: 'ms' },
    );
  } finally {
    await sim.stop();
  }
  return results;
}

// Run directly: `npx tsx test/bench/body.ts` or after build `node dist/test/bench/body.js`.
if (import.meta.url === `file://${process.argv[1]}`) {
  run().then(
    (r) => console.table(r.map(({ name, value, unit }) => ({ name, value: value.toFixed(2), unit }))),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
