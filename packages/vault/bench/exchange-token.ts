// `npm run bench:exchange -w @runevault/vault`: ExchangeToken over loopback gRPC against a
// vault in this process (verification + in-memory token), and the verification alone.
// "first" exchanges a fresh JWT each call (a new token; one subject per JWT, so the default
// per-subject cap and 600/60s provider limit are never reached); "replayed" sends one JWT
// again and again (the token it already produced). Prints the figures; asserts nothing.
// Target: p50 ≤ 10 ms.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import {
  buildTokenTemplate,
  githubContextFromEnv,
  type SigningAlg,
  TestIssuer,
  writeJwksFile,
} from '@runevault/oidc-test-issuer';
import { createTokenExchangeClient } from '../src/client/token-exchange-client.js';
import { providerKeySource } from '../src/oidc/provider-keys.js';
import { verifyProviderJwt } from '../src/oidc/verify-provider-jwt.js';
import { startTestVault } from '../test/support/test-vault.js';
import { fmt, percentile, sample } from './stats.js';

const ISSUER = 'https://oidc.test.invalid';
const ITERATIONS = 500;
const WARMUP = 20;
const templateFor = (repository: string) =>
  buildTokenTemplate({
    github: githubContextFromEnv({ GITHUB_REPOSITORY: repository, GITHUB_EVENT_NAME: 'pull_request' }),
    audience: 'runevault',
    lifetimeSeconds: 300,
  });
const template = templateFor('octo/vault');

const home = mkdtempSync(join(os.tmpdir(), 'runevault-bench-exchange-'));
mkdirSync(join(home, 'oidc'));
const issuers = {} as Record<SigningAlg, TestIssuer>;
for (const alg of ['RS256', 'ES256'] as SigningAlg[]) {
  issuers[alg] = await TestIssuer.create({ issuer: ISSUER, alg });
  writeJwksFile(join(home, 'oidc', `${alg}.json`), issuers[alg].jwks());
}
const provider = (alg: SigningAlg) => ({
  name: alg.toLowerCase(),
  issuer: ISSUER,
  audiences: ['runevault'],
  jwks_file: `oidc/${alg}.json`,
  algorithms: [alg],
  bound_claims: { repository: 'octo/*' },
  role: 'member',
  ttl: '15m',
});
const t = await startTestVault({
  home,
  config: { oidc: { providers: [provider('RS256'), provider('ES256')] } },
});
const client = createTokenExchangeClient(`127.0.0.1:${t.vault.grpcPort}`);
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}; ${ITERATIONS} calls each`,
);
try {
  for (const alg of ['RS256', 'ES256'] as SigningAlg[]) {
    const fresh: string[] = [];
    for (let i = 0; i < ITERATIONS + WARMUP; i++)
      fresh.push(await issuers[alg].mint(templateFor(`octo/r${i}`)));
    const first = await sample(
      ITERATIONS,
      () => client.exchangeToken(fresh.pop() as string, alg.toLowerCase()),
      WARMUP,
    );
    console.log(
      `ExchangeToken ${alg} first (loopback gRPC)`.padEnd(44),
      `p50 ${fmt(percentile(first, 50))}  p95 ${fmt(percentile(first, 95))}`,
    );
    const jwt = await issuers[alg].mint(template);
    const samples = await sample(ITERATIONS, () => client.exchangeToken(jwt, alg.toLowerCase()), WARMUP);
    console.log(
      `ExchangeToken ${alg} replayed (loopback gRPC)`.padEnd(44),
      `p50 ${fmt(percentile(samples, 50))}  p95 ${fmt(percentile(samples, 95))}`,
    );
    const config = t.config.oidc.providers.find((p) => p.name === alg.toLowerCase());
    if (!config) throw new Error(`no provider ${alg}`);
    const keys = providerKeySource(config);
    const verify = await sample(ITERATIONS, () => verifyProviderJwt(jwt, config, keys, new Date()), WARMUP);
    console.log(
      `verifyProviderJwt ${alg} (in process)`.padEnd(44),
      `p50 ${fmt(percentile(verify, 50))}  p95 ${fmt(percentile(verify, 95))}`,
    );
  }
  const bad = await issuers.ES256.mint(template, { audience: 'nope' });
  // Refusals write an audit line and count toward the alert like any failed authentication.
  const refused = await sample(200, () => client.exchangeToken(bad, 'es256').catch(() => {}), 5);
  console.log('ExchangeToken refused (wrong_audience)'.padEnd(44), `p50 ${fmt(percentile(refused, 50))}`);
} finally {
  client.close();
  await t.stop();
  rmSync(home, { recursive: true, force: true });
}
