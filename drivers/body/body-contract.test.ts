/** Every body driver keeps the same contract (test/support/contracts/body.ts): the twin and the real driver. */
import { bodyContract } from '../../test/support/contracts/body.js';
import { until } from '../../test/support/until.js';
import { FirmataBody } from './firmata-body.js';
import { DEFAULT_FIRMATA_BODY_CONFIG } from './firmata-config.js';
import { startSimulatedBoard } from './sim/simulated-board.js';
import { SimulatedBody } from './simulated.js';

bodyContract('SimulatedBody', async () => {
  // Gestures at a quarter of their time: long enough to interrupt one, short enough for a unit test.
  const body = SimulatedBody.fromConfig(DEFAULT_FIRMATA_BODY_CONFIG, 0.25);
  await body.open();
  return { body, pressEstop: (engaged) => body.simulateEstop(engaged), stop: () => body.close() };
});

bodyContract('FirmataBody on StandardFirmata in the simulated Uno', async () => {
  const sim = await startSimulatedBoard();
  const body = new FirmataBody({ config: { port: sim.path, estop: { releaseMs: 50 } }, binding: sim.binding, reconnect: false });
  await body.open();
  await until(() => body.state().estop === false, 5_000, 'e-stop released at start');
  return {
    body,
    pressEstop: (engaged) => sim.setDigitalInput(3, !engaged), // active low: pressed pulls D3 to ground
    stop: async () => {
      await body.close();
      await sim.stop();
    },
  };
});
