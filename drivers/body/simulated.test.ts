import { describe, expect, it } from 'vitest';
import { SimulatedBody } from './simulated.js';

describe('SimulatedBody emergency stop', () => {
  it('releases only when a fresh reading at the end of the wait confirms the button is released', async () => {
    const body = new SimulatedBody(0);
    body.estopReleaseMs = 50;
    await body.open();
    const events: boolean[] = [];
    body.on('estop', (e) => events.push(e));
    body.simulateEstop(true);
    expect(body.state().estop).toBe(true);
    // A stray report says released while the button is held: nothing releases.
    body.simulateEstopReport(true);
    await new Promise((r) => setTimeout(r, 120));
    expect(body.state().estop).toBe(true);
    await expect(body.play('nod')).rejects.toMatchObject({ code: 'estop_engaged' });
    // The real release is confirmed after the wait.
    body.simulateEstop(false);
    expect(body.state().estop).toBe(true);
    await new Promise((r) => setTimeout(r, 120));
    expect(body.state().estop).toBe(false);
    // A press during the wait cancels a pending release.
    body.simulateEstop(true);
    body.simulateEstopReport(true);
    body.simulateEstopReport(false);
    await new Promise((r) => setTimeout(r, 120));
    expect(body.state().estop).toBe(true);
    expect(events).toEqual([true, false, true]);
    await body.close();
  });
});
