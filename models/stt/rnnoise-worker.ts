/** Worker thread running RNNoise for RnnoiseStt; messages in rnnoise-host.ts. */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { createDenoiseHost, type ToDenoiser } from './rnnoise-host.js';

if (!parentPort) throw new Error('models/stt/rnnoise-worker.ts must run in a worker thread');
const port: MessagePort = parentPort;
const handle = createDenoiseHost((msg, transfer) => port.postMessage(msg, transfer ?? []));
port.on('message', (msg: ToDenoiser) => {
  handle(msg);
  if (msg.t === 'close') port.close();
});
