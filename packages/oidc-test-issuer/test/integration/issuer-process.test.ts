// The issuer as a detached process: started, serving after its parent let go, stopped.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { githubContextFromEnv } from '../../src/github-claims.js';
import { exportPrivateJwk, generateIssuerKey } from '../../src/issuer-key.js';
import { isAlive, spawnIssuerProcess, stopIssuerProcess } from '../../src/issuer-process.js';
import { issuerProcessFromSource } from '../../src/issuer-process-source.js';
import { buildTokenTemplate } from '../../src/token-template.js';

const dir = mkdtempSync(join(tmpdir(), 'oidc-issuer-process-'));
const started: number[] = [];
afterAll(async () => {
  for (const pid of started) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const template = buildTokenTemplate({
  github: githubContextFromEnv({ GITHUB_REPOSITORY: 'o/r' }),
  audience: 'runevault',
  lifetimeSeconds: 120,
});

describe('issuer process', () => {
  it('starts detached, serves tokens with the handed-over key, and stops on request', async () => {
    const key = await generateIssuerKey('ES256', { extractable: true });
    const logFile = join(dir, 'issuer.log');
    const ready = await spawnIssuerProcess({
      ...issuerProcessFromSource(),
      config: {
        privateJwk: await exportPrivateJwk(key),
        issuer: '',
        requestToken: 'q'.repeat(32),
        shutdownToken: 's'.repeat(32),
        template,
      },
      logFile,
    });
    started.push(ready.pid);
    expect(ready.pid).not.toBe(process.pid);
    expect(isAlive(ready.pid)).toBe(true);
    expect(ready.issuer).toBe(ready.baseUrl);

    const response = await fetch(`${ready.tokenRequestUrl}&audience=runevault`, {
      headers: { authorization: `Bearer ${'q'.repeat(32)}` },
    });
    const { value } = (await response.json()) as { value: string };
    const { protectedHeader } = await jwtVerify(value, createRemoteJWKSet(new URL(ready.jwksUrl)), {
      issuer: ready.issuer,
      audience: 'runevault',
    });
    expect(protectedHeader.kid).toBe(key.kid);

    // A wrong shutdown token is refused.
    const refused = await fetch(ready.shutdownUrl, {
      method: 'POST',
      headers: { authorization: 'Bearer x' },
    });
    expect(refused.status).toBe(401);

    const stopped = await stopIssuerProcess({
      pid: ready.pid,
      shutdownUrl: ready.shutdownUrl,
      shutdownToken: 's'.repeat(32),
    });
    expect(stopped).toEqual({ stopped: true, how: 'shutdown request' });
    expect(isAlive(ready.pid)).toBe(false);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('stopping: shutdown requested');
    expect(log).not.toContain('q'.repeat(32));
    expect(log).not.toContain(value);
  });

  it('falls back to SIGTERM when the shutdown request cannot be made', async () => {
    const key = await generateIssuerKey('ES256', { extractable: true });
    const ready = await spawnIssuerProcess({
      ...issuerProcessFromSource(),
      config: {
        privateJwk: await exportPrivateJwk(key),
        issuer: 'https://oidc.test.invalid',
        requestToken: 'q'.repeat(32),
        shutdownToken: 's'.repeat(32),
        template,
      },
      logFile: join(dir, 'issuer-2.log'),
    });
    started.push(ready.pid);
    expect(ready.issuer).toBe('https://oidc.test.invalid');
    const stopped = await stopIssuerProcess({
      pid: ready.pid,
      shutdownUrl: ready.shutdownUrl,
      shutdownToken: 'wrong',
      timeoutMs: 1_000,
    });
    expect(stopped.stopped).toBe(true);
    expect(stopped.how).toBe('shutdown request answered 401, then SIGTERM');
  });

  it('reports a process that dies before it is ready, with its log', async () => {
    await expect(
      spawnIssuerProcess({
        ...issuerProcessFromSource(),
        // Not a private JWK: the import fails and the process exits.
        config: {
          privateJwk: {},
          issuer: '',
          requestToken: 'q'.repeat(32),
          shutdownToken: 's'.repeat(32),
          template,
        },
        logFile: join(dir, 'issuer-3.log'),
      }),
    ).rejects.toThrow(/exited before it was ready .*unsupported issuer key alg/s);
  });
});
