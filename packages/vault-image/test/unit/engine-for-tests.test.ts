import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../src/docker-engine.js';
import { ciRequiresRealComponents, dockerEngineForTests } from '../../src/engine-for-tests.js';

const missing = async (): Promise<EngineStatus> => ({ ok: false, reason: 'no Docker engine answers at X' });

describe('dockerEngineForTests', () => {
  it('under CI=true, a missing engine fails with one line naming what needed it and why', async () => {
    await expect(dockerEngineForTests('the image tests', missing, { CI: 'true' })).rejects.toThrow(
      'the image tests needs a Docker engine and CI=true requires one: no Docker engine answers at X',
    );
  });

  it('outside CI, a missing engine comes back as a status to skip with', async () => {
    await expect(dockerEngineForTests('the image tests', missing, {})).resolves.toEqual({
      ok: false,
      reason: 'no Docker engine answers at X',
    });
  });

  it('an engine that answers is handed back under CI too', async () => {
    const up = { ok: true, version: '20.10', docker: {} } as unknown as EngineStatus;
    await expect(dockerEngineForTests('the image tests', async () => up, { CI: 'true' })).resolves.toBe(up);
  });

  it('reads CI the way CI services set it', () => {
    expect(ciRequiresRealComponents({ CI: 'true' })).toBe(true);
    expect(ciRequiresRealComponents({ CI: '1' })).toBe(true);
    expect(ciRequiresRealComponents({ CI: 'false' })).toBe(false);
    expect(ciRequiresRealComponents({})).toBe(false);
  });
});
