import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { FirmataBody } from './firmata-body.js';
import { startSimulatedBoard, type SimulatedBoard } from './sim/simulated-board.js';
import { until } from '../../test/support/until.js';

const near = (a: number | null, b: number, tol = 1.5): boolean => a !== null && Math.abs(a - b) <= tol;

describe('FirmataBody driving StandardFirmata in the simulated Uno', () => {
  let sim: SimulatedBoard;
  let body: FirmataBody;
  const servoWrites: Array<[number, number]> = [];

  beforeAll(async () => {
    sim = await startSimulatedBoard();
    body = new FirmataBody({
      config: {
        port: sim.path,
        presence: { leaveMs: 300, arriveMs: 100 },
        gestures: {
          quick: {
            keyframes: [
              { joints: { headPan: 60 }, ms: 100 },
              { joints: { headPan: 120 }, ms: 100 },
            ],
          },
        },
      },
      binding: sim.binding,
      reconnect: { initialMs: 50, maxMs: 300, factor: 2, jitter: 0 },
    });
    const write = body.board.servoWrite.bind(body.board);
    body.board.servoWrite = (pin, deg) => {
      servoWrites.push([pin, deg]);
      write(pin, deg);
    };
    await body.open();
    await until(() => body.state().estop === false, 5_000, 'e-stop released at start');
  });
  afterAll(async () => {
    await body.close();
    await sim.stop();
  });

  it('connects, reports the firmware and starts every joint at rest', async () => {
    const s = body.state();
    expect(s).toMatchObject({ driver: 'firmata', connected: true, firmware: { name: 'StandardFirmata.ino', version: '2.4' } });
    expect(s.joints).toEqual({ headPan: 90, headTilt: 90, arm: 10 });
    await until(() => near(sim.servoAngle(9), 90) && near(sim.servoAngle(10), 90) && near(sim.servoAngle(11), 10));
  });

  it('clamps to joint limits and moves at a limited rate in interpolated steps', async () => {
    servoWrites.length = 0;
    await body.moveJoint('headPan', 250); // limit is 150
    expect(body.state().joints.headPan).toBe(150);
    await until(() => near(sim.servoAngle(9), 150));
    const pan = servoWrites.filter(([pin]) => pin === 9).map(([, d]) => d);
    expect(pan.at(-1)).toBe(150);
    expect(pan.length).toBeGreaterThan(10);
    // 120 deg/s, 20 ms ticks, at most 3 ticks' worth after a stall: never more than 7.2 deg (+1 for rounding) a write.
    for (let i = 1; i < pan.length; i++) expect(Math.abs((pan[i] ?? 0) - (pan[i - 1] ?? 0))).toBeLessThanOrEqual(8.2);
    await expect(body.moveJoint('tail', 10)).rejects.toMatchObject({ code: 'unknown_joint' });
  });

  it('sets lights: PWM glow and on/off status', async () => {
    await body.setLight('glow', 0.5);
    await until(() => near(sim.pwmDuty(6), 128 / 255, 0.01));
    await body.setLight('status', 1);
    await until(() => sim.pinLevel(13) === true);
    await body.setLight('status', 0);
    await until(() => sim.pinLevel(13) === false);
    expect(body.state().lights).toMatchObject({ glow: 0.5, status: 0 });
  });

  it('plays gestures; a new one interrupts the old', async () => {
    const nod = await body.play('nod');
    expect(nod.interrupted).toBeUndefined();
    await until(() => near(sim.servoAngle(10), 90));
    const greet = body.play('greet');
    await new Promise((r) => setTimeout(r, 100));
    const quick = await body.play('quick');
    expect((await greet).interrupted).toBe(true);
    expect(quick.interrupted).toBeUndefined();
    expect(body.state().joints.headPan).toBe(120);
    expect(body.state().lastGesture?.name).toBe('quick');
    await expect(body.play('moonwalk')).rejects.toMatchObject({ code: 'unknown_gesture' });
  });

  it('emergency stop halts motion at once and refuses motion until released', async () => {
    await body.moveJoint('headPan', 90);
    const gesture = body.play('idle');
    const engaged = once(body, 'estop');
    sim.setDigitalInput(3, false); // button pressed: active low
    expect(await engaged).toEqual([true]);
    expect((await gesture).interrupted).toBe(true);
    const frozen = body.state().joints;
    const writes = servoWrites.length;
    await expect(body.play('nod')).rejects.toMatchObject({ code: 'estop_engaged' });
    await expect(body.moveJoint('arm', 90)).rejects.toMatchObject({ code: 'estop_engaged' });
    await new Promise((r) => setTimeout(r, 300));
    expect(body.state().joints).toEqual(frozen);
    expect(servoWrites.length).toBe(writes);
    expect(body.state().estop).toBe(true);
    const released = once(body, 'estop');
    sim.setDigitalInput(3, true);
    expect(await released).toEqual([false]);
    await body.moveJoint('arm', 40);
    await until(() => near(sim.servoAngle(11), 40));
  });

  it('a single stray "released" report does not release the e-stop: the board is asked again at the end of the wait', async () => {
    const events: boolean[] = [];
    const record = (engaged: boolean) => events.push(engaged);
    body.on('estop', record);
    try {
      const engaged = once(body, 'estop');
      sim.setDigitalInput(3, false); // pressed and held
      expect(await engaged).toEqual([true]);
      // A clean frame saying "port 0: D3 high" (released) while the button is still held: noise that decodes.
      sim.injectNoise(Uint8Array.from([0x90, 0x08, 0x00]));
      await new Promise((r) => setTimeout(r, 800)); // past releaseMs (200) and the re-query
      expect(body.state().estop).toBe(true);
      expect(events).toEqual([true]);
      await expect(body.moveJoint('arm', 60)).rejects.toMatchObject({ code: 'estop_engaged' });
      // A real release is confirmed by the fresh reading and releases.
      const released = once(body, 'estop');
      sim.setDigitalInput(3, true);
      expect(await released).toEqual([false]);
    } finally {
      body.off('estop', record);
    }
  });

  it('a single stray PIR report opens nothing: arrival is confirmed by a fresh reading', async () => {
    const events: boolean[] = [];
    const record = (present: boolean) => events.push(present);
    body.on('presence', record);
    try {
      sim.injectNoise(Uint8Array.from([0x90, 0x0c, 0x00])); // "D2 high" (PIR) with D3 high, while nobody is there
      await new Promise((r) => setTimeout(r, 900)); // past arriveMs (100) and the re-query
      expect(events).toEqual([]);
      expect(body.state().sensors.presence).toBe(false);
    } finally {
      body.off('presence', record);
    }
  });

  it('reports presence from the PIR and from the distance sensor, debounced', async () => {
    const arrived = once(body, 'presence');
    sim.setDigitalInput(2, true);
    expect(await arrived).toEqual([true]);
    const left = once(body, 'presence');
    sim.setDigitalInput(2, false);
    expect(await left).toEqual([false]);
    const near = once(body, 'presence');
    sim.setAnalogInput(0, 2.3); // about 11 cm
    expect(await near).toEqual([true]);
    expect(body.state().sensors.distanceCm).toBeLessThan(20);
    const far = once(body, 'presence');
    sim.setAnalogInput(0, 0.2);
    expect(await far).toEqual([false]);
  });

  it('garbage on the line moves nothing and raises no event', async () => {
    const events: string[] = [];
    const record =
      (name: string) =>
      (...args: unknown[]) =>
        events.push(`${name}:${JSON.stringify(args)}`);
    body.on('estop', record('estop'));
    body.on('presence', record('presence'));
    const writes = servoWrites.length;
    const garbageBefore = body.board.stats.garbageBytes;
    // Noise around frames that would say "e-stop pressed, PIR on" (port 0 = 0b0000_0100) and "object at 5 cm".
    sim.injectNoise(Uint8Array.from([0x55, 0x90, 0x04, 0x00, 0x13, 0xe0, 0x7f, 0x07, 0xf7, 0x21, 0xe9, 0x10, 0x00]));
    await new Promise((r) => setTimeout(r, 700));
    expect(body.board.stats.garbageBytes).toBeGreaterThan(garbageBefore);
    expect(events).toEqual([]);
    expect(servoWrites.length).toBe(writes);
    expect(body.state()).toMatchObject({ estop: false, sensors: { presence: false } });
  });

  it('reports an unplugged port, refuses motion, and recovers when plugged back', async () => {
    const lost = once(body, 'connection');
    await sim.unplug();
    expect((await lost)[0]).toBe(false);
    await expect(body.moveJoint('arm', 20)).rejects.toMatchObject({ code: 'not_connected' });
    expect(body.state().connected).toBe(false);
    const back = once(body, 'connection');
    await sim.replug();
    expect((await back)[0]).toBe(true);
    await until(() => body.state().estop === false);
    await body.moveJoint('arm', 30);
    await until(() => near(sim.servoAngle(11), 30));
  });

  it('goes to the rest pose when closed', async () => {
    await body.moveJoint('headPan', 140);
    await body.close();
    expect(body.state().joints).toEqual({ headPan: 90, headTilt: 90, arm: 10 });
    await until(() => near(sim.servoAngle(9), 90) && near(sim.servoAngle(11), 10));
    await expect(body.moveJoint('arm', 50)).rejects.toMatchObject({ code: 'closed' });
  });
});

