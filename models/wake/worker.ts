/** Worker thread hosting the openWakeWord pipeline; see worker-protocol.ts for the messages. */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { WakeWordError } from './errors.js';
import { InlineHopScorer } from './inline-scorer.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

if (!parentPort) throw new Error('models/wake/worker.ts must run in a worker thread');
const port: MessagePort = parentPort;

let scorer: InlineHopScorer | undefined;
const send = (msg: FromWorker): void => port.postMessage(msg);
const failure = (err: unknown, id?: number): FromWorker => ({
  type: 'failed',
  ...(id === undefined ? {} : { id }),
  code: err instanceof WakeWordError ? err.code : 'wake_inference',
  message: err instanceof Error ? err.message : String(err),
});

// Messages are handled one at a time, in arrival order.
let queue: Promise<void> = Promise.resolve();
port.on('message', (msg: ToWorker) => {
  queue = queue.then(() => handle(msg));
});

async function handle(msg: ToWorker): Promise<void> {
  try {
    switch (msg.type) {
      case 'load':
        scorer = await InlineHopScorer.load(msg.phrase, { speechGate: msg.speechGate });
        send({ type: 'loaded', windowSize: scorer.windowSize });
        return;
      case 'score': {
        if (!scorer) throw new WakeWordError('wake_inference', 'score before load');
        const before = scorer.busyMs;
        const scores = await scorer.score(msg.hops);
        send({ type: 'scores', id: msg.id, scores, busyMs: scorer.busyMs - before });
        return;
      }
      case 'reset':
        await scorer?.reset();
        send({ type: 'reset-done', id: msg.id });
        return;
      case 'close':
        await scorer?.close();
        scorer = undefined;
        send({ type: 'closed', id: msg.id });
        port.close();
        return;
    }
  } catch (err) {
    send(failure(err, msg.type === 'load' ? undefined : msg.id));
  }
}
