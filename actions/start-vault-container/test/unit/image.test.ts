// start-vault-container's image half without an engine: what a failed pull means (from the
// engine's real messages), which failures are retried and how long it waits (an injected
// sleep: no test waits), the credentials the docker CLI would send, which names are pulled,
// and where the carried vault image context is found.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyRegistryError, isTransientRegistryFailure } from '@runevault/vault-image/docker';
import { afterAll, describe, expect, it } from 'vitest';
import { parseImageReference } from '../../../common/src/docker-reference.js';
import { carriedContextCandidates, carriedContextDir } from '../../src/carried-image.js';
import { PULL_ATTEMPTS, pullWithRetry } from '../../src/image-pull.js';
import { PullError, pullErrorDetail } from '../../src/pull-errors.js';
import { dockerConfigFile, registryAuthFor } from '../../src/registry-auth.js';
import { isPullable } from '../../src/vault-image.js';

const scratch = mkdtempSync(join(tmpdir(), 'svc-image-unit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('classifyRegistryError', () => {
  // Messages as dockerd 20.10–27 and docker-modem report them.
  it.each([
    [
      '(HTTP code 500) server error - Head "http://127.0.0.1:40513/v2/owner/runevault/manifests/1.2.3": no basic auth credentials',
      'auth',
    ],
    ['Head "https://ghcr.io/v2/owner/runevault/manifests/1.2.3": unauthorized', 'auth'],
    ['denied: permission_denied: The requested installation does not exist.', 'auth'],
    ['unauthorized: authentication required', 'auth'],
    [
      '(HTTP code 404) unexpected - manifest for 127.0.0.1:40513/owner/runevault:9.9.9 not found: manifest unknown: manifest unknown',
      'not-found',
    ],
    [
      "pull access denied for runevault, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
      'not-found',
    ],
    [
      'toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading',
      'rate-limit',
    ],
    [
      'Head "http://127.0.0.1:40513/v2/owner/runevault/manifests/1.2.3": toomanyrequests: slow down',
      'rate-limit',
    ],
    ['received unexpected HTTP status: 503 Service Unavailable', 'server'],
    [
      'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host',
      'network',
    ],
    ['Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused', 'network'],
    [
      'net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
      'network',
    ],
    ['The operation was aborted due to timeout', 'network'],
    ['invalid reference format', 'other'],
  ])('%s → %s', (message, kind) => {
    expect(classifyRegistryError(message)).toBe(kind);
  });

  it('does not read a status code into a port or tag inside the quoted URL', () => {
    expect(classifyRegistryError('Head "http://127.0.0.1:429/v2/x/manifests/503": unauthorized')).toBe(
      'auth',
    );
    expect(classifyRegistryError('Get "http://127.0.0.1:404/v2/": EOF')).toBe('network');
  });

  it('retries only rate limits, server errors and network failures', () => {
    expect(
      ['auth', 'not-found', 'rate-limit', 'server', 'network', 'other'].filter((k) =>
        isTransientRegistryFailure(k as never),
      ),
    ).toEqual(['rate-limit', 'server', 'network']);
  });

  it("keeps the engine's text, on one escaped line, without docker-modem's wrapper", () => {
    expect(pullErrorDetail(new Error('(HTTP code 500) server error - toomanyrequests:\n::error::x'))).toBe(
      'toomanyrequests: ::error::x',
    );
    expect(pullErrorDetail(new Error('a'.repeat(400)))).toHaveLength(301);
  });
});

