// SEAL is synchronous WASM: decryption runs on worker threads so the event loop stays free.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ConfigError, VaultError } from '../errors.js';
import type { CkksParams } from './ckks-params.js';
import { checkedScoreBlocks, type ScoreEntry } from './decrypt-core.js';
import { parseKeyFile, readKeyFileText } from './key-files.js';
import type { DecryptRequest, SerializedError, WorkerInit, WorkerMessage } from './score-decryptor-worker.js';
import { TransferBuffers } from './transfer-buffers.js';

export interface ScoreDecryptorPoolOptions {
  secKeyFile: string;
  workers?: number;
  /** Requests waiting for a worker beyond this are refused with resource_exhausted. */
  maxQueue?: number;
  /** Override for bundled builds that emit the worker under another name. */
  workerUrl?: URL;
  /**
   * Structural checks run on this thread before a blob is copied to a worker (default: the
   * decrypt core's own, checkedScoreBlocks); tests with a stand-in worker pass their own.
   */
  screenBlob?: (blob: Uint8Array, params: CkksParams) => void;
  /**
   * A worker whose SEAL WASM memory is above this after a call is replaced (WASM memory never
   * shrinks); the same bound (at least 64) caps each worker's JS heap. Default DEFAULT_WORKER_MEMORY_LIMIT_MB.
   */
  workerMemoryLimitMb?: number;
  /** Told why a worker is being replaced (memory bound, SEAL abort, crash); for the operator log. */
  onWorkerRetired?: (reason: string) => void;
}

/** A worker holds 19–28 MiB of WASM memory with the default key loaded: 128 leaves room, not waste. */
export const DEFAULT_WORKER_MEMORY_LIMIT_MB = 128;
const MIN_WORKER_HEAP_MB = 64;
/** Transfer buffers kept for reuse: enough for every worker's job plus a queued one each. */
const FREE_TRANSFER_BUFFERS = 8;