describe('FirmataBody started while the board is unplugged', () => {
  it('with startDisconnected, opens anyway, reports the problem, and connects when the board appears', async () => {
    const sim = await startSimulatedBoard();
    await sim.unplug();
    const body = new FirmataBody({
      config: { port: sim.path },
      binding: sim.binding,
      startDisconnected: true,
      reconnect: { initialMs: 50, maxMs: 200, factor: 2, jitter: 0 },
    });
    const events: Array<[boolean, string | undefined]> = [];
    body.on('connection', (connected, problem) => events.push([connected, problem]));
    try {
      await body.open();
      expect(events[0]?.[0]).toBe(false);
      expect(events[0]?.[1]).toMatch(/does not exist: is the board plugged in/);
      expect(body.state()).toMatchObject({ connected: false });
      await expect(body.play('nod')).rejects.toMatchObject({ code: 'estop_engaged' }); // unknown e-stop counts as engaged
      await sim.replug();
      await until(() => body.state().connected && !body.state().estop, 15_000, 'connected and e-stop released');
      expect(events.at(-1)).toEqual([true, undefined]);
      expect((await body.play('nod')).interrupted).toBeUndefined();
    } finally {
      await body.close();
      await sim.stop();
    }
  });

  it('without it, open() rejects with the coded port error', async () => {
    const body = new FirmataBody({ config: { port: '/dev/ttyNOTHERE' }, reconnect: false });
    await expect(body.open()).rejects.toMatchObject({ code: 'port_missing' });
  });
});
