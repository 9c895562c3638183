// When a decrypt worker must be replaced after a call. WASM memory never shrinks, so a worker
// whose SEAL instance grew past the bound would hold that memory for the rest of its life.

export interface WorkerHealth {
  /** SEAL's WASM instance aborted: its state can no longer be trusted. */
  poisoned: boolean;
  /** Current size of SEAL's WASM memory, or undefined when it could not be observed. */
  memoryBytes: number | undefined;
  limitBytes: number;
}

/** The operator-facing reason to replace the worker, or undefined to keep it. */
export function retireReason({ poisoned, memoryBytes, limitBytes }: WorkerHealth): string | undefined {
  if (poisoned) return 'SEAL aborted';
  if (memoryBytes !== undefined && memoryBytes > limitBytes) {
    return `SEAL memory ${mib(memoryBytes)} MiB is above the limit of ${mib(limitBytes)} MiB (decrypt.worker_memory_limit_mb)`;
  }
  return undefined;
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1).replace(/\.0$/, '');
}
