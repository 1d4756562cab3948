/**
 * Worker-thread entry of {@link attentionFlowParallel} (Node `worker_threads`). Not part of the public API.
 *
 * Protocol: `workerData` = { caps, layers, n, layer, outputs, solver, result } where `caps` (Â) and `result`
 * (the raw flows, [outputs.length, n]) are views on SharedArrayBuffers shared with the main thread, so the
 * capacities are transferred once per worker. The main thread then posts row ranges `{ start, end }`; the
 * worker writes those rows of `result` and answers `{ start, end }` (or `{ error }`), until it is terminated.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRowEvaluator, type FlowJob } from './maxflow/internal/flowRows.js';

interface WorkerInit extends FlowJob {
  readonly result: Float64Array;
}

const init = workerData as WorkerInit;
const evaluate = createRowEvaluator(init);
const port = parentPort!;
port.on('message', (msg: { start: number; end: number }) => {
  try {
    evaluate(msg.start, msg.end, init.result, msg.start * init.n);
    port.postMessage({ start: msg.start, end: msg.end });
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) } });
  }
});
