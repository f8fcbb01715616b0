/**
 * A worker thread of benchmark (d) on the fast engine (started by simSpeedFast.ts `startPool`): says `ready`
 * once the engine is loaded, then replays every fleet it is sent, reporting progress per simulated hour and the
 * sums at the end.
 */
import { parentPort } from 'node:worker_threads';
import { addSums, emptySums, type FastFleet, replayInstance, type WorkerMessage } from './simSpeedFast.js';

const port = parentPort;
if (!port) throw new Error('simSpeedWorker.ts runs as a worker thread (see simSpeedFast.ts startPool)');
const post = (m: WorkerMessage) => port.postMessage(m);

port.on('message', (fleet: FastFleet) => {
  try {
    let sums = emptySums();
    for (const job of fleet.jobs) {
      sums = addSums(
        sums,
        replayInstance(fleet, job, (doneMinutes) => post({ kind: 'progress', index: job.index, doneMinutes })),
      );
    }
    post({ kind: 'done', sums });
  } catch (err) {
    post({ kind: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
post({ kind: 'ready' });
