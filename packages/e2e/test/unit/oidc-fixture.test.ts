import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { localOidc, oidcFixtureFromTokens, readNegativesFile } from '../../src/oidc/oidc-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'oidc-fixture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('localOidc', () => {
  it('gives a provider spec, a JWKS file and fresh good tokens plus every negative', async () => {
    const local = await localOidc({ GITHUB_REPOSITORY: 'octo/vault' });
    try {
      expect(local.provider).toMatchObject({
        name: 'ci',
        issuer: 'https://oidc.test.invalid',
        audiences: ['runevault'],
        role: 'member',
        boundClaims: { repository: 'octo/*' },
      });
      const [a, b] = [await local.fixture.goodToken(), await local.fixture.goodToken()];
      expect(a).not.toBe(b);
      expect(decodeJwt(a)).toMatchObject({ repository: 'octo/vault', aud: 'runevault' });
      expect(Object.keys(local.fixture.negatives)).toHaveLength(9);
    } finally {
      local.dispose();
    }
  });
});

describe('oidcFixtureFromTokens', () => {
  it('reads mint-test-oidc negatives-file and keeps the given token', async () => {
    const file = join(dir, 'negatives.json');
    writeFileSync(file, JSON.stringify({ expired: 'a.b.c', 'wrong-aud': 'd.e.f' }));
    const fixture = oidcFixtureFromTokens({ token: 'g.h.i', negatives: { file }, role: 'member' });
    expect(fixture).toMatchObject({
      provider: '',
      negatives: { expired: 'a.b.c', 'wrong-aud': 'd.e.f' },
      role: 'member',
    });
    expect(await fixture.goodToken()).toBe('g.h.i');
  });

  it('names the file and the problem when the negatives file is wrong', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '[1]');
    expect(() => readNegativesFile(file)).toThrow(
      `negatives file ${file} must be a JSON object of preset → token`,
    );
    writeFileSync(file, '{"expired": 5}');
    expect(() => readNegativesFile(file)).toThrow('the value of "expired" is not a token');
    expect(() => readNegativesFile(join(dir, 'none.json'))).toThrow(/is not readable JSON/);
  });
});
