// Worker thread: owns one SEAL instance and one decrypt core; the pool talks to it by messages.
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError, VaultError } from '../errors.js';
import { sealMemoryBytes } from './ckks-params.js';
import { createScoreDecryptCore, type ScoreEntry } from './decrypt-core.js';
import { retireReason } from './worker-retirement.js';

export interface WorkerInit {
  secKeyFileJson: string;
  source: string;
  /** After a call that leaves SEAL's WASM memory above this, the worker asks to be replaced. */
  memoryLimitBytes: number;
}

export interface DecryptRequest {
  id: number;
  blob: Uint8Array;
  topK: number;
}

/** Errors cross the thread boundary as plain data; the pool rebuilds the same class. */
export type SerializedError =
  | { type: 'vault'; kind: VaultError['kind']; message: string }
  | { type: 'config'; file: string; where: string | undefined; problem: string; hint: string | undefined }
  | { type: 'other'; message: string };

export type WorkerMessage =
  | { type: 'ready'; slotCount: number; memoryBytes: number | undefined }
  | { type: 'init-error'; error: SerializedError }
  | { type: 'result'; id: number; entries: ScoreEntry[]; retire: string | undefined; buffer?: ArrayBuffer }
  | { type: 'error'; id: number; error: SerializedError; retire: string | undefined; buffer?: ArrayBuffer };

function serializeError(error: unknown): SerializedError {
  if (error instanceof VaultError) return { type: 'vault', kind: error.kind, message: error.message };
  if (error instanceof ConfigError) {
    return { type: 'config', file: error.file, where: error.where, problem: error.problem, hint: error.hint };
  }
  return { type: 'other', message: error instanceof Error ? error.message : String(error) };
}

async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const init = workerData as WorkerInit;
  // A detached buffer (length 0) cannot be moved again; the answer must still get through.
  const post = (message: WorkerMessage) => {
    const buffer = message.type === 'result' || message.type === 'error' ? message.buffer : undefined;
    if (buffer && buffer.byteLength > 0) port.postMessage(message, [buffer]);
    else port.postMessage(buffer ? { ...message, buffer: undefined } : message);
  };
  let core: Awaited<ReturnType<typeof createScoreDecryptCore>>;
  try {
    core = await createScoreDecryptCore(init.secKeyFileJson, init.source);
  } catch (error) {
    post({ type: 'init-error', error: serializeError(error) });
    port.close();
    return;
  }
  // Checked after every call; the reason goes to the pool (and the operator log), never caller data.
  const retire = () =>
    retireReason({
      poisoned: core.poisoned,
      memoryBytes: sealMemoryBytes(),
      limitBytes: init.memoryLimitBytes,
    });
  port.on('message', (request: DecryptRequest) => {
    // The blob's buffer goes back with the answer (moved, not copied) for the pool to reuse;
    // nothing here keeps a view of it, SEAL copied the ciphertext into its own memory.
    const buffer = request.blob.buffer as ArrayBuffer;
    try {
      const entries = core.decryptTopK(request.blob, request.topK);
      post({ type: 'result', id: request.id, entries, retire: retire(), buffer });
    } catch (error) {
      post({ type: 'error', id: request.id, error: serializeError(error), retire: retire(), buffer });
    }
  });
  post({ type: 'ready', slotCount: core.slotCount, memoryBytes: sealMemoryBytes() });
}

if (parentPort) void main(parentPort);
