import { describe, expect, it } from 'vitest';
import { clampAngle, speedFor, stepToward } from './motion.js';
import { PresenceFilter, voltsToCm } from './presence.js';
import { DEFAULT_FIRMATA_BODY_CONFIG, parseFirmataBodyConfig } from './firmata-config.js';
import { DEFAULT_GESTURES } from './gestures.js';

describe('rate-limited motion', () => {
  it('moves no further per tick than the speed allows, and lands exactly on the target', () => {
    let pos = 10;
    const seen: number[] = [];
    while (pos !== 100) {
      const next = stepToward(pos, 100, 120, 20); // 120 deg/s, 20 ms ticks: 2.4 deg per tick
      expect(next - pos).toBeLessThanOrEqual(2.4 + 1e-9);
      expect(next).toBeGreaterThan(pos);
      pos = next;
      seen.push(pos);
    }
    expect(seen).toHaveLength(Math.ceil(90 / 2.4));
    expect(stepToward(50, 40, 120, 20)).toBeCloseTo(47.6);
  });

  it('derives keyframe speed from distance and time, capped by the joint limit', () => {
    expect(speedFor(90, 120, 500, 1000)).toBe(60);
    expect(speedFor(90, 180, 100, 120)).toBe(120);
    expect(speedFor(90, 90, 0, 120)).toBe(120);
  });

  it('clamps angles to joint limits', () => {
    expect(clampAngle(200, 30, 150)).toBe(150);
    expect(clampAngle(-5, 30, 150)).toBe(30);
    expect(clampAngle(Number.NaN, 30, 150)).toBe(90);
  });
});

describe('presence filter', () => {
  const opts = { nearCm: 80, farCm: 110, arriveMs: 300, leaveMs: 1000 };

  it('debounces a PIR: a blip shorter than arriveMs never opens a presence', () => {
    const f = new PresenceFilter(opts);
    expect(f.update(0, { pir: true })).toBeUndefined();
    expect(f.update(200, { pir: false })).toBeUndefined();
    expect(f.update(1000)).toBeUndefined();
    expect(f.present).toBe(false);
    expect(f.update(2000, { pir: true })).toBeUndefined();
    expect(f.update(2300)).toBe(true);
    expect(f.update(2400, { pir: false })).toBeUndefined();
    expect(f.update(3399)).toBeUndefined();
    expect(f.update(3400)).toBe(false);
  });

  it('applies distance hysteresis: arrive inside nearCm, stay until beyond farCm', () => {
    const f = new PresenceFilter(opts);
    f.update(0, { distanceCm: 95 });
    expect(f.update(500)).toBeUndefined(); // 95 cm is not near enough to arrive
    f.update(600, { distanceCm: 70 });
    expect(f.update(900)).toBe(true);
    f.update(1000, { distanceCm: 100 }); // inside farCm: still there
    expect(f.update(5000)).toBeUndefined();
    f.update(5000, { distanceCm: 130 });
    expect(f.update(6000)).toBe(false);
  });

  it('converts a Sharp IR sensor voltage to centimetres within its range', () => {
    expect(voltsToCm(2.3)).toBeGreaterThan(10);
    expect(voltsToCm(2.3)).toBeLessThan(15);
    expect(voltsToCm(0.4)).toBeGreaterThan(60);
    expect(voltsToCm(0)).toBe(150);
  });
});

describe('Firmata body config', () => {
  it('defaults to the documented Arduino Uno wiring', () => {
    const c = DEFAULT_FIRMATA_BODY_CONFIG;
    expect(Object.fromEntries(Object.entries(c.joints).map(([n, j]) => [n, j.pin]))).toEqual({ headPan: 9, headTilt: 10, arm: 11 });
    expect(c.lights).toEqual({ status: { pin: 13, pwm: false }, glow: { pin: 6, pwm: true } });
    expect(c.presence.pirPin).toBe(2);
    expect(c.presence.distanceChannel).toBe(0);
    expect(c.estop).toMatchObject({ pin: 3, activeLow: true, pullUp: true });
    expect(Object.keys(c.gestures)).toEqual(expect.arrayContaining(['greet', 'nod', 'shake', 'look', 'idle', 'thinking', 'farewell', 'rest']));
  });

  it('merges configured gestures over the defaults', () => {
    const c = parseFirmataBodyConfig({
      gestures: { nod: { keyframes: [{ joints: { headTilt: 80 }, ms: 100 }] }, bow: { keyframes: [{ joints: { headTilt: 70 }, ms: 300 }] } },
    });
    expect(c.gestures.nod?.keyframes).toHaveLength(1);
    expect(c.gestures.bow?.repeat).toBe(1);
    expect(c.gestures.greet).toEqual(DEFAULT_GESTURES.greet);
  });

  it('refuses a bad config naming the field', () => {
    expect(() => parseFirmataBodyConfig({ joints: { arm: { pin: 11, min: 100, max: 50, rest: 10 } } })).toThrow(/rest must lie within/);
    expect(() => parseFirmataBodyConfig({ lights: { glow: { pin: 300 } } })).toThrow(/pin/);
  });
});
