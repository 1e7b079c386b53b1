/**
 * The body driver contract (drivers/body/types.ts), as one suite every implementation runs: the simulated twin and
 * the Firmata body on the simulated Uno (drivers/body/body-contract.test.ts). A twin that passes it can stand in for
 * the real body anywhere: same layout from the same config, same coded errors, same gestures, same e-stop rules.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '../../../base/errors.js';
import { DEFAULT_GESTURES } from '../../../drivers/body/gestures.js';
import type { BodyDriver, GesturePlay } from '../../../drivers/body/types.js';
import { until } from '../until.js';

export interface BodyHarness {
  /** Opened, connected, e-stop released, every joint at rest. */
  body: BodyDriver;
  /** Presses (true) or releases (false) the red button. */
  pressEstop(engaged: boolean): void;
  /** Frees what the harness started (the body is closed by the suite). */
  stop(): Promise<void>;
}

/** The Uno pin map's defaults, which both implementations start from. */
const REST = { headPan: 90, headTilt: 90, arm: 10 };

export function bodyContract(name: string, start: () => Promise<BodyHarness>): void {
  describe(`BodyDriver contract: ${name}`, () => {
    let h: BodyHarness;
    let body: BodyDriver;
    beforeAll(async () => {
      h = await start();
      body = h.body;
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('describes the configured layout and starts every joint at rest', () => {
      const layout = body.layout();
      expect(layout.joints).toEqual({
        headPan: { min: 30, max: 150, rest: 90 },
        headTilt: { min: 60, max: 120, rest: 90 },
        arm: { min: 0, max: 160, rest: 10 },
      });
      expect(layout.lights).toEqual({ status: { pwm: false }, glow: { pwm: true } });
      expect(layout.gestures.sort()).toEqual(Object.keys(DEFAULT_GESTURES).sort());
      expect(body.state()).toMatchObject({ connected: true, estop: false, joints: REST });
    });

    it('clamps a joint to its limits', async () => {
      await body.moveJoint('headPan', 250);
      expect(body.state().joints.headPan).toBe(150);
      await body.moveJoint('headPan', 90);
      expect(body.state().joints.headPan).toBe(90);
    });

    it('refuses unknown joints, lights and gestures with coded errors naming the configured ones', async () => {
      const joint = await body.moveJoint('tail', 10).catch((e: unknown) => e);
      expect(joint).toBeInstanceOf(CodedError);
      expect(joint).toMatchObject({ code: 'unknown_joint', message: expect.stringContaining('headPan') });
      await expect(body.setLight('disco', 1)).rejects.toMatchObject({ code: 'unknown_light', message: expect.stringContaining('glow') });
      await expect(body.play('moonwalk')).rejects.toMatchObject({ code: 'unknown_gesture', message: expect.stringContaining('nod') });
    });

    it('dims a PWM light and switches an on/off one', async () => {
      await body.setLight('glow', 0.5);
      await body.setLight('status', 0.7);
      expect(body.state().lights).toMatchObject({ glow: 0.5, status: 1 });
      await body.setLight('status', 0);
      expect(body.state().lights.status).toBe(0);
    });

    it('plays a gesture of gestures.ts, announcing it at start and at end', async () => {
      const events: GesturePlay[] = [];
      const record = (p: GesturePlay): number => events.push(p);
      body.on('gesture', record);
      const before = body.state().gesturesPlayed;
      const play = await body.play('nod');
      body.off('gesture', record);
      expect(play).toMatchObject({ name: 'nod', startedAt: expect.any(Number), endedAt: expect.any(Number) });
      expect(play.interrupted).toBeUndefined();
      expect(events.map((e) => [e.name, e.endedAt === undefined])).toEqual([
        ['nod', true],
        ['nod', false],
      ]);
      expect(body.state()).toMatchObject({ gesturesPlayed: before + 1, lastGesture: { name: 'nod' } });
      // nod ends on its last keyframe: the head level again.
      await until(() => body.state().joints.headTilt === 90, 5_000, 'head level after the nod');
    });

    it('a new gesture interrupts the one playing', async () => {
      const first = body.play('greet');
      const second = await body.play('nod');
      expect((await first).interrupted).toBe(true);
      expect(second.interrupted).toBeUndefined();
      expect(body.state().lastGesture?.name).toBe('nod');
    });

    it('the emergency stop interrupts the gesture and refuses motion with estop_engaged until released', async () => {
      const gesture = body.play('idle');
      const engaged = once(body, 'estop');
      h.pressEstop(true);
      expect(await engaged).toEqual([true]);
      expect((await gesture).interrupted).toBe(true);
      expect(body.state().estop).toBe(true);
      await expect(body.play('nod')).rejects.toMatchObject({ code: 'estop_engaged' });
      await expect(body.moveJoint('arm', 90)).rejects.toMatchObject({ code: 'estop_engaged', message: expect.stringMatching(/emergency stop/) });
      const released = once(body, 'estop');
      h.pressEstop(false);
      expect(await released).toEqual([false]);
      await body.moveJoint('arm', 40);
      expect(body.state().joints.arm).toBe(40);
    });

    it('goes to rest on close and then refuses motion with closed', async () => {
      await body.moveJoint('headPan', 140);
      await body.close();
      expect(body.state().joints).toEqual(REST);
      await expect(body.moveJoint('arm', 50)).rejects.toMatchObject({ code: 'closed' });
    });
  });
}
