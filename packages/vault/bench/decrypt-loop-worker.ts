// One in-process decryption worker for the throughput baseline: loads the key, decrypts the
// same block back to back until told to stop, then reports how many it did. Started by
// request-path.ts; what the daemon's workers could do if nothing else stood in the way.
import { parentPort, workerData } from 'node:worker_threads';
import { createScoreDecryptCore } from '../src/fhe/decrypt-core.js';

const { secKeyJson, blob, topK } = workerData as { secKeyJson: string; blob: Uint8Array; topK: number };

async function main(port: NonNullable<typeof parentPort>) {
  const core = await createScoreDecryptCore(secKeyJson);
  for (let i = 0; i < 3; i++) core.decryptTopK(blob, topK);
  let stop = false;
  port.on('message', (message: string) => {
    if (message === 'stop') stop = true;
    if (message !== 'go') return;
    let count = 0;
    const started = performance.now();
    // Runs in slices so the 'stop' message gets through between them.
    const slice = () => {
      const until = performance.now() + 20;
      while (performance.now() < until) {
        core.decryptTopK(blob, topK);
        count++;
      }
      if (stop) {
        core.dispose();
        port.postMessage({ count, ms: performance.now() - started });
      } else setImmediate(slice);
    };
    slice();
  });
  port.postMessage('ready');
}

if (parentPort) void main(parentPort);
