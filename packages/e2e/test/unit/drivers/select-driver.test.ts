import type { EngineStatus } from '@runevault/vault-image';
import type Docker from 'dockerode';
import { describe, expect, it, vi } from 'vitest';
import { selectDriver } from '../../../src/drivers/select-driver.js';
import { startSelectedDriver } from '../../../src/drivers/start-driver.js';

const fakeDocker = {} as Docker;
// A fresh mock per use, so call counts never leak between tests.
const answering = () =>
  vi.fn(
    async (_timeoutMs: number): Promise<EngineStatus> => ({
      ok: true,
      docker: fakeDocker,
      version: '20.10.24',
    }),
  );
const silent = (reason: string) =>
  vi.fn(async (_timeoutMs: number): Promise<EngineStatus> => ({ ok: false, reason }));

describe('selectDriver', () => {
  it('auto picks docker when the engine answers, and says which engine', async () => {
    const selection = await selectDriver('auto', { checkEngine: answering() });
    expect(selection).toMatchObject({ driver: 'docker', docker: fakeDocker, engineVersion: '20.10.24' });
    expect(selection.explanation).toBe('driver: docker (engine 20.10.24 answered)');
  });

  it('auto falls back to process, with the reason', async () => {
    const selection = await selectDriver('auto', {
      checkEngine: silent('connect ENOENT /var/run/docker.sock'),
    });
    expect(selection).toEqual({
      driver: 'process',
      explanation: 'driver: process (no Docker engine: connect ENOENT /var/run/docker.sock)',
    });
  });

  it('does not repeat "no Docker engine" when the reason already says it', async () => {
    const selection = await selectDriver('auto', {
      checkEngine: silent(
        'no Docker engine answers at unix:///var/run/docker.sock (no answer within 3000 ms)',
      ),
    });
    expect(selection.explanation).toBe(
      'driver: process (no Docker engine answers at unix:///var/run/docker.sock (no answer within 3000 ms))',
    );
  });

  it('asks the engine with a short timeout', async () => {
    const check = answering();
    await selectDriver('auto', { checkEngine: check, timeoutMs: 1_500 });
    expect(check).toHaveBeenCalledWith(1_500);
    await selectDriver('auto', { checkEngine: check });
    expect(check).toHaveBeenLastCalledWith(3_000);
  });

  it('a requested docker driver without an engine is an error that names the way out', async () => {
    await expect(selectDriver('docker', { checkEngine: silent('permission denied') })).rejects.toThrow(
      'driver docker was requested but permission denied; use --driver process',
    );
    const selection = await selectDriver('docker', { checkEngine: answering() });
    expect(selection.explanation).toBe('driver: docker (requested; engine 20.10.24 answered)');
  });

  it('process and address need no engine check', async () => {
    const check = answering();
    expect(await selectDriver('process', { checkEngine: check })).toEqual({
      driver: 'process',
      explanation: 'driver: process (requested)',
    });
    expect((await selectDriver('address', { checkEngine: check })).driver).toBe('address');
    expect(check).not.toHaveBeenCalled();
  });
});

describe('startSelectedDriver', () => {
  it('the address driver without an address says which options it needs', async () => {
    await expect(
      startSelectedDriver({ driver: 'address', explanation: 'driver: address (requested)' }),
    ).rejects.toThrow('the address driver needs the running vault: --grpc and --http');
  });
});