describe('pullWithRetry', () => {
  const where = { reference: '127.0.0.1:5000/owner/runevault:1.2.3', registry: '127.0.0.1:5000' };

  /** An attempt that fails with these messages in turn, then succeeds. */
  function failing(...messages: string[]) {
    let calls = 0;
    const attempt = async () => {
      const message = messages[calls++];
      if (message !== undefined) throw new Error(message);
    };
    return { attempt, calls: () => calls };
  }

  function recordingSleep() {
    const waits: number[] = [];
    return { sleep: async (ms: number) => void waits.push(ms), waits };
  }

  it('retries a rate limit and a 5xx, doubling the pause, and succeeds', async () => {
    const { attempt, calls } = failing('toomanyrequests: slow down', '502 Bad Gateway');
    const { sleep, waits } = recordingSleep();
    const retries: string[] = [];
    const result = await pullWithRetry(attempt, where, {
      sleep,
      onRetry: (n, kind, _detail, waitMs) => retries.push(`${n}:${kind}:${waitMs}`),
    });
    expect(result).toEqual({ attempts: 3 });
    expect(calls()).toBe(3);
    expect(waits).toEqual([2000, 4000]);
    expect(retries).toEqual(['1:rate-limit:2000', '2:server:4000']);
  });

  it.each([
    [
      'no basic auth credentials',
      'auth',
      /^registry 127\.0\.0\.1:5000 refused the pull of .* \(auth: no basic auth credentials\); log in/,
    ],
    [
      'manifest unknown',
      'not-found',
      /^registry 127\.0\.0\.1:5000 has no image 127\.0\.0\.1:5000\/owner\/runevault:1\.2\.3 \(not found: manifest unknown\); check/,
    ],
  ])('fails at once on %s (%s), without a pause', async (message, kind, line) => {
    const { attempt, calls } = failing(message);
    const { sleep, waits } = recordingSleep();
    const error = await pullWithRetry(attempt, where, { sleep }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PullError);
    expect(error).toMatchObject({ kind, attempts: 1 });
    expect((error as Error).message).toMatch(line);
    expect((error as Error).message).not.toContain('\n');
    expect(calls()).toBe(1);
    expect(waits).toEqual([]);
  });

  it(`gives up after ${PULL_ATTEMPTS} transient failures and says how many`, async () => {
    const { attempt, calls } = failing(
      'toomanyrequests: a',
      'toomanyrequests: b',
      'toomanyrequests: c',
      'never',
    );
    const { sleep, waits } = recordingSleep();
    const error = (await pullWithRetry(attempt, where, { sleep }).catch((e: unknown) => e)) as PullError;
    expect(calls()).toBe(PULL_ATTEMPTS);
    expect(waits).toEqual([2000, 4000]);
    expect(error.message).toBe(
      'registry 127.0.0.1:5000 kept refusing the pull of 127.0.0.1:5000/owner/runevault:1.2.3 with a rate limit ' +
        '(toomanyrequests: c) after 3 attempts; log in to it for a higher limit, or run the job again later',
    );
  });

  it('names a network failure as one', async () => {
    const { attempt } = failing('dial tcp 127.0.0.1:1: connect: connection refused', 'x: i/o timeout', 'EOF');
    const error = (await pullWithRetry(attempt, where, { sleep: async () => {} }).catch(
      (e: unknown) => e,
    )) as PullError;
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(
      /^cannot reach registry 127\.0\.0\.1:5000 to pull .* \(network: EOF\) after 3 attempts; /,
    );
  });
});

