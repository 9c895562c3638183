import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeys } from '@runevault/vault';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  decryptMetadataCase,
  decryptScoresCase,
  type E2eCase,
  invalidArgumentCase,
  noSecretLeakCase,
  publicKeyCase,
  rateLimitCase,
  scopeAndTopKCase,
} from '../../src/cases/index.js';
import { type CaseResult, runCases } from '../../src/runner.js';
import type { VaultUnderTest } from '../../src/vault-under-test.js';
import type { Closable } from '../support/fake-servers.js';
import { type InProcessVault, startInProcessVault } from '../support/in-process-vault.js';
import {
  grpcError,
  type Rewrite,
  startRewritingProxy,
  type VaultMethod,
} from '../support/rewriting-grpc-proxy.js';
import { startUnvalidatedVault } from '../support/unvalidated-vault.js';

// Cases 5 and 9–14 against a real vault made wrong in exactly the way each one checks: a proxy
// in front of it rewriting one kind of answer, its validation taken out, or one rule of its
// token store switched off. Each must fail and say what was wrong. (Cases 1–8 and 17:
// cases-fail-on-broken-vault.test.ts; all of them pass on the healthy vault:
// cases-pass-on-in-process-vault.test.ts.)

let real: InProcessVault;
let keysDir: string;
const opened: Closable[] = [];
const restores: (() => void)[] = [];

beforeAll(async () => {
  real = await startInProcessVault();
  keysDir = mkdtempSync(join(tmpdir(), 'e2e-foreign-keys-'));
  await generateKeys(keysDir);
});
afterEach(async () => {
  for (const restore of restores.splice(0)) restore();
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await real?.stop();
  if (keysDir) rmSync(keysDir, { recursive: true, force: true });
});

async function failureOf(vault: VaultUnderTest, c: E2eCase): Promise<string> {
  const result = await runCases(vault, [c]);
  const only = result.cases[0] as CaseResult;
  expect(only.status, `case ${c.name} should fail, it said: ${only.message}`).toBe('failed');
  return only.message ?? '';
}

/** The real vault behind a proxy that rewrites the answers of the given methods. */
async function behindProxy(rewrites: Partial<Record<VaultMethod, Rewrite>>): Promise<VaultUnderTest> {
  const proxy = await startRewritingProxy(real.grpcAddress, rewrites);
  opened.push(proxy);
  return { ...real, grpcAddress: proxy.address };
}

/** Replaces one method of the real vault's token store until the test ends. */
function override<T extends object, K extends keyof T>(target: T, name: K, replacement: T[K]): void {
  const original = target[name];
  expect(typeof original, `the token store has no ${String(name)} to override`).toBe('function');
  target[name] = replacement;
  restores.push(() => {
    target[name] = original;
  });
}

const editBundle =
  (edit: (bundle: Record<string, unknown>) => void): Rewrite =>
  async (request, forward) => {
    const response = await forward(request);
    const bundle = JSON.parse(response.key_bundle_json as string) as Record<string, unknown>;
    edit(bundle);
    return { key_bundle_json: JSON.stringify(bundle) };
  };

describe('5 public-key: a wrong key bundle', () => {
  it("an EncKey that is not the vault's (another key pair, same parameters)", async () => {
    const foreignEncKey = readFileSync(join(keysDir, 'EncKey.json'), 'utf8');
    const vault = await behindProxy({
      GetPublicKey: editBundle((bundle) => {
        bundle['EncKey.json'] = foreignEncKey;
      }),
    });
    expect(await failureOf(vault, publicKeyCase)).toMatch(
      /^expected EncKey\.json to be the vault's own key \(a score 0\.625 encrypted with it comes back from DecryptScores top_k 1 within 0\.001\), got (\[\{"shard_idx":0,"row_idx":0,"score":-?[\d.e+-]+\}\] \(key_id vault-key\)|INVALID_ARGUMENT: .*)$/,
    );
  });

  it('a bundle without agent_dek', async () => {
    const vault = await behindProxy({
      GetPublicKey: editBundle((bundle) => {
        delete bundle.agent_dek;
      }),
    });
    expect(await failureOf(vault, publicKeyCase)).toMatch(
      /^expected a key_bundle_json with EncKey\.json, EvalKey\.json, key_id, agent_id, agent_dek, got a bundle without agent_dek \(fields: EncKey\.json, EvalKey\.json, key_id, envector_endpoint, envector_api_key, agent_id\)$/,
    );
  });

  it("an agent_id that is not derived from the caller's token", async () => {
    const vault = await behindProxy({
      GetPublicKey: editBundle((bundle) => {
        bundle.agent_id = '0'.repeat(32);
      }),
    });
    expect(await failureOf(vault, publicKeyCase)).toMatch(
      /^expected agent_id [0-9a-f]{32} \(the first 32 hex characters of SHA-256 of the issued token\), got 0{32}$/,
    );
  });
});

