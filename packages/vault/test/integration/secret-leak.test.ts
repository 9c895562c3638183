import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptScoresBase64 } from '../../src/client/encrypt-scores.js';
import { agentKeyFromBundle, encryptMetadata } from '../../src/client/metadata.js';
import { startTestVault, type TestVault } from '../support/test-vault.js';

// Drives every RPC through success and failure paths, captures everything the vault says
// (operator log, audit sinks, metrics, responses, error details) and scans it for secrets.

const API_KEY = 'envector-api-key-0123456789abcdef';
let t: TestVault;
const said: string[] = [];

async function capture(promise: Promise<unknown>) {
  try {
    said.push(JSON.stringify(await promise));
  } catch (error) {
    const e = error as ServiceError;
    said.push(`${e.code} ${e.details} ${e.message}`);
  }
}

beforeAll(async () => {
  t = await startTestVault({
    config: {
      envector: { endpoint: 'https://envector.test.invalid', api_key: API_KEY },
      audit: { mode: 'file+stdout' },
    },
  });
});
afterAll(async () => {
  await t?.stop();
});

describe('no secret leaves the vault', () => {
  it('team secret, tokens, SecKey and api key appear in no log, audit line, metric or error', async () => {
    const bundle = await t.client.getPublicKeyBundle(t.memberToken);
    const blob = await encryptScoresBase64(bundle['EncKey.json'], [{ shardIdx: 0, scores: [0.5, 0.25] }]);
    const { agentKey: key } = agentKeyFromBundle(bundle);
    const good = encryptMetadata(key, bundle.agent_id, 'hello');
    const tampered = good.replace(/"c":"(.)/, (_m, ch) => `"c":"${ch === 'A' ? 'B' : 'A'}`);
    const spaced = ` ${t.memberToken.slice(1)}`;

    await capture(t.client.decryptScores(t.memberToken, blob, 2));
    await capture(t.client.decryptScores(t.memberToken, Buffer.from('garbage').toString('base64'), 2));
    await capture(t.client.decryptScores(t.memberToken, blob, 11));
    await capture(t.client.decryptMetadata(t.memberToken, [good, tampered, '{"a":1}']));
    await capture(t.client.decryptMetadata(t.memberToken, [good]));
    await capture(t.client.getPublicKey(spaced));
    await capture(t.client.getPublicKey(t.teamSecret.slice(0, 36)));
    await capture(t.client.getPublicKey(`${t.adminToken}x`));
    // Unknown but well-formed: a non-hex last character can never re-create the real token.
    for (const last of 'ghijkl') await capture(t.client.getPublicKey(`${t.memberToken.slice(0, -1)}${last}`));
    said.push(await (await fetch(`${t.httpUrl}/metrics`)).text());

    const secKey = JSON.parse(readFileSync(join(t.home, 'vault-keys', 'vault-key', 'SecKey.json'), 'utf8'))
      .data as string;
    const secrets: Record<string, string> = {
      'team secret': t.teamSecret,
      'member token': t.memberToken,
      'admin token': t.adminToken,
      'api key': API_KEY,
      'agent key': bundle.agent_dek,
      'SecKey head': secKey.slice(0, 48),
      'SecKey middle': secKey.slice(secKey.length / 2, secKey.length / 2 + 48),
    };
    const haystacks: Record<string, string> = {
      'operator log': t.logs.join(''),
      'audit stdout': t.auditLines.join('\n'),
      'audit file': readFileSync(join(t.home, 'logs', 'audit.log'), 'utf8'),
      'responses, errors and metrics': said.join('\n'),
    };
    expect(said.length).toBeGreaterThan(10);
    expect(haystacks['audit stdout']).toContain('AUDIT_ALERT');
    const leaks = Object.entries(haystacks).flatMap(([where, text]) =>
      Object.entries(secrets)
        .filter(([, secret]) => text.includes(secret))
        .map(([what]) => `${what} in ${where}`),
    );
    expect(leaks).toEqual([]);
  });

  it('the public key bundle never holds SecKey or the team secret', async () => {
    const raw = (await t.client.getPublicKey(t.adminToken)).key_bundle_json;
    const secKey = JSON.parse(readFileSync(join(t.home, 'vault-keys', 'vault-key', 'SecKey.json'), 'utf8'))
      .data as string;
    expect(raw).not.toContain(secKey.slice(0, 48));
    expect(raw).not.toContain(t.teamSecret);
  });
});
