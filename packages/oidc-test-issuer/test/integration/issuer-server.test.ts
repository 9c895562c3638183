// The loopback issuer over real HTTP, checked by an independent verifier (jose's remote JWKS,
// found through the discovery document) and by the GitHub token-request protocol.
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubContextFromEnv } from '../../src/github-claims.js';
import { type IssuerServer, startIssuerServer } from '../../src/issuer-server.js';
import { TestIssuer } from '../../src/test-issuer.js';
import { buildTokenTemplate } from '../../src/token-template.js';

const REQUEST_TOKEN = 'request-token-0123456789abcdef';
const template = buildTokenTemplate({
  github: githubContextFromEnv({
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REF: 'refs/pull/3/merge',
  }),
  audience: 'runevault',
  lifetimeSeconds: 300,
});

describe('issuer server', () => {
  let server: IssuerServer;
  let issuer: TestIssuer;
  const log: string[] = [];

  beforeAll(async () => {
    server = await startIssuerServer({
      requestToken: REQUEST_TOKEN,
      log: (line) => log.push(line),
      endpoints: async (baseUrl) => {
        issuer = await TestIssuer.create({ issuer: baseUrl, alg: 'RS256' });
        return {
          issuer: issuer.issuer,
          jwks: () => issuer.jwks(),
          mint: (audience) => issuer.mint(template, audience ? { audience } : {}),
          algorithms: ['RS256'],
        };
      },
    });
  });
  afterAll(() => server?.close());

  it('listens on loopback and is its own issuer by default', () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.issuer).toBe(server.baseUrl);
    expect(server.tokenRequestUrl).toBe(`${server.baseUrl}/token?api-version=2.0`);
  });

  it('serves a discovery document that points at its JWKS', async () => {
    const discovery = await (await fetch(server.discoveryUrl)).json();
    expect(discovery).toMatchObject({
      issuer: server.issuer,
      jwks_uri: server.jwksUrl,
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['id_token'],
    });
  });

  it('an independent verifier (jose remote JWKS via discovery) accepts a served token', async () => {
    const response = await fetch(`${server.tokenRequestUrl}&audience=runevault`, {
      headers: { authorization: `Bearer ${REQUEST_TOKEN}` },
    });
    expect(response.status).toBe(200);
    const { value } = (await response.json()) as { value: string };
    const { jwks_uri } = (await (await fetch(server.discoveryUrl)).json()) as { jwks_uri: string };
    const { payload, protectedHeader } = await jwtVerify(value, createRemoteJWKSet(new URL(jwks_uri)), {
      issuer: server.issuer,
      audience: 'runevault',
      algorithms: ['RS256'],
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    expect(protectedHeader.kid).toBe(issuer.signingKey.kid);
    expect(payload).toMatchObject({ sub: 'repo:o/r:pull_request', namespace: 'pr-3/run-0-1' });
  });

  it('takes the audience from &audience=, else the default one', async () => {
    const get = async (query: string) => {
      const response = await fetch(`${server.tokenRequestUrl}${query}`, {
        headers: { authorization: `Bearer ${REQUEST_TOKEN}` },
      });
      return decodeJwt(((await response.json()) as { value: string }).value).aud;
    };
    expect(await get('&audience=sts.amazonaws.com')).toBe('sts.amazonaws.com');
    expect(await get('&audience=a%20b%26c')).toBe('a b&c');
    expect(await get('')).toBe('runevault');
  });

  it('refuses the token endpoint without the right bearer token, and unknown routes', async () => {
    expect((await fetch(server.tokenRequestUrl)).status).toBe(401);
    const wrong = await fetch(server.tokenRequestUrl, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${server.baseUrl}/nothing`)).status).toBe(404);
    // No shutdown token configured: no shutdown route.
    expect((await fetch(`${server.baseUrl}/shutdown`, { method: 'POST' })).status).toBe(404);
  });

  it('logs method, path and status, never a token or query', () => {
    expect(log).toContain('GET /token 200');
    expect(log.join('\n')).not.toContain(REQUEST_TOKEN);
    expect(log.join('\n')).not.toContain('audience');
  });

  it('refuses to listen beyond loopback', async () => {
    await expect(
      startIssuerServer({
        host: '0.0.0.0',
        requestToken: REQUEST_TOKEN,
        endpoints: () => {
          throw new Error('unreachable');
        },
      }),
    ).rejects.toThrow(/loopback only/);
  });
});