it('9 decrypt-scores: every score 0.01 too high', async () => {
  const vault = await behindProxy({
    DecryptScores: async (request, forward) => {
      const { results } = (await forward(request)) as { results: { score: number }[] };
      return { results: results.map((row) => ({ ...row, score: row.score + 0.01 })) };
    },
  });
  expect(await failureOf(vault, decryptScoresCase)).toMatch(
    /^expected DecryptScores to return top 4 \(3,1,0\.9700\) \(0,1,0\.9100\) \(0,3,0\.7400\) \(3,0,0\.5200\) \(scores within 0\.001\), got \(3,1,0\.98\d\d\) \(0,1,0\.92\d\d\) \(0,3,0\.75\d\d\) \(3,0,0\.53\d\d\) \(rank 1 differs\)$/,
  );
});

it('10 decrypt-metadata: the plaintexts handed back in the wrong order', async () => {
  const vault = await behindProxy({
    DecryptMetadata: async (request, forward) => {
      const { decrypted_metadata } = (await forward(request)) as { decrypted_metadata: string[] };
      return { decrypted_metadata: [...decrypted_metadata].reverse() };
    },
  });
  expect(await failureOf(vault, decryptMetadataCase)).toMatch(
    /^expected the plaintexts back \(v2, legacy\) \["\{\\"doc\\":\\"e2e v2 [0-9a-f]+\\".*, got \["\{\\"doc\\":\\"e2e legacy [0-9a-f]+\\"\}",/,
  );
});

it('11 invalid-argument: the request validation taken out', async () => {
  const unvalidated = await startUnvalidatedVault(real);
  opened.push(unvalidated);
  const message = await failureOf(unvalidated, invalidArgumentCase);
  expect(message).toMatch(/^expected INVALID_ARGUMENT naming the field for a 9-character token, top_k 0, /);
  // Each probe that got through says what came back instead of the rule's refusal.
  expect(message).toContain('a 9-character token: UNAUTHENTICATED: Invalid authentication token');
  // A garbage blob is refused for what it is, which is not the top_k rule.
  expect(message).toContain('top_k 0: INVALID_ARGUMENT: encrypted_blob_b64 is not a valid CiphertextScore');
  expect(message).toContain("top_k 301: INVALID_ARGUMENT: top_k 301 exceeds limit 10 for role 'member'");
  expect(message).toMatch(/an empty metadata list: OK \{"decrypted_metadata":\[\],/);
  expect(message).toMatch(/1001 metadata items: INVALID_ARGUMENT: encrypted_metadata_list\[0\]: /);
});

describe('12 scope-and-topk', () => {
  it('a vault that ignores scope (every method authorized as get_public_key)', async () => {
    const { tokens } = real.harness.vault;
    const authorize = tokens.authorize.bind(tokens);
    override(tokens, 'authorize', (token: string) => authorize(token, 'get_public_key'));
    expect(await failureOf(real, scopeAndTopKCase)).toMatch(
      /^expected DecryptMetadata for role 'e2e-scope-[0-9a-f]+' \(scope get_public_key, decrypt_scores\) → PERMISSION_DENIED matching .*, got INVALID_ARGUMENT: encrypted_metadata_list\[0\]: /,
    );
  });

  it("a vault that ignores a role's own top_k (every role held to member's 10)", async () => {
    const { tokens } = real.harness.vault;
    const checkTopK = tokens.checkTopK.bind(tokens);
    override(tokens, 'checkTopK', (role: Parameters<typeof checkTopK>[0], topK: number) =>
      checkTopK({ ...role, top_k: 10 }, topK),
    );
    expect(await failureOf(real, scopeAndTopKCase)).toMatch(
      /^expected DecryptScores for role '(e2e-scope-[0-9a-f]+)' with top_k 3 \(its own limit 2\) → INVALID_ARGUMENT matching \/\^top_k 3 exceeds limit 2 for role '\1'\$\/, got OK \{"results":\[\{"shard_idx":3,"row_idx":1,/,
    );
  });
});

it('13 rate-limit: the rate limiter switched off', async () => {
  // The token store's request path (tokens/request-authorisation.ts) owns the limiter.
  const limiter = (
    real.harness.vault.tokens as unknown as { requests: { limiter: { tryAcquire: () => unknown } } }
  ).requests.limiter;
  override(limiter, 'tryAcquire', () => ({ allowed: true }));
  expect(await failureOf(real, rateLimitCase)).toMatch(
    /^expected call 6 over 5\/60s → RESOURCE_EXHAUSTED matching \/Retry after \\d\+s\/, got OK \{"key_bundle_json":/,
  );
});

it('14 no-secret-leak: error texts that echo the token sent', async () => {
  const echo: Rewrite = (request, forward) =>
    forward(request).catch((error: { code: number; details: string }) => {
      throw grpcError(error.code, `${error.details} (token ${String(request.token)})`);
    });
  const vault = await behindProxy({ GetPublicKey: echo, DecryptScores: echo, DecryptMetadata: echo });
  expect(await failureOf(vault, noSecretLeakCase)).toMatch(
    /^expected no token, team secret or SecKey bytes in logs, metrics or \d+ responses, got the case's token in DecryptMetadata response; the case's token in DecryptScores error; the case's token in DecryptScores top_k error; the case's token in GetPublicKey error \(long token\)$/,
  );
});
