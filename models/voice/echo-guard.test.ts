/** The echo guard's barge-in judgement, clock-free: learned echo path, margin, pauses, and no barge-in unlearned. */
import { describe, expect, it } from 'vitest';
import { ECHO, EchoGuard, levelDb } from './echo-guard.js';

/** A tone block at `db` dBFS, 16 kHz. */
function tone(db: number, ms: number): Int16Array {
  const n = (16_000 * ms) / 1000;
  const amp = 32768 * 10 ** (db / 20) * Math.SQRT2;
  return Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * 440 * i) / 16_000)));
}

describe('EchoGuard barge-in judgement', () => {
  it('measures levels in dBFS', () => {
    expect(levelDb(tone(-20, 100))).toBeCloseTo(-20, 0);
    expect(levelDb(new Int16Array(320))).toBe(ECHO.floorDb);
  });

  it('keeps a timeline of what plays and clears it when the robot stops', () => {
    const g = new EchoGuard({ bargeIn: true });
    g.speaking();
    g.played(tone(-20, 500), 16_000, 1000);
    g.played(tone(-60, 500), 16_000, 1010); // queued behind the first: plays from 1500
    expect(g.playedDb(1200)).toBeCloseTo(-20, 0);
    expect(g.playedDb(1900)).toBeCloseTo(-60, 0);
    expect(g.playedDb(5000)).toBe(ECHO.floorDb);
    g.silent(2000);
    expect(g.playedDb(1200)).toBe(ECHO.floorDb);
  });

  it('learns the echo path and lets through only a voice clearly louder than the echo, or one in the pauses', () => {
    const g = new EchoGuard({ bargeIn: true });
    g.speaking();
    g.played(tone(-20, 3000), 16_000, 0);
    // Only the robot: the microphone hears it 6 dB down. Nobody barges in, even before the path is learned.
    for (let t = 0; t < 1000; t += 32) expect(g.louderThanEcho(-26 + (t % 64 ? 1 : -1), t)).toBe(false);
    expect(Math.abs(g.echoPathDb! + 6)).toBeLessThanOrEqual(1.1);
    expect(g.louderThanEcho(-23, 1100)).toBe(false); // a visitor as loud as the echo: +3 dB, not enough
    expect(g.louderThanEcho(-12, 1132)).toBe(true); // a visitor 14 dB above the echo
    g.silent(3000);
    g.speaking();
    g.played(tone(-20, 300), 16_000, 4000);
    expect(g.louderThanEcho(-30, 4700)).toBe(true); // the robot's pause: -30 dB is far above no echo
  });

  it('lets nobody barge in before it has heard the robot alone, and learns nothing from the first moments', () => {
    const g = new EchoGuard({ bargeIn: true });
    g.speaking();
    g.played(tone(-20, 1000), 16_000, 0);
    // Output latency: the echo has not reached the microphone yet.
    for (let t = 0; t < ECHO.windowMs; t += 10) expect(g.louderThanEcho(-90, t)).toBe(false);
    expect(g.echoPathDb).toBeUndefined();
    expect(g.louderThanEcho(0, 200)).toBe(false);
  });

  it('with an echo-cancelled microphone, any clear voice barges in', () => {
    const g = new EchoGuard({ bargeIn: true });
    g.speaking();
    g.played(tone(-20, 2000), 16_000, 0);
    for (let t = 0; t < 1000; t += 32) g.louderThanEcho(-75, t); // residual echo
    expect(g.louderThanEcho(-40, 1100)).toBe(true);
  });
});
