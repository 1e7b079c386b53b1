// @ts-check
/** Worker thread owning one PocketSphinx decoder; protocol in host.mjs. */
import { parentPort } from 'node:worker_threads';
import { createHost } from './host.mjs';

if (!parentPort) throw new Error('worker.mjs must run in a worker thread');
const port = parentPort;
const handle = createHost((msg) => port.postMessage(msg));
port.on('message', (m) => {
  handle(m);
  if (m.t === 'close') port.close();
});
