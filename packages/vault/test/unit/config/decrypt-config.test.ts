import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/load-config.js';
import { configError } from '../../support/expect-errors.js';

// decrypt: the SEAL worker count and the memory bound after which a worker is replaced.

const BASE = {
  server: { grpc: { tls: { disable: true } } },
  tokens: { team_secret: 'x'.repeat(64) },
};
const resolve = (decrypt: unknown) =>
  resolveConfig({ ...BASE, decrypt }, { file: '/etc/runevault/runevault.conf' }).config.decrypt;

describe('decrypt config', () => {
  it('defaults to a 128 MiB bound and the automatic worker count', () => {
    expect(resolve(undefined)).toEqual({ workerMemoryLimitMb: 128 });
  });

  it('reads workers and worker_memory_limit_mb', () => {
    expect(resolve({ workers: 3, worker_memory_limit_mb: 512 })).toEqual({
      workers: 3,
      workerMemoryLimitMb: 512,
    });
  });

  it.each([
    [
      { worker_memory_limit_mb: 32 },
      'decrypt.worker_memory_limit_mb',
      'expected an integer in 64..4096, got number 32',
    ],
    [
      { worker_memory_limit_mb: 5000 },
      'decrypt.worker_memory_limit_mb',
      'expected an integer in 64..4096, got number 5000',
    ],
    [
      { worker_memory_limit_mb: '256MB' },
      'decrypt.worker_memory_limit_mb',
      'expected an integer in 64..4096',
    ],
    [{ workers: 0 }, 'decrypt.workers', 'expected an integer in 1..64, got number 0'],
    [
      { worker_memory_limit: 256 },
      'decrypt.worker_memory_limit',
      'unknown key; valid keys here: workers, worker_memory_limit_mb',
    ],
  ])('refuses %j naming the key, the value and the range', (decrypt, where, text) => {
    const error = configError(() => resolve(decrypt));
    expect(error.message).toContain(`(${where}`);
    expect(error.message).toContain(text);
  });
});
