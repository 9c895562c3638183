// `npm run bench -w @runevault/oidc-test-issuer`: what minting costs on this machine. Prints the
// figures; asserts nothing. Key generation is separate from per-token signing.
import os from 'node:os';
import { githubContextFromEnv } from '../src/github-claims.js';
import { generateIssuerKey, type SigningAlg } from '../src/issuer-key.js';
import { startIssuerServer } from '../src/issuer-server.js';
import { mintNegatives } from '../src/negative-presets.js';
import { TestIssuer } from '../src/test-issuer.js';
import { buildTokenTemplate } from '../src/token-template.js';

const template = buildTokenTemplate({
  github: githubContextFromEnv({
    GITHUB_REPOSITORY: 'octo/vault',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REF: 'refs/pull/1/merge',
  }),
  audience: 'runevault',
  lifetimeSeconds: 300,
});

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

async function sample(iterations: number, fn: () => Promise<unknown>, warmup = 5): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

const report = (name: string, samples: number[]) =>
  console.log(
    `${name.padEnd(44)} p50 ${percentile(samples, 50).toFixed(3)} ms  p95 ${percentile(samples, 95).toFixed(3)} ms  (n=${samples.length})`,
  );

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}`);
for (const alg of ['RS256', 'ES256'] as SigningAlg[]) {
  report(`key generation ${alg}`, await sample(alg === 'RS256' ? 20 : 200, () => generateIssuerKey(alg), 2));
  const issuer = await TestIssuer.create({ issuer: 'https://oidc.test.invalid', alg });
  report(`mint one token ${alg}`, await sample(1000, () => issuer.mint(template)));
  report(`mint all 9 negative presets ${alg}`, await sample(20, () => mintNegatives(issuer, template), 2));
}

const issuer = await TestIssuer.create({ issuer: 'https://oidc.test.invalid', alg: 'ES256' });
const server = await startIssuerServer({
  requestToken: 'b'.repeat(32),
  endpoints: () => ({
    issuer: issuer.issuer,
    jwks: () => issuer.jwks(),
    mint: (aud) => issuer.mint(template, aud ? { audience: aud } : {}),
    algorithms: ['ES256'],
  }),
});
const url = `${server.tokenRequestUrl}&audience=runevault`;
report(
  'served token endpoint (HTTP loopback) ES256',
  await sample(500, async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${'b'.repeat(32)}` } });
    await response.json();
  }),
);
await server.close();