interface Job {
  id: number;
  blob: Uint8Array;
  /** The blob lies in a transfer buffer of ours: it is moved to the worker, not copied. */
  owned: boolean;
  topK: number;
  resolve: (entries: ScoreEntry[]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
}

// Same extension as this module: .ts when run from source (tsx, vitest), .js once compiled.
const DEFAULT_WORKER_URL = new URL(
  `./score-decryptor-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

function deserializeError(error: SerializedError): Error {
  if (error.type === 'vault') return new VaultError(error.kind, error.message);
  if (error.type === 'config') return new ConfigError(error.file, error.where, error.problem, error.hint);
  const internal = new VaultError('internal', 'score decryption failed');
  internal.cause = new Error(error.message);
  return internal;
}

/**
 * A .ts worker (tests, tsx) needs the tsx loader. Node 20 ignores `--import` in a worker's
 * execArgv, so a tiny eval bootstrap registers tsx in the worker and then imports the file.
 */
function startWorker(url: URL, workerData: WorkerInit): Worker {
  // WASM memory lives outside the V8 heap; this caps the JS side (decoded messages, results),
  // never below what a worker needs to load its modules.
  const maxOldGenerationSizeMb = Math.max(
    MIN_WORKER_HEAP_MB,
    Math.ceil(workerData.memoryLimitBytes / 2 ** 20),
  );
  const resourceLimits = { maxOldGenerationSizeMb };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData, resourceLimits });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
}

export class ScoreDecryptorPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private spawning = 0;
  private retired = 0;
  private readonly buffers = new TransferBuffers(FREE_TRANSFER_BUFFERS);

  private constructor(
    private readonly init: WorkerInit,
    private readonly params: CkksParams,
    private readonly screenBlob: (blob: Uint8Array, params: CkksParams) => void,
    private readonly workerUrl: URL,
    private readonly maxQueue: number,
    private readonly onWorkerRetired: (reason: string) => void,
  ) {}

  static async start(opts: ScoreDecryptorPoolOptions): Promise<ScoreDecryptorPool> {
    // Parse in this thread first: a bad key file fails with a ConfigError before any worker starts.
    const count = opts.workers ?? defaultWorkerCount();
    if (!Number.isInteger(count) || count < 1)
      throw new Error(`workers must be a positive integer, got ${count}`);
    const limitMb = opts.workerMemoryLimitMb ?? DEFAULT_WORKER_MEMORY_LIMIT_MB;
    if (!Number.isInteger(limitMb) || limitMb < 1)
      throw new Error(`workerMemoryLimitMb must be a positive integer, got ${limitMb}`);
    const secKeyFileJson = readKeyFileText(opts.secKeyFile);
    const { params } = parseKeyFile(secKeyFileJson, opts.secKeyFile, 'SecKey');
    const init: WorkerInit = { secKeyFileJson, source: opts.secKeyFile, memoryLimitBytes: limitMb * 2 ** 20 };
    const pool = new ScoreDecryptorPool(
      init,
      params,
      opts.screenBlob ?? checkedScoreBlocks,
      opts.workerUrl ?? DEFAULT_WORKER_URL,
      opts.maxQueue ?? 1000,
      opts.onWorkerRetired ?? (() => {}),
    );
    const started = await Promise.allSettled(Array.from({ length: count }, () => pool.spawn()));
    const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) {
      await pool.close();
      throw failure.reason;
    }
    return pool;
  }

  /** Live workers (a crashed worker is replaced, so this is usually the configured count). */
  get size(): number {
    return this.slots.length;
  }

  /** Transfer buffers back from workers and waiting for reuse. */
  get freeTransferBuffers(): number {
    return this.buffers.freeCount;
  }

  /** Workers replaced since start (memory bound, SEAL abort or crash). */
  get retiredWorkers(): number {
    return this.retired;
  }

  /**
   * `length` bytes to decode a blob into and hand to decryptTopK, which then moves the buffer to
   * a worker instead of copying it (the caller must not touch it after that call).
   */
  blobBuffer(length: number): Uint8Array {
    return this.buffers.take(length);
  }

  /**
   * A blob from blobBuffer() is moved to the worker and must not be used afterwards; any other
   * blob is copied into the message, so the caller's buffer stays usable.
   */
  decryptTopK(blob: Uint8Array, topK: number): Promise<ScoreEntry[]> {
    const owned = this.buffers.owns(blob);
    const refuse = (error: Error) => {
      if (owned) this.buffers.give(blob.buffer as ArrayBuffer);
      return Promise.reject(error);
    };
    if (this.closed) return refuse(new VaultError('unavailable', 'score decryptor pool is closed'));
    if (this.slots.length === 0 && this.spawning === 0) {
      return refuse(new VaultError('unavailable', 'no score decryption worker is running'));
    }
    if (this.queue.length >= this.maxQueue) {
      return refuse(new VaultError('resource_exhausted', 'score decryption queue is full; retry later'));
    }
    // Malformed blobs are refused here, before they reach a worker: garbage never grows a
    // worker's heap (which this thread cannot collect), and a refusal costs no queue slot.
    try {
      this.screenBlob(blob, this.params);
    } catch (error) {
      return refuse(error as Error);
    }
    return new Promise<ScoreEntry[]>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, blob, owned, topK, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const closedError = () => new VaultError('unavailable', 'score decryptor pool is closed');
    for (const job of this.queue.splice(0)) job.reject(closedError());
    const slots = this.slots.splice(0);
    for (const slot of slots) slot.job?.reject(closedError());
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job) continue;
      const job = this.queue.shift() as Job;
      slot.job = job;
      // Our transfer buffer moves as it is. Anything else goes as a fresh exact-size copy: the
      // caller's buffer stays intact, and never a whole backing store is moved (Buffer.slice
      // is a view and may sit in Node's shared pool).
      let blob = job.blob;
      if (!job.owned) {
        blob = new Uint8Array(job.blob.byteLength);
        blob.set(job.blob);
      }
      const request: DecryptRequest = { id: job.id, blob, topK: job.topK };
      try {
        // Screening refused empty blobs, so an empty one here was moved away by someone else:
        // posted, it would be dropped on the worker's side ('messageerror') and never answered.
        if (blob.byteLength === 0) throw new Error('the blob buffer is detached');
        slot.worker.postMessage(request, [blob.buffer as ArrayBuffer]);
      } catch (error) {
        // A buffer that cannot be moved fails its own request, never the queue behind it.
        slot.job = undefined;
        const failed = new VaultError('internal', 'score decryption failed');
        failed.cause = error;
        job.reject(failed);
        this.pump();
        return;
      }
    }
  }

  /** Starts one worker and resolves once its key is loaded. */
  private spawn(): Promise<void> {
    this.spawning++;
    const slot: Slot = { worker: startWorker(this.workerUrl, this.init), job: undefined };
    const { worker } = slot;
    // Listeners are attached once and never removed: Worker relies on its own internal listeners,
    // which removeAllListeners() would break.
    return new Promise<void>((resolve, reject) => {
      let starting = true;
      const startFailed = (error: Error) => {
        if (!starting) return;
        starting = false;
        this.spawning--;
        void worker.terminate();
        reject(error);
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'init-error') {
          const { error } = message;
          // At start an unexpected error is the operator's problem (e.g. SEAL failed to load): keep its text.
          return startFailed(
            error.type === 'other'
              ? new Error(`score decryptor worker failed to start: ${error.message}`)
              : deserializeError(error),
          );
        }
        if (message.type === 'ready') {
          if (!starting) return;
          // A bound below what a fresh worker holds would replace the worker after every call.
          if (message.memoryBytes !== undefined && message.memoryBytes > this.init.memoryLimitBytes) {
            return startFailed(
              new Error(
                `decrypt.worker_memory_limit_mb ${this.init.memoryLimitBytes / 2 ** 20} is below the ${Math.ceil(message.memoryBytes / 2 ** 20)} MiB a decrypt worker holds once the key is loaded; raise it`,
              ),
            );
          }
          starting = false;
          this.spawning--;
          if (this.closed) void worker.terminate();
          else this.slots.push(slot);
          resolve();
          return this.pump();
        }
        this.settle(slot, message);
      });
      worker.on('error', (error) =>
        startFailed(new Error(`score decryptor worker failed to start: ${error.message}`)),
      );
      worker.on('exit', (code) => {
        startFailed(new Error(`score decryptor worker exited during start (code ${code})`));
        // A crash after start: fail its request and replace it. Retired workers are already gone from slots.
        if (!this.slots.includes(slot)) return;
        slot.job?.reject(new VaultError('internal', 'score decryption worker crashed'));
        slot.job = undefined;
        this.replace(slot, `worker exited (code ${code})`);
      });
    });
  }

  private settle(slot: Slot, message: Extract<WorkerMessage, { type: 'result' | 'error' }>): void {
    const job = slot.job;
    slot.job = undefined;
    // The worker is done with the blob's buffer and moved it back: reusable from here on.
    if (message.buffer) this.buffers.give(message.buffer);
    if (job && job.id === message.id) {
      if (message.type === 'result') job.resolve(message.entries);
      else job.reject(deserializeError(message.error));
    }
    if (message.retire) this.replace(slot, message.retire);
    else this.pump();
  }

  private replace(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    this.retired++;
    this.onWorkerRetired(reason);
    void slot.worker.terminate();
    if (this.closed) return;
    this.spawn().catch(() => this.failQueueIfNoWorkers());
    // Another worker may still be idle while the replacement starts.
    this.pump();
  }

  private failQueueIfNoWorkers(): void {
    if (this.slots.length > 0 || this.spawning > 0) return;
    for (const job of this.queue.splice(0)) {
      job.reject(new VaultError('unavailable', 'no score decryption worker is running'));
    }
  }
}
