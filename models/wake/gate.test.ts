import { describe, expect, it } from 'vitest';
import { DetectionGate } from './gate.js';

const run = (gate: DetectionGate, scores: number[], stepMs = 80): number[] =>
  scores.flatMap((s, i) => (gate.update(s, (i + 1) * stepMs) ? [(i + 1) * stepMs] : []));

describe('DetectionGate', () => {
  it('gives one detection for a run of scores above the threshold', () => {
    const gate = new DetectionGate({ threshold: 0.5, refractoryMs: 1000 });
    expect(run(gate, [0.1, 0.6, 0.9, 0.95, 0.7, 0.2, 0.1])).toEqual([160]);
  });

  it('does not re-arm before the refractory period, even when the score dips', () => {
    const gate = new DetectionGate({ threshold: 0.5, refractoryMs: 1000 });
    // Detection at 80 ms; dip at 160 ms; back up at 240 ms (inside 1 s): ignored.
    expect(run(gate, [0.9, 0.1, 0.9, 0.1])).toEqual([80]);
  });

  it('re-arms once the refractory period has passed and the score fell below the threshold', () => {
    const gate = new DetectionGate({ threshold: 0.5, refractoryMs: 400 });
    const scores = [0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.9];
    expect(run(gate, scores)).toEqual([80, 560]);
  });

  it('stays disarmed while the score stays high, however long', () => {
    const gate = new DetectionGate({ threshold: 0.5, refractoryMs: 80 });
    expect(run(gate, new Array(50).fill(0.99))).toEqual([80]);
  });

  it('reset() re-arms at once', () => {
    const gate = new DetectionGate({ threshold: 0.5, refractoryMs: 10_000 });
    expect(gate.update(0.9, 80)).toBe(true);
    gate.reset();
    expect(gate.update(0.9, 160)).toBe(true);
  });

  it('refuses a threshold outside (0, 1]', () => {
    expect(() => new DetectionGate({ threshold: 0 })).toThrow(RangeError);
    expect(() => new DetectionGate({ threshold: 1.5 })).toThrow(RangeError);
  });
});
