import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { FirmataBoard } from './board.js';
import { PIN_MODE } from './protocol.js';
import { SimulatedBinding, type SimulatedPort } from '../sim/binding.js';
import { startSimulatedBoard, type SimulatedBoard } from '../sim/simulated-board.js';

// The simulated Uno runs as fast as the CPU allows; with speech tests on the other core it can run several times
// slower than a real board, so protocol tests give queries a generous time (the product's defaults suit hardware).
const SIM_QUERY_MS = 15_000;

/** Polls until `check` returns a value other than undefined/false, or fails after `ms`. */
async function until<T>(check: () => T | undefined | false | null, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false && v !== null) return v;
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('FirmataBoard against StandardFirmata in the simulated Uno', () => {
  let sim: SimulatedBoard;
  let board: FirmataBoard;

  beforeAll(async () => {
    sim = await startSimulatedBoard();
    board = new FirmataBoard({ path: sim.path, binding: sim.binding, reconnect: { initialMs: 50, maxMs: 400, factor: 2, jitter: 0 } });
  });
  afterAll(async () => {
    await board.close();
    await sim.stop();
  });

  it('handshakes and reads the firmware name', async () => {
    const info = await board.open();
    expect(info).toEqual({ name: 'StandardFirmata.ino', version: '2.4' });
    expect(board.connected).toBe(true);
  });

  it('drives a servo: the pulse width on D9 decodes to the angle written', async () => {
    board.servoConfig(9, 544, 2400);
    board.servoWrite(9, 45);
    expect(
      await until(() => {
        const a = sim.servoAngle(9);
        return a !== null && Math.abs(a - 45) < 1.5 ? a : undefined;
      }),
    ).toBeCloseTo(45, 0);
    board.servoWrite(9, 170);
    await until(() => Math.abs((sim.servoAngle(9) ?? -99) - 170) < 1.5);
    expect((await board.queryPinState(9, SIM_QUERY_MS)).mode).toBe(PIN_MODE.SERVO);
  });

  it('writes digital and PWM outputs', async () => {
    board.setPinMode(13, PIN_MODE.OUTPUT);
    board.digitalWrite(13, true);
    await until(() => sim.pinLevel(13) === true);
    board.digitalWrite(13, false);
    await until(() => sim.pinLevel(13) === false);
    board.setPinMode(6, PIN_MODE.PWM);
    board.analogWrite(6, 128);
    expect(
      await until(() => {
        const d = sim.pwmDuty(6);
        return d !== null && d > 0 && d < 1 ? d : undefined;
      }),
    ).toBeCloseTo(128 / 255, 3);
  });

  it('reports digital inputs (with pull-up) and analog inputs', async () => {
    board.setPinMode(2, PIN_MODE.INPUT);
    board.setPinMode(3, PIN_MODE.INPUT_PULLUP);
    board.reportDigitalPin(2, true);
    board.setSamplingInterval(20);
    board.reportAnalog(0, true);
    sim.setDigitalInput(2, true);
    await until(() => board.digitalRead(2) === true);
    expect(board.digitalRead(3)).toBe(true);
    sim.setDigitalInput(3, false);
    await until(() => board.digitalRead(3) === false);
    sim.setDigitalInput(3, true);
    sim.setAnalogInput(0, 2.5);
    const reading = await until(() => {
      const v = board.analogRead(0);
      return v !== undefined && v > 400 ? v : undefined;
    });
    expect(reading).toBeGreaterThan(500);
    expect(reading).toBeLessThan(524);
  });

  it('answers capability and analog-mapping queries like an Uno', async () => {
    const caps = await board.queryCapabilities(SIM_QUERY_MS);
    expect(caps).toHaveLength(20);
    expect(caps[9]?.[PIN_MODE.SERVO]).toBe(14);
    expect(caps[6]?.[PIN_MODE.PWM]).toBe(8);
    const mapping = await board.queryAnalogMapping(SIM_QUERY_MS);
    expect(mapping.slice(14)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('drops garbage on the line and keeps working', async () => {
    const garbageBefore = board.stats.garbageBytes;
    sim.injectNoise(Uint8Array.from([0x12, 0x7f, 0xe0, 0x33, 0xf0, 0x79, 0x01, 0xe9]));
    const info = await board.queryFirmware(SIM_QUERY_MS);
    expect(info.name).toBe('StandardFirmata.ino');
    expect(board.stats.garbageBytes).toBeGreaterThan(garbageBefore);
  });

  it('reports a lost port, reconnects with backoff and replays the setup', async () => {
    const lost = once(board, 'connection');
    await sim.unplug();
    const [connected, problem] = await lost;
    expect(connected).toBe(false);
    expect(String(problem)).toMatch(/lost/);
    await new Promise((r) => setTimeout(r, 300));
    const ready = once(board, 'ready');
    await sim.replug();
    await ready;
    expect(board.connected).toBe(true);
    // The rebooted board got its servo back without anyone asking.
    await until(() => Math.abs((sim.servoAngle(9) ?? -99) - 170) < 1.5);
    // The pull-up on D3 came back too (emulated on Firmata 2.4: INPUT with the output bit high).
    expect(board.supports(3, PIN_MODE.INPUT_PULLUP)).toBe(false);
    expect(await board.queryPinState(3)).toEqual({ mode: PIN_MODE.INPUT, state: 1 });
    expect(await until(() => board.digitalRead(3) !== undefined)).toBe(true);
    expect(board.digitalRead(3)).toBe(true);
  });

  it('fails with clear, coded errors for a busy port, a missing port and a board without Firmata', async () => {
    const second = new FirmataBoard({ path: sim.path, binding: sim.binding, handshakeTimeoutMs: 300 });
    await expect(second.open()).rejects.toMatchObject({ code: 'port_busy' });
    const mute = new SimulatedBinding('/dev/ttyMUTE', { hostWrote: () => undefined, attach: () => undefined, detach: () => undefined });
    const silent = new FirmataBoard({ path: '/dev/ttyMUTE', binding: mute, handshakeTimeoutMs: 300, handshakeRetryMs: 100 });
    await expect(silent.open()).rejects.toThrow('no Firmata firmware answered on /dev/ttyMUTE within 0.3 s: is StandardFirmata flashed? try `frontdesk flash`');
    await expect(silent.open()).rejects.toMatchObject({ code: 'no_firmata' });
    const missing = new FirmataBoard({ path: '/dev/ttyNOPE', binding: sim.binding, handshakeTimeoutMs: 300 });
    await expect(missing.open()).rejects.toMatchObject({ code: 'port_missing' });
  });
});

describe('FirmataBoard over a socat pty with the real serialport binding', () => {
  it('detects the far end vanishing and reconnects when it is back', async () => {
    const sim = await startSimulatedBoard({ pty: true });
    const board = new FirmataBoard({ path: sim.path, heartbeatMs: 200, reconnect: { initialMs: 50, maxMs: 300, factor: 2, jitter: 0 } });
    try {
      expect((await board.open()).name).toBe('StandardFirmata.ino');
      const lost = once(board, 'connection');
      await sim.unplug();
      expect((await lost)[0]).toBe(false);
      const back = once(board, 'ready');
      await sim.replug();
      expect((await back)[0]).toEqual({ name: 'StandardFirmata.ino', version: '2.4' });
      expect(board.stats.reconnects).toBeGreaterThanOrEqual(1);
      expect((await board.queryFirmware(SIM_QUERY_MS)).version).toBe('2.4');
    } finally {
      await board.close();
      await sim.stop();
    }
  });
});

describe('FirmataBoard close', () => {
  /** A port with nothing on the far end, that takes 50 ms to close, as a real one does (in the thread pool). */
  class SlowClosingPort extends SimulatedBinding {
    override async open(options: Parameters<SimulatedBinding['open']>[0]): Promise<SimulatedPort> {
      const port = await super.open(options);
      const close = port.close.bind(port);
      port.close = async () => {
        await new Promise((r) => setTimeout(r, 50));
        await close();
      };
      return port;
    }
  }

  it('returns once the port is released, so the next program can open it at once (the doctor, a flash)', async () => {
    const binding = new SlowClosingPort('/dev/ttySLOW', { hostWrote: () => undefined, attach: () => undefined, detach: () => undefined });
    const board = new FirmataBoard({ path: '/dev/ttySLOW', binding, handshakeTimeoutMs: 100, reconnect: false, heartbeatMs: false });
    await expect(board.open()).rejects.toThrow(); // nothing answers
    await board.close();
    const next = await binding.open({ path: '/dev/ttySLOW', baudRate: 57_600 }); // was "Cannot lock port"
    await next.close();
  });
});