describe('registryAuthFor (the docker CLI config)', () => {
  let count = 0;
  function configDir(config: unknown): NodeJS.ProcessEnv {
    const dir = join(scratch, `config-${count++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    return { DOCKER_CONFIG: dir, HOME: '/nonexistent' };
  }
  const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

  it('reads $DOCKER_CONFIG/config.json, else ~/.docker/config.json', () => {
    expect(dockerConfigFile({ DOCKER_CONFIG: '/cfg', HOME: '/home/u' })).toBe('/cfg/config.json');
    expect(dockerConfigFile({ HOME: '/home/u' })).toBe('/home/u/.docker/config.json');
  });

  it("decodes the auths entry of the registry's host, whatever scheme or path its key has", async () => {
    const env = configDir({
      auths: {
        'https://ghcr.io': { auth: basic('octocat', 'ghp_secret:with:colons') },
        'https://index.docker.io/v1/': { auth: basic('hubuser', 'hubpass') },
        '127.0.0.1:5000': { username: 'u', password: 'p' },
      },
    });
    expect((await registryAuthFor('ghcr.io', env)).auth).toEqual({
      username: 'octocat',
      password: 'ghp_secret:with:colons',
      serveraddress: 'ghcr.io',
    });
    expect((await registryAuthFor(undefined, env)).auth).toEqual({
      username: 'hubuser',
      password: 'hubpass',
      serveraddress: 'https://index.docker.io/v1/',
    });
    expect((await registryAuthFor('127.0.0.1:5000', env)).auth).toMatchObject({
      username: 'u',
      password: 'p',
    });
    const none = await registryAuthFor('quay.io', env);
    expect(none.auth).toBeUndefined();
    expect(none.source).toMatch(/has no credentials for quay\.io: pulling anonymously$/);
  });

  it('asks the credential helper of the registry before the store, as the CLI does', async () => {
    const env = configDir({ credsStore: 'desktop', credHelpers: { 'ghcr.io': 'gh' } });
    const asked: string[] = [];
    const helper = async (name: string, server: string) => {
      asked.push(`${name} ${server}`);
      if (name === 'gh') return JSON.stringify({ ServerURL: server, Username: '<token>', Secret: 'idtoken' });
      throw new Error('credentials not found in native keychain');
    };
    expect((await registryAuthFor('ghcr.io', env, helper)).auth).toEqual({
      identitytoken: 'idtoken',
      serveraddress: 'ghcr.io',
    });
    const fromStore = await registryAuthFor(undefined, env, helper);
    expect(fromStore.auth).toBeUndefined();
    expect(fromStore.source).toBe('docker-credential-desktop has none for docker.io');
    expect(asked).toEqual(['gh ghcr.io', 'desktop https://index.docker.io/v1/']);
  });

  it('pulls anonymously when there is no config file', async () => {
    const found = await registryAuthFor('ghcr.io', { DOCKER_CONFIG: join(scratch, 'absent') });
    expect(found).toEqual({
      auth: undefined,
      source: `no ${join(scratch, 'absent', 'config.json')}: pulling from ghcr.io anonymously`,
    });
  });
});

describe('isPullable', () => {
  const reference = (text: string) => {
    const parsed = parseImageReference(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.reference;
  };

  it('pulls what names a registry or a Docker Hub owner, never a one-part local name', () => {
    expect(isPullable(reference('ghcr.io/owner/runevault:1.2.3'))).toBe(true);
    expect(isPullable(reference('127.0.0.1:5000/runevault:1'))).toBe(true);
    expect(isPullable(reference('owner/runevault:1'))).toBe(true);
    expect(isPullable(reference('runevault:dev'))).toBe(false);
    expect(isPullable(reference('runevault'))).toBe(false);
  });
});

describe('carriedContextDir', () => {
  it('is dist/vault-image beside the bundle, else the start-vault-container dist of the same repository', () => {
    expect(carriedContextCandidates('/r/actions/vault-e2e/dist')).toEqual([
      '/r/actions/vault-e2e/dist/vault-image',
      '/r/actions/start-vault-container/dist/vault-image',
    ]);
    const repo = join(scratch, 'repo');
    const carried = join(repo, 'actions/start-vault-container/dist/vault-image');
    mkdirSync(carried, { recursive: true });
    writeFileSync(join(carried, 'vault-image.json'), '{"version":"0.1.0"}\n');
    expect(carriedContextDir(carriedContextCandidates(join(repo, 'actions/vault-e2e/dist')))).toBe(carried);
  });

  it('says what to do when the dist carries none', () => {
    expect(() => carriedContextDir([join(scratch, 'nothing')])).toThrow(
      /^this action carries no vault image context \(looked in .*nothing\); its dist is incomplete: rebuild it with node scripts\/build-actions\.mjs start-vault-container/,
    );
  });

  it('finds the committed one from the sources (the same relative place)', () => {
    expect(() => carriedContextDir()).not.toThrow();
  });
});
